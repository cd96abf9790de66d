//! The vault as a part of other pages: the "Documents" section of a
//! patient's record (doctors upload there too; admins read what is said
//! about files) and the documents of a visit.

use leptos::prelude::*;
use medtrack_shared::vault::Document;
use medtrack_shared::{AppointmentId, ErrorCode, Page, UserId};

use super::list::{replace, DocumentItems};
use super::{DocumentList, UploadForm, Vault, Viewer};
use crate::components::status::{Loaded, Loader};

/// The documents of `patient`'s record as a doctor or an admin reads them.
#[component]
pub fn RecordDocuments(patient: UserId) -> impl IntoView {
    let vault = Vault::new(patient);
    let doctor = matches!(vault.viewer, Viewer::Doctor(_));
    let documents = Loader::new(move |api| async move {
        match api.documents(patient, None).await {
            // A doctor who is not one of the patient's (an emergency
            // access) and has nothing shared with them is refused the list.
            Err(e) if doctor && e.code() == Some(ErrorCode::Forbidden) => Ok(Page {
                items: Vec::new(),
                next_cursor: None,
            }),
            answer => answer,
        }
    });
    let uploaded = Callback::new(move |document: Document| {
        documents.update(|page| page.items.insert(0, document));
    });
    let hint = if doctor {
        "What the patient shared with you, and what you uploaded for them. Each file you open is in the patient's access log."
    } else {
        "What is said about the patient's files; administrators cannot open them."
    };
    view! {
        <section aria-labelledby="documents-heading" data-testid="record-documents">
            <h2 id="documents-heading">"Documents"</h2>
            <p class="hint">{hint}</p>
            {doctor.then(|| view! {
                <details class="upload-fold" data-testid="upload-fold">
                    <summary>"Upload for this patient"</summary>
                    <UploadForm vault heading="Upload for this patient" titled=false on_uploaded=uploaded/>
                </details>
            })}
            <DocumentList vault documents/>
        </section>
    }
}

/// The documents of a visit the reader may see.
#[component]
pub fn VisitDocuments(visit: AppointmentId, patient: UserId) -> impl IntoView {
    let vault = Vault::reading(patient);
    let documents = Loader::new(move |api| api.visit_documents(visit));
    let remember = Callback::new(move |changed: Document| {
        documents.remember(|items| replace(items, changed));
    });
    let owner = matches!(vault.viewer, Viewer::Owner(_));
    let empty = "No documents for this visit.";
    view! {
        <section aria-labelledby="visit-documents-heading" data-testid="visit-documents">
            <h2 id="visit-documents-heading">"Documents"</h2>
            <Loaded from=documents what="the visit's documents" let:items>
                <DocumentItems vault items empty remember/>
            </Loaded>
            {owner.then(|| view! {
                <p><a href=format!("/record/documents?visit={visit}")>"Add a document for this visit"</a></p>
            })}
        </section>
    }
}
