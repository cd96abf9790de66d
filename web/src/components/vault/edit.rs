//! Changing what is said about a document: its title, category and date
//! (its uploader; the file itself changes by a new version).

use jiff::civil::Date;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use medtrack_shared::vault::{Document, DocumentCategory, DocumentChange, MAX_TITLE_CHARS};

use super::upload::{category_options, problem};
use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::form::{chosen, Field, Problems, Select};

/// The form, filled with what the document says now.
#[component]
pub fn EditDetails(
    document: Document,
    /// Given the document as it now is, and what to tell.
    on_done: Callback<(Document, String)>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let (patient, id) = (document.patient, document.id);
    let title = RwSignal::new(document.title.clone());
    let category = RwSignal::new(document.category.as_str().to_owned());
    let about = RwSignal::new(document.about.to_string());
    let act = Act::new();
    let problems = Problems::new();
    let title_error = problems.of("title", "Title");
    let category_error = problems.of("category", "Category");
    let about_error = problems.of("about", "The date");
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let Ok(day) = about.get_untracked().parse::<Date>() else {
            return act.fail(problems.show(problem("about", "is required")));
        };
        let change = DocumentChange {
            title: Some(title.get_untracked()),
            category: chosen::<DocumentCategory>(category.get_untracked()),
            about: Some(day),
        };
        if let Err(errors) = change.check() {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.change_document(patient, id, change)
                .await
                .map_err(|e| problems.refused(e))
        };
        act.run(sent, move |changed| {
            on_done.try_run((changed, "Details saved.".to_owned()));
        });
    };
    view! {
        <form class="form document-edit" on:submit=submit novalidate data-testid="edit-document">
            <Field label="Title" id=format!("edit-{id}-title") value=title max=MAX_TITLE_CHARS error=title_error/>
            <Select label="Category" id=format!("edit-{id}-category") value=category options=category_options() error=category_error/>
            <Field label="Date it is about" id=format!("edit-{id}-about") kind="date" value=about error=about_error/>
            <Outcome act/>
            <div class="actions">
                <button type="submit" disabled=move || act.pending()>"Save details"</button>
                <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
        </form>
    }
}
