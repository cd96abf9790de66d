//! The patient's symptom check: the red-flag checklist first, then the
//! complaint, on one page; the result on its own address, opened as soon
//! as the check is kept; and the past checks beside the new one.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use medtrack_shared::safety::Safety;
use medtrack_shared::triage::{TriageRequest, TriageSession, Urgency};
use medtrack_shared::TriageId;

use crate::api::use_api;
use crate::api::wellbeing::safety;
use crate::components::action::{Act, Failure};
use crate::components::status::{Loaded, Loader};
use crate::components::triage::checklist::{Checked, RedFlagStep};
use crate::components::triage::complaint::{ComplaintStep, Draft};
use crate::components::triage::past::PastChecks;
use crate::components::triage::result::{Banner, TriageResult};

/// The two steps of a new check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Checklist,
    Complaint,
}

/// `/triage`: a new check, and the past ones.
#[component]
pub fn TriagePage() -> impl IntoView {
    let safety = Loader::new(|_| safety());
    let questions = Loader::new(|api| api.triage_questions());
    view! {
        <h1>"Symptom check"</h1>
        <p class="lead">"A few questions to see how soon you should get care, and a time to book if you need one."</p>
        <div class="triage-page">
            <NewCheck safety questions/>
            <PastChecks questions safety/>
        </div>
    }
}

/// The steps of a new check, then its result's page.
#[component]
fn NewCheck(
    safety: Loader<Safety>,
    questions: Loader<medtrack_shared::triage::TriageQuestions>,
) -> impl IntoView {
    let api = use_api();
    let navigate = StoredValue::new(use_navigate());
    let step = RwSignal::new(Step::Checklist);
    let ticked = RwSignal::new(Vec::<String>::new());
    let none = RwSignal::new(false);
    let draft = Draft::new();
    let act = Act::new();
    // Red flags whose check could not be kept: the advice is shown anyway.
    let unsent = RwSignal::new(false);
    let open = move |session: TriageSession| {
        let go = navigate.get_value();
        go(&format!("/triage/{}", session.id), Default::default());
    };
    let go_to = move |next: Step| {
        step.set(next);
        request_animation_frame(|| {
            if let Some(heading) = document().get_element_by_id("triage-step-heading") {
                if let Ok(heading) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(heading)
                {
                    let _ = heading.focus();
                }
            }
        });
    };
    let on_answer = move |checked: Checked| match checked {
        Checked::NoneOfThese => go_to(Step::Complaint),
        Checked::Flags(red_flags) => {
            unsent.set(false);
            let request = TriageRequest {
                red_flags,
                ..TriageRequest::default()
            };
            let sent = async move {
                let answer = api.assess_symptoms(request).await;
                unsent.try_set(answer.is_err());
                answer
            };
            act.run(sent, open);
        }
    };
    view! {
        <div class="triage-new">
            <ol class="triage-steps" aria-label="Steps">
                <li aria-current=move || (step.get() == Step::Checklist).then_some("step")>"1. Urgent signs"</li>
                <li aria-current=move || (step.get() == Step::Complaint).then_some("step")>"2. Your symptoms"</li>
                <li>"3. How soon to get care"</li>
            </ol>
            {move || match step.get() {
                Step::Checklist => view! {
                    <Loaded from=safety what="the checklist" let:safety>
                        <RedFlagStep flags=safety.red_flags ticked none pending=Signal::derive(move || act.pending()) on_answer/>
                    </Loaded>
                    <Failure act/>
                    {move || unsent.get().then(|| view! {
                        <p class="hint" data-testid="unsent-advice">"Your check could not be kept, but this is what to do now:"</p>
                        <Banner urgency=Urgency::Emergency safety/>
                    })}
                }.into_any(),
                Step::Complaint => view! {
                    <Loaded from=questions what="the questions" let:questions>
                        <ComplaintStep questions draft on_back=move || go_to(Step::Checklist) on_sent=open/>
                    </Loaded>
                }.into_any(),
            }}
        </div>
    }
}

/// `/triage/:id`: one check's result.
#[component]
pub fn TriageResultPage() -> impl IntoView {
    let check = Loader::by_route_id(|api, id: TriageId| api.triage(id));
    view! {
        <h1>"Your symptom check"</h1>
        <p class="lead"><a href="/triage">"All your checks, or start a new one"</a></p>
        <div class="triage-result">
            <Loaded from=check what="your symptom check" let:session>
                <TriageResult session/>
            </Loaded>
        </div>
    }
}
