//! Choosing a file: the browser's picker inside a zone a file can also be
//! dropped on; and an upload's progress.

use leptos::ev::DragEvent;
use leptos::prelude::*;
use medtrack_shared::vault::ACCEPTED_TYPES;
use web_sys::{File, HtmlInputElement};

use crate::format;

/// What the picker offers (the server reads the type from the content
/// whatever the name says, so this only spares people a wasted upload).
const ACCEPT: &str = ".pdf,.png,.jpg,.jpeg,.heic,.heif,.dcm,.dicom,.txt,.xml,.ccd,\
    application/pdf,image/png,image/jpeg,image/heic,application/dicom,text/plain,application/xml,text/xml";

/// The file chosen, kept in the browser's memory (a `File` is not `Send`).
pub type Chosen = RwSignal<Option<File>, LocalStorage>;

/// A file picker and drop zone bound to `file`; `on_pick` hears the name
/// of each file chosen.
#[component]
pub fn FilePicker(
    /// The input's id.
    #[prop(into)]
    id: String,
    /// The file chosen.
    file: Chosen,
    /// Told the name of a file when it is chosen.
    #[prop(optional)]
    on_pick: Option<Callback<String>>,
    /// The error to show, if any.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let dragging = RwSignal::new(false);
    // What is shown of the file: its name and size.
    let shown = move || file.with(|f| f.as_ref().map(|f| (f.name(), f.size() as u64)));
    let pick = move |chosen: File| {
        let name = chosen.name();
        file.set(Some(chosen));
        if let Some(on_pick) = on_pick {
            on_pick.run(name);
        }
    };
    // A file dropped elsewhere on the page would replace the app with it.
    let over = move |ev: DragEvent| {
        ev.prevent_default();
        dragging.set(true);
    };
    let dropped = move |ev: DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let first = ev
            .data_transfer()
            .and_then(|data| data.files())
            .and_then(|files| files.get(0));
        if let Some(first) = first {
            pick(first);
        }
    };
    let changed = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        if let Some(first) = input.files().and_then(|files| files.get(0)) {
            pick(first);
        }
    };
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <div class="drop-zone" class:dragging=move || dragging.get() class:chosen=move || file.with(Option::is_some)
                on:dragenter=over on:dragover=over on:dragleave=move |_| dragging.set(false) on:drop=dropped
                data-testid="drop-zone">
                <p class="drop-words">"Drag a file here, or"</p>
                <label class="button secondary" for=id.clone()>"Choose a file"</label>
                <input type="file" id=id.clone() name=id.clone() class="visually-hidden" accept=ACCEPT
                    on:change=changed aria-describedby=error_id.clone()
                    aria-invalid=move || if error.get().is_some() { "true" } else { "false" }/>
                {move || shown().map(|(name, size)| view! {
                    <p class="chosen-file" data-testid="chosen-file">
                        <strong>{name}</strong>" · "{format::size(size)}
                    </p>
                })}
                <p class="hint">{format!("Accepted: {ACCEPTED_TYPES}.")}</p>
            </div>
            <p class="field-error" id=error_id role="alert">{move || error.get()}</p>
        </div>
    }
}

/// How far an upload is (`share` from 0 to 1), while it is under way.
#[component]
pub fn UploadProgress(share: RwSignal<Option<f64>>, #[prop(into)] id: String) -> impl IntoView {
    move || {
        share.get().map(|share| {
            let percent = (share * 100.0).round().clamp(0.0, 100.0);
            let words = if percent < 100.0 {
                format!("Uploading… {percent}%")
            } else {
                "Uploaded; checking the file…".to_owned()
            };
            view! {
                <div class="upload-progress" data-testid="upload-progress">
                    <label for=id.clone()>{words}</label>
                    <progress id=id.clone() max="100" value=percent.to_string()>{format!("{percent}%")}</progress>
                </div>
            }
        })
    }
}
