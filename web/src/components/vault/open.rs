//! Opening a file: a link that works for a minute, asked for when the
//! button is pressed. PDFs and images open in a new tab, in the browser's
//! own viewer; images can also be previewed in the page; other types are
//! saved.

use leptos::prelude::*;
use medtrack_shared::vault::{DownloadLink, FileType};
use medtrack_shared::{DocumentId, UserId};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Window;

use crate::api::use_api;
use crate::components::action::{Act, Failure};

/// Which file, of which document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// Whose vault.
    pub patient: UserId,
    /// The document.
    pub document: DocumentId,
    /// The version; the latest when none.
    pub version: Option<u32>,
    /// Its type: opened in a tab, or saved.
    pub file_type: FileType,
}

/// A tab opened at once, while the link is asked for: a tab opened only
/// once the answer comes would no longer follow the click, and browsers
/// block it.
fn blank_tab() -> Option<Window> {
    let tab = web_sys::window()?
        .open_with_url_and_target("", "_blank")
        .ok()
        .flatten()?;
    if let Some(body) = tab.document().and_then(|d| d.body()) {
        body.set_text_content(Some("Opening the document…"));
    }
    // The file's page must not reach back into MedTrack's.
    let _ = tab.set_opener(&JsValue::NULL);
    Some(tab)
}

/// Saves the file the link names: an attachment, so the page stays.
fn save(link: &DownloadLink) {
    let anchor = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| Some((d.create_element("a").ok()?, d.body()?)));
    if let Some((anchor, body)) = anchor {
        // Setting attributes and appending to the body fail only on a
        // document that is going away.
        let _ = anchor.set_attribute("href", &link.url);
        let _ = anchor.set_attribute("download", &link.file_name);
        let _ = body.append_child(&anchor);
        if let Some(anchor) = anchor.dyn_ref::<web_sys::HtmlElement>() {
            anchor.click();
        }
        anchor.remove();
    }
}

/// "Open" (or "Download") for one file; `name` says which in the button's
/// accessible name, e.g. "Blood test, version 2".
#[component]
pub fn OpenFile(target: Target, #[prop(into)] name: String) -> impl IntoView {
    let api = use_api();
    let act = Act::new();
    let inline = target.file_type.inline();
    // A link to follow by hand when the browser refused the new tab.
    let fallback = RwSignal::new(None::<DownloadLink>);
    let open = move |_| {
        fallback.set(None);
        let tab = if inline { blank_tab() } else { None };
        let asked = api.download_link(target.patient, target.document, target.version);
        let failed_tab = tab.clone();
        let sent = async move {
            let answer = asked.await;
            if answer.is_err() {
                if let Some(tab) = failed_tab {
                    // Nothing will come to it; the page says why.
                    let _ = tab.close();
                }
            }
            answer
        };
        act.run(sent, move |link: DownloadLink| match (&tab, inline) {
            (Some(tab), _) => {
                if tab.location().set_href(&link.url).is_err() {
                    fallback.set(Some(link));
                }
            }
            (None, true) => fallback.set(Some(link)),
            (None, false) => save(&link),
        });
    };
    let label = if inline { "Open" } else { "Download" };
    view! {
        <button type="button" class="secondary" disabled=move || act.pending() on:click=open
            aria-label=format!("{label} {name}") data-testid="open-document">{label}</button>
        {move || fallback.get().map(|link| view! {
            <a class="button" href=link.url target="_blank" rel="noopener" data-testid="open-link">
                {format!("Open {}", link.file_name)}
            </a>
            <span class="hint">"The browser kept the tab from opening: this link works for a minute."</span>
        })}
        <Failure act/>
    }
}

/// "Preview" for an image: shown in the page from a fresh link.
#[component]
pub fn PreviewImage(target: Target, #[prop(into)] alt: String) -> impl IntoView {
    let api = use_api();
    let act = Act::new();
    let shown = RwSignal::new(None::<String>);
    let broken = RwSignal::new(false);
    let preview = move |_| {
        if shown.get_untracked().is_some() {
            return shown.set(None);
        }
        broken.set(false);
        let asked = api.download_link(target.patient, target.document, target.version);
        act.run(asked, move |link: DownloadLink| shown.set(Some(link.url)));
    };
    view! {
        <button type="button" class="secondary" disabled=move || act.pending() on:click=preview
            aria-expanded=move || shown.with(Option::is_some).to_string()>
            {move || if shown.with(Option::is_some) { "Hide preview" } else { "Preview" }}
        </button>
        <Failure act/>
        {move || shown.get().map(|url| {
            let alt = alt.clone();
            view! {
                <figure class="document-preview" data-testid="document-preview">
                    {move || if broken.get() {
                        view! { <p class="form-error" role="alert">"The preview could not be shown: use Open instead."</p> }.into_any()
                    } else {
                        view! { <img src=url.clone() alt=alt.clone() on:error=move |_| broken.set(true)/> }.into_any()
                    }}
                </figure>
            }
        })}
    }
}

/// A paper clip, the mark of an attached document (drawn: no icon font).
#[component]
pub fn PaperClip() -> impl IntoView {
    view! {
        <svg class="clip" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
            <path d="M21.4 11.1l-9.2 9.2a6 6 0 0 1-8.5-8.5l9.2-9.2a4 4 0 0 1 5.7 5.7l-9.2 9.2a2 2 0 0 1-2.8-2.8l8.5-8.5"
                fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>
        </svg>
    }
}

/// A document attached to a message, as a link-like button: its type is
/// learnt only from the link, so a tab is opened at once (while the click
/// still counts) and closed again when the file is one to save instead.
#[component]
pub fn OpenAttachment(
    /// Whose vault it is in.
    patient: UserId,
    /// The document.
    document: DocumentId,
    /// Its title, the button's words.
    #[prop(into)]
    title: String,
) -> impl IntoView {
    let api = use_api();
    let act = Act::new();
    let fallback = RwSignal::new(None::<DownloadLink>);
    let open = move |_| {
        fallback.set(None);
        let tab = blank_tab();
        let asked = api.download_link(patient, document, None);
        let failed_tab = tab.clone();
        let sent = async move {
            let answer = asked.await;
            if let (Err(_), Some(tab)) = (&answer, failed_tab) {
                let _ = tab.close();
            }
            answer
        };
        act.run(sent, move |link: DownloadLink| match tab {
            Some(tab) if link.inline => {
                if tab.location().set_href(&link.url).is_err() {
                    fallback.set(Some(link));
                }
            }
            Some(tab) => {
                let _ = tab.close();
                save(&link);
            }
            None if link.inline => fallback.set(Some(link)),
            None => save(&link),
        });
    };
    view! {
        <button type="button" class="attachment" disabled=move || act.pending() on:click=open
            aria-label=format!("Open the attachment {title}") data-testid="open-attachment">
            <PaperClip/>
            <span class="attachment-title">{title.clone()}</span>
        </button>
        {move || fallback.get().map(|link| view! {
            <a class="button secondary" href=link.url target="_blank" rel="noopener" data-testid="open-link">
                {format!("Open {}", link.file_name)}
            </a>
            <span class="hint">"The browser kept the tab from opening: this link works for a minute."</span>
        })}
        <Failure act/>
    }
}
