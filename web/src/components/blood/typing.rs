//! A patient's confirmed blood group on their record: read by the patient,
//! their doctors and admins; recorded after a test by their doctor or an
//! admin. Only this typing counts for a transfusion, never what a patient
//! says of themselves.

use leptos::prelude::*;
use medtrack_shared::blood::requests::{NewTyping, Typing, TypingAnswer};
use medtrack_shared::{Role, UserId};

use super::{group_name, group_options, refused};
use crate::api::use_api;
use crate::components::action::{Act, Failure, Outcome};
use crate::components::form::{Field, Problems, Select};
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

/// The "Blood group" panel of `patient`'s record.
#[component]
pub fn BloodGroupPanel(patient: UserId) -> impl IntoView {
    let session = use_session();
    let role = session.me().map(|me| me.role);
    let writes = matches!(role, Some(Role::Doctor | Role::Admin));
    let typing = Loader::new(move |api| api.blood_typing(patient));
    let open = RwSignal::new(false);
    let told = Act::new();
    let recorded = Callback::new(move |saved: Typing| {
        told.done(format!("Blood group {} recorded.", group_name(saved.group)));
        typing.set(TypingAnswer {
            typing: Some(saved),
        });
        open.set(false);
    });
    view! {
        <section class="blood-group-panel" aria-labelledby="blood-group-heading" data-testid="blood-group-panel">
            <h2 id="blood-group-heading">"Blood group"</h2>
            <Outcome act=told testid="typing-saved"/>
            <Loaded from=typing what="the blood group" let:answer>
                <TypingView typing=answer.typing patient=!writes/>
            </Loaded>
            {writes.then(|| view! {
                <button type="button" class="secondary" aria-expanded=move || open.get().to_string()
                    on:click=move |_| open.update(|o| *o = !*o) data-testid="record-typing">"Record a confirmed group…"</button>
                {move || open.get().then(|| view! { <TypingForm patient on_done=recorded/> })}
            })}
        </section>
    }
}

/// The confirmed typing, or that there is none.
#[component]
fn TypingView(typing: Option<Typing>, patient: bool) -> impl IntoView {
    let zone = use_session().zone();
    match typing {
        Some(typing) => view! {
            <p class="typing" data-testid="typing">
                <span class="blood-group-big" data-testid="typing-group">{group_name(typing.group)}</span>
                <span>{format!("Confirmed by a test on {}, recorded by {} on {}.",
                    format::date(typing.tested_on), typing.recorded_by.name, format::date_at(typing.recorded_at, &zone))}</span>
            </p>
        }
        .into_any(),
        None => {
            let more = if patient {
                " A test at the clinic, or your first donation as a donor, confirms it."
            } else {
                " Blood for a transfusion is matched only to a confirmed group: record it once a test has found it."
            };
            view! { <p class="empty" data-testid="no-typing">"No confirmed blood group yet." {more}</p> }.into_any()
        }
    }
}

/// The form of a new typing.
#[component]
fn TypingForm(patient: UserId, on_done: Callback<Typing>) -> impl IntoView {
    let api = use_api();
    let zone = use_session().zone();
    let today = format::today(&zone);
    let group = RwSignal::new(String::new());
    let tested_on = RwSignal::new(today.to_string());
    let act = Act::new();
    let problems = Problems::new();
    let group_error = problems.of("group", "The group");
    let day_error = problems.of("tested_on", "The test's day");
    let mut options = vec![(String::new(), "Choose the group found")];
    options.extend(group_options());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let Ok(found) = group.get_untracked().parse() else {
            let mut errors = medtrack_shared::FieldErrors::default();
            errors.add(
                "group",
                medtrack_shared::ValidationError::new("is required"),
            );
            return act.fail(problems.found(errors));
        };
        let Ok(day) = tested_on.get_untracked().parse::<jiff::civil::Date>() else {
            let mut errors = medtrack_shared::FieldErrors::default();
            errors.add(
                "tested_on",
                medtrack_shared::ValidationError::new("must be a date"),
            );
            return act.fail(problems.found(errors));
        };
        let input = NewTyping {
            group: found,
            tested_on: day,
        };
        if let Err(errors) = input.check(today) {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.record_typing(patient, &input)
                .await
                .map_err(|e| refused(problems, e))
        };
        act.run(sent, move |saved: Typing| on_done.run(saved));
    };
    view! {
        <form class="form typing-form" on:submit=submit novalidate data-testid="typing-form">
            <div class="field-row">
                <Select label="Group found" id="typing-group" value=group options error=group_error/>
                <Field label="Tested on" id="typing-day" kind="date" value=tested_on max_date=today.to_string() error=day_error/>
            </div>
            <Failure act/>
            <div class="actions"><button type="submit" disabled=move || act.pending()>"Save blood group"</button></div>
        </form>
    }
}
