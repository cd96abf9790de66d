//! A new version of a document (its uploader): another file, the earlier
//! versions kept.

use std::rc::Rc;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use medtrack_shared::vault::{Document, VersionQuery};

use super::file_picker::{Chosen, FilePicker, UploadProgress};
use super::sent_name;
use super::upload::{file_problem, problem};
use crate::api::upload::Progress;
use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::form::Problems;

/// The form: a file, its progress, and the button that sends it.
#[component]
pub fn NewVersion(
    document: Document,
    /// Given the document as it now is, and what to tell.
    on_done: Callback<(Document, String)>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let (patient, id) = (document.patient, document.id);
    let next = document.versions + 1;
    let file: Chosen = RwSignal::new_local(None);
    let progress = RwSignal::new(None::<f64>);
    let act = Act::new();
    let problems = Problems::new();
    let file_error = problems.of("file", "The file");
    let name_error = problems.of("file_name", "The file's name");
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let Some(picked) = file.get_untracked() else {
            return act.fail(problems.show(problem("file", "is required: choose or drop a file")));
        };
        let query = VersionQuery {
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
                .upload_version(patient, id, &query, &picked, report)
                .await;
            progress.try_set(None);
            answer.map_err(|e| problems.refused(e))
        };
        act.run(sent, move |changed: Document| {
            let told = format!("Version {} uploaded.", changed.versions);
            file.set(None);
            on_done.try_run((changed, told));
        });
    };
    view! {
        <form class="form version-form" on:submit=submit novalidate data-testid="new-version">
            <p class="hint">{format!("The file becomes version {next}; the earlier versions are kept.")}</p>
            <FilePicker id=format!("version-{id}-file") file error=file_problem(file_error, name_error)/>
            <UploadProgress share=progress id=format!("version-{id}-progress")/>
            <Outcome act testid="version-message"/>
            <div class="actions">
                <button type="submit" disabled=move || act.pending()>"Upload version"</button>
                <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
        </form>
    }
}
