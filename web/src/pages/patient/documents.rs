//! The patient's documents: the upload form (a file picked or dropped, what
//! it is, the day it is about, the visit it belongs to) and the vault, each
//! document with its versions, its shares and what the patient may do.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use medtrack_shared::vault::Document;
use medtrack_shared::UserId;

use super::record::RecordNav;
use crate::api::use_api;
use crate::components::status::Loader;
use crate::components::vault::{DocumentList, UploadForm, Vault};

/// The documents page.
#[component]
pub fn DocumentsPage() -> impl IntoView {
    let me = use_api().my_id().ok();
    view! {
        <h1>"Documents"</h1>
        <p class="lead">"Reports, results, letters and images about your health, and what your doctors upload for you. You choose which of your doctors can open each one, and for how long."</p>
        <RecordNav current="documents"/>
        {me.map(|patient| view! { <MyVault patient/> })}
    }
}

#[component]
fn MyVault(patient: UserId) -> impl IntoView {
    let vault = Vault::new(patient);
    // Opened from a visit's page: the upload belongs to it.
    let visit = use_query_map().with_untracked(|q| q.get("visit"));
    let documents = Loader::new(move |api| api.documents(patient, None));
    let uploaded = Callback::new(move |document: Document| {
        documents.update(|page| page.items.insert(0, document));
    });
    view! {
        <div class="vault-page">
            <UploadForm vault heading="Add a document" visit=visit.unwrap_or_default() on_uploaded=uploaded/>
            <section aria-labelledby="my-documents-heading" data-testid="my-documents">
                <h2 id="my-documents-heading">"Your documents"</h2>
                <DocumentList vault documents/>
            </section>
        </div>
    }
}
