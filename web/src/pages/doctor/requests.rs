//! The doctor's queue of pending requests, soonest first, each with
//! confirm and reject.

use leptos::prelude::*;
use medtrack_shared::appointment::{ActionKind, ActionRequest, Appointment, MAX_NOTE_CHARS};

use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::appointment::priority_label;
use crate::components::form::Problems;
use crate::components::list::Items;
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

/// Pending requests.
#[component]
pub fn RequestsPage() -> impl IntoView {
    let requests = Loader::new(|api| api.requests(None));
    view! {
        <h1>"Appointment requests"</h1>
        <Loaded from=requests what="requests" let:page>
            <Items items=page.items testid="requests" empty="No requests are waiting." empty_testid="no-requests" let:appointment>
                <Request appointment on_done=move || requests.reload()/>
            </Items>
        </Loaded>
    }
}

#[component]
fn Request(
    appointment: Appointment,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let api = use_api();
    let zone = use_session().zone();
    let reason = RwSignal::new(String::new());
    let act = Act::new();
    let problems = Problems::new();
    let reason_error = problems.of("reason", "Reason");
    let id = appointment.id;
    let decide = move |action: ActionKind| {
        problems.clear();
        let mut request = ActionRequest::new(action);
        if action == ActionKind::Reject {
            request.reason = Some(reason.get_untracked());
        }
        if let Err(errors) = request.check() {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.act_on(id, request)
                .await
                .map_err(|e| problems.refused(e))
        };
        act.run(sent, move |_| on_done());
    };
    let reason_id = format!("reject-{id}");
    let error_id = format!("reject-{id}-error");
    view! {
        <li class="card">
            <h3><a href=format!("/appointments/{id}")>{format!("{} · {}", format::when(appointment.starts_at, &zone), appointment.patient.name)}</a></h3>
            <p>{format!("{} · {}", priority_label(appointment.priority), appointment.reason)}</p>
            <label for=reason_id.clone()>"Reason, to reject"</label>
            <input id=reason_id maxlength=MAX_NOTE_CHARS aria-describedby=error_id.clone()
                aria-invalid=move || if reason_error.get().is_some() { "true" } else { "false" }
                prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
            <p class="field-error" id=error_id role="alert">{move || reason_error.get()}</p>
            <Failure act/>
            <div class="actions">
                <button disabled=move || act.pending() on:click=move |_| decide(ActionKind::Confirm)>"Confirm"</button>
                " "
                <button class="secondary" disabled=move || act.pending() on:click=move |_| decide(ActionKind::Reject)>"Reject"</button>
            </div>
        </li>
    }
}
