//! "Download my data": the patient's whole record in one file, in FHIR R4,
//! the format other health systems read. The pages are gathered in the
//! browser with the session's token and saved from a blob.

use leptos::prelude::*;
use medtrack_shared::UserId;

use crate::api::billing::Download;
use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::billing::save_file as save;
use crate::format;
use crate::state::session::use_session;

/// The section with its button.
#[component]
pub fn DownloadMyData(patient: UserId) -> impl IntoView {
    let api = use_api();
    let zone = use_session().zone();
    let act = Act::new();
    let gathered = RwSignal::new(None::<usize>);
    let download = move |_| {
        gathered.set(Some(0));
        let zone = zone.clone();
        let work = api.whole_record(patient, move |count| gathered.set(Some(count)));
        act.run(work, move |bundle| {
            gathered.set(None);
            let day = format::today(&zone);
            let file = Download {
                file_name: format!("medtrack-record-{day}.json"),
                media_type: "application/fhir+json".to_owned(),
                text: bundle.to_string(),
            };
            match save(&file) {
                Some(()) => act.done("Your record was saved."),
                None => act.fail("The file could not be saved. Try again."),
            }
        });
    };
    view! {
        <section aria-labelledby="export-heading" data-testid="download-my-data">
            <h2 id="export-heading">"Download my data"</h2>
            <p>"Your whole record in one file: your details, appointments and visits with their diagnoses and prescriptions, hospital stays, problems and allergies, medications and the doses you logged, mood and PHQ-9 results, documents (as links that need you signed in), insurance, invoices and claims. It is in FHIR R4, the standard format other clinics' and health apps' systems read."</p>
            <button type="button" class="secondary" disabled=move || act.pending() on:click=download>
                "Download my data"
            </button>
            {move || gathered.get().filter(|_| act.pending()).map(|count| view! {
                <p role="status" class="muted">{format!("Gathering your record: {count} items so far…")}</p>
            })}
            <Outcome act/>
        </section>
    }
}
