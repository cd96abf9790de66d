//! A vault's documents, newest first, a page at a time.

use leptos::prelude::*;
use medtrack_shared::vault::Document;
use medtrack_shared::Page;

use super::card::DocumentCard;
use super::{Vault, Viewer};
use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::list::ShowMore;
use crate::components::status::{Loaded, Loader};

/// The documents `documents` reads, with "Show more".
#[component]
pub fn DocumentList(vault: Vault, documents: Loader<Page<Document>>) -> impl IntoView {
    let api = use_api();
    let more = Act::new();
    let show_more = move |cursor: String| {
        more.run(api.documents(vault.patient, Some(cursor)), move |page| {
            documents.append(page)
        });
    };
    let remember = Callback::new(move |changed: Document| {
        documents.remember(|page| replace(&mut page.items, changed));
    });
    let empty = match vault.viewer {
        Viewer::Owner(_) => "No documents yet. Upload a report, a result or a letter: you decide which of your doctors see it.",
        Viewer::Doctor(_) => "The patient has shared no documents with you, and you have uploaded none for them.",
        Viewer::Admin => "No documents in this patient's vault.",
    };
    view! {
        <Loaded from=documents what="the documents" let:page>
            <DocumentItems vault items=page.items empty remember/>
            <ShowMore cursor=page.next_cursor act=more show_more/>
        </Loaded>
        <Failure act=more/>
    }
}

/// `items` as cards, or `empty` when there are none.
#[component]
pub fn DocumentItems(
    vault: Vault,
    items: Vec<Document>,
    /// What to say when there are none.
    empty: &'static str,
    /// Told of each change of a document.
    remember: Callback<Document>,
) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="empty" data-testid="documents-empty">{empty}</p> }.into_any();
    }
    view! {
        <ul class="documents" data-testid="documents">
            {items.into_iter().map(|document| view! { <DocumentCard vault document remember/> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Puts `changed` in place of the document with its id.
pub fn replace(items: &mut [Document], changed: Document) {
    if let Some(shown) = items.iter_mut().find(|d| d.id == changed.id) {
        *shown = changed;
    }
}
