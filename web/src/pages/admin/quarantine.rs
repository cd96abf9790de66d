//! The files the malware check refused, newest first: whose vault, which
//! document, the file, who uploaded it and when, and what the scanner
//! found. Nobody can open them; this is what is said about them.

use leptos::prelude::*;
use medtrack_shared::vault::QuarantinedFile;

use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::list::ShowMore;
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

/// The quarantine page.
#[component]
pub fn QuarantinePage() -> impl IntoView {
    let api = use_api();
    let files = Loader::new(|api| api.quarantine(None));
    let more = Act::new();
    let show_more = move |cursor: String| {
        more.run(api.quarantine(Some(cursor)), move |page| files.append(page));
    };
    view! {
        <h1>"Quarantined files"</h1>
        <p class="lead">"Uploads in which the malware check found something harmful. Nobody can open them, the uploader included; the patient and the uploader have been told. Each stays listed as part of the record."</p>
        <Loaded from=files what="the quarantined files" let:page>
            {if page.items.is_empty() {
                view! { <p class="empty" data-testid="quarantine-empty">"No file has been refused."</p> }.into_any()
            } else {
                view! {
                    <table class="table quarantine" data-testid="quarantine">
                        <thead>
                            <tr>
                                <th scope="col">"Uploaded"</th>
                                <th scope="col">"File"</th>
                                <th scope="col">"Finding"</th>
                                <th scope="col">"Uploaded by"</th>
                                <th scope="col">"Patient"</th>
                                <th scope="col">"Document"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {page.items.into_iter().map(|file| view! { <Row file/> }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            <ShowMore cursor=page.next_cursor act=more show_more/>
        </Loaded>
        <Failure act=more/>
    }
}

#[component]
fn Row(file: QuarantinedFile) -> impl IntoView {
    let zone = use_session().zone();
    let version = file.version;
    view! {
        <tr data-testid="quarantined-file">
            <td data-label="Uploaded">{format::when(version.uploaded_at, &zone)}</td>
            <td data-label="File">
                <span class="file-name">{version.file_name.clone()}</span>
                <br/><span class="hint">{format!("{} · {} · version {}", version.file_type.label(), format::size(version.size), version.number)}</span>
            </td>
            <td data-label="Finding"><span class="scan-finding">{version.finding.clone().unwrap_or_else(|| "Not named".to_owned())}</span></td>
            <td data-label="Uploaded by">{version.uploaded_by_name.clone()}</td>
            // The list names no patient; their record says who (and logs the read).
            <td data-label="Patient"><a href=format!("/patients/{}", file.patient)>"Open the record"</a>
                <br/><code class="id">{file.patient.to_string()}</code></td>
            <td data-label="Document"><code class="id">{file.document.to_string()}</code></td>
        </tr>
    }
}
