//! The form that adds a document to a vault: the file, what it is, the day
//! it is about and, optionally, the visit it belongs to; the upload's
//! progress while it is sent.

use std::collections::BTreeMap;
use std::rc::Rc;

use jiff::civil::Date;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use medtrack_shared::vault::{Document, DocumentCategory, UploadQuery, MAX_TITLE_CHARS};

use super::file_picker::{Chosen, FilePicker, UploadProgress};
use super::{linkable, sent_name, title_from, visit_label, Vault, Viewer};
use crate::api::upload::Progress;
use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::form::{chosen, Field, Problems, Select};
use crate::format;
use crate::state::session::use_session;

/// The categories as a select offers them.
pub(super) fn category_options() -> Vec<(String, &'static str)> {
    DocumentCategory::ALL
        .iter()
        .map(|c| (c.as_str().to_owned(), c.label()))
        .collect()
}

/// One problem of a field, found before anything was sent.
pub(super) fn problem(field: &str, message: &str) -> BTreeMap<String, String> {
    BTreeMap::from([(field.to_owned(), message.to_owned())])
}

/// The problem of the file shown under the picker, which has no label
/// above it to name it: the file's, else its name's.
pub(super) fn file_problem(
    file: Signal<Option<String>>,
    name: Signal<Option<String>>,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        file.get()
            .map(|e| format!("The file {e}"))
            .or_else(|| name.get().map(|e| format!("The file's name {e}")))
    })
}

/// The upload form; `on_uploaded` is given the new document.
#[component]
pub fn UploadForm(
    vault: Vault,
    /// The form's heading (its name, when `titled` is false).
    heading: &'static str,
    /// Whether the heading is shown (not when a fold around it says it).
    #[prop(default = true)]
    titled: bool,
    /// The visit chosen at first, by its id.
    #[prop(optional)]
    visit: Option<String>,
    /// Told of the new document.
    on_uploaded: Callback<Document>,
) -> impl IntoView {
    let api = use_api();
    let zone = use_session().zone();
    let file: Chosen = RwSignal::new_local(None);
    let title = RwSignal::new(String::new());
    // The title a file's name gave: the next file replaces it, unless the
    // person typed their own.
    let prefilled = StoredValue::new(String::new());
    let category = RwSignal::new(DocumentCategory::ALL[0].as_str().to_owned());
    let about = RwSignal::new(format::today(&zone).to_string());
    let visit = RwSignal::new(visit.unwrap_or_default());
    let progress = RwSignal::new(None::<f64>);
    let act = Act::new();
    let problems = Problems::new();
    let file_error = problems.of("file", "The file");
    let name_error = problems.of("file_name", "The file's name");
    let title_error = problems.of("title", "Title");
    let category_error = problems.of("category", "Category");
    let about_error = problems.of("about", "The date");
    let visit_error = problems.of("visit", "The visit");
    let on_pick = Callback::new(move |name: String| {
        let current = title.get_untracked();
        if current.trim().is_empty() || prefilled.with_value(|p| *p == current) {
            let suggested = title_from(&name);
            title.set(suggested.clone());
            prefilled.set_value(suggested);
        }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let Some(picked) = file.get_untracked() else {
            return act.fail(problems.show(problem("file", "is required: choose or drop a file")));
        };
        let Ok(day) = about.get_untracked().parse::<Date>() else {
            return act.fail(problems.show(problem("about", "is required")));
        };
        let query = UploadQuery {
            title: title.get_untracked(),
            category: chosen(category.get_untracked()).unwrap_or(DocumentCategory::Other),
            about: day,
            visit: visit.get_untracked().parse().ok(),
            file_name: sent_name(&picked.name()),
        };
        if let Err(errors) = query.check() {
            return act.fail(problems.found(errors));
        }
        progress.set(Some(0.0));
        let report: Progress = Rc::new(move |share| {
            progress.try_set(Some(share));
        });
        let sent = async move {
            let answer = api
                .upload_document(vault.patient, &query, &picked, report)
                .await;
            progress.try_set(None);
            answer.map_err(|e| problems.refused(e))
        };
        act.run(sent, move |document: Document| {
            act.done(format!("“{}” uploaded.", document.title));
            file.set(None);
            title.set(String::new());
            prefilled.set_value(String::new());
            visit.set(String::new());
            on_uploaded.try_run(document);
        });
    };
    let for_doctor = matches!(vault.viewer, Viewer::Doctor(_));
    let visit_hint = if for_doctor {
        "One of your visits with this patient."
    } else {
        "The visit's doctor can then open it too."
    };
    let visits = move || {
        let zone = zone.clone();
        let options: Vec<(String, String)> = vault
            .visits
            .data()
            .unwrap_or_default()
            .iter()
            .filter(|v| linkable(v))
            .map(|v| (v.id.to_string(), visit_label(v, &zone, for_doctor)))
            .collect();
        (!options.is_empty()).then(|| {
            view! {
                <div class="field">
                    <label for="upload-visit">"Visit (optional)"</label>
                    <small class="hint">{visit_hint}</small>
                    <select id="upload-visit" name="upload-visit" on:change=move |ev| visit.set(event_target_value(&ev))
                        aria-describedby="upload-visit-error">
                        <option value="" selected=move || visit.with(String::is_empty)>"Not linked to a visit"</option>
                        {options.into_iter().map(|(id, label)| {
                            let value = id.clone();
                            view! { <option value=id selected=move || visit.with(|v| *v == value)>{label}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field-error" id="upload-visit-error" role="alert">{move || visit_error.get()}</p>
                </div>
            }
        })
    };
    let heading_id = "upload-heading";
    view! {
        <form class="form upload-form" on:submit=submit novalidate data-testid="upload-form"
            aria-labelledby=titled.then_some(heading_id) aria-label=(!titled).then_some(heading)>
            {titled.then(|| view! { <h2 id=heading_id>{heading}</h2> })}
            <FilePicker id="upload-file" file on_pick error=file_problem(file_error, name_error)/>
            <Field label="Title" id="upload-title" value=title max=MAX_TITLE_CHARS error=title_error
                hint="What it is, in a few words: the file's name until you change it."/>
            <Select label="Category" id="upload-category" value=category options=category_options() error=category_error/>
            <Field label="Date it is about" id="upload-about" kind="date" value=about error=about_error
                hint="The day of the test, letter or visit."/>
            {visits}
            <UploadProgress share=progress id="upload-progress-bar"/>
            <Outcome act testid="upload-message"/>
            <button type="submit" disabled=move || act.pending()>"Upload"</button>
        </form>
    }
}
