//! Sharing a document with one of the patient's doctors, until a day or
//! until the patient revokes it; the shares as they stand, ended ones
//! marked, each with its Revoke button.

use jiff::civil::Date;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use medtrack_shared::vault::{Document, Share, ShareInput};
use medtrack_shared::{DocumentId, UserId};

use super::upload::problem;
use super::{doctors, Vault, Viewer};
use crate::api::use_api;
use crate::components::action::{Act, Failure, Outcome};
use crate::components::form::{Field, Problems};
use crate::format;
use crate::state::session::use_session;

/// Who may open the document besides the patient: nothing for a doctor
/// (shares are the patient's business), read-only for admins.
#[component]
pub fn Shares(vault: Vault, document: Document, on_change: Callback<Document>) -> impl IntoView {
    let owner = matches!(vault.viewer, Viewer::Owner(_));
    if matches!(vault.viewer, Viewer::Doctor(_)) {
        return ().into_any();
    }
    if document.shares.is_empty() {
        let words = if owner {
            "Only you can open it: not shared with a doctor."
        } else {
            "Not shared with a doctor."
        };
        return view! { <p class="hint" data-testid="not-shared">{words}</p> }.into_any();
    }
    let now = format::now();
    view! {
        <div class="shares">
            <p class="shares-heading">"Shared with"</p>
            <ul class="share-list" data-testid="shares">
                {document.shares.into_iter().map(|share| {
                    let live = share.live(now);
                    view! { <ShareLine vault document=document.id share live owner on_change/> }
                }).collect_view()}
            </ul>
        </div>
    }
    .into_any()
}

/// How long a share lasts, in words.
fn until_words(share: &Share, live: bool, owner: bool) -> String {
    match (share.until, live) {
        (None, _) if owner => "until you revoke it".to_owned(),
        (None, _) => "until the patient revokes it".to_owned(),
        (Some(day), true) => format!("until {}", format::date(day)),
        (Some(day), false) => format!("ended {}", format::date(day)),
    }
}

#[component]
fn ShareLine(
    vault: Vault,
    document: DocumentId,
    share: Share,
    live: bool,
    owner: bool,
    on_change: Callback<Document>,
) -> impl IntoView {
    let api = use_api();
    let act = Act::new();
    let doctor = share.doctor;
    let revoke = move |_| {
        act.run(
            api.revoke_share(vault.patient, document, doctor),
            move |changed| {
                on_change.try_run(changed);
            },
        );
    };
    let until = until_words(&share, live, owner);
    view! {
        <li class="share" class:ended=!live data-testid="share" data-live=live.to_string()>
            <span class="share-doctor">{share.doctor_name.clone()}</span>
            " "<span class="share-until">{until}</span>
            {(!live).then(|| view! { " " <span class="badge">"Expired"</span> })}
            {owner.then(|| view! {
                " "<button type="button" class="link" disabled=move || act.pending() on:click=revoke
                    aria-label=format!("Revoke {}'s access", share.doctor_name)>"Revoke"</button>
            })}
            <Failure act/>
        </li>
    }
}

/// The form that shares `document` with one of the doctors of the
/// patient's visits.
#[component]
pub fn ShareForm(
    vault: Vault,
    document: DocumentId,
    /// Given the document as it now is, and what to tell.
    on_done: Callback<(Document, String)>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let zone = use_session().zone();
    let today = format::today(&zone);
    let choices = doctors(&vault.visits.data().unwrap_or_default());
    let doctor = RwSignal::new(
        choices
            .first()
            .map(|(id, _)| id.to_string())
            .unwrap_or_default(),
    );
    let until = RwSignal::new(String::new());
    let act = Act::new();
    let problems = Problems::new();
    let doctor_error = problems.of("doctor", "The doctor");
    let until_error = problems.of("until", "The last day");
    let names = StoredValue::new(choices.clone());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let Ok(chosen) = doctor.get_untracked().parse::<UserId>() else {
            return act.fail(problems.show(problem("doctor", "is required")));
        };
        let typed = until.get_untracked();
        let last = match typed.trim() {
            "" => None,
            day => match day.parse::<Date>() {
                Ok(day) if day < today => {
                    return act.fail(problems.show(problem("until", "must be today or later")))
                }
                Ok(day) => Some(day),
                Err(_) => return act.fail(problems.show(problem("until", "must be a date"))),
            },
        };
        let input = ShareInput { until: last };
        if let Err(errors) = input.check() {
            return act.fail(problems.found(errors));
        }
        let name = names.with_value(|n| {
            n.iter()
                .find(|(id, _)| *id == chosen)
                .map(|(_, name)| name.clone())
                .unwrap_or_default()
        });
        let sent = async move {
            api.share_document(vault.patient, document, chosen, input)
                .await
                .map_err(|e| problems.refused(e))
        };
        act.run(sent, move |changed| {
            on_done.try_run((changed, format!("Shared with {name}.")));
        });
    };
    if choices.is_empty() {
        return view! {
            <div class="share-form" data-testid="share-form">
                <p>"You can share with the doctors of your appointments: book a visit first."</p>
                <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>"Close"</button>
            </div>
        }
        .into_any();
    }
    let doctor_id = format!("share-{document}-doctor");
    view! {
        <form class="form share-form" on:submit=submit novalidate data-testid="share-form">
            <div class="field">
                <label for=doctor_id.clone()>"Doctor"</label>
                <select id=doctor_id.clone() on:change=move |ev| doctor.set(event_target_value(&ev))
                    aria-describedby=format!("{doctor_id}-error")>
                    {choices.into_iter().map(|(id, name)| {
                        let value = id.to_string();
                        let picked = value.clone();
                        view! { <option value=value selected=move || doctor.with(|d| *d == picked)>{name}</option> }
                    }).collect_view()}
                </select>
                <p class="field-error" id=format!("{doctor_id}-error") role="alert">{move || doctor_error.get()}</p>
            </div>
            <Field label="Until (optional)" id=format!("share-{document}-until") kind="date" value=until error=until_error
                hint="The last day they may open it. Leave it empty to share until you revoke it."/>
            <Outcome act testid="share-message"/>
            <div class="actions">
                <button type="submit" disabled=move || act.pending()>"Share"</button>
                <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
        </form>
    }
    .into_any()
}
