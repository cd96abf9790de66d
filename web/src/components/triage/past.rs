//! The patient's past checks, newest first: when, how soon, and what it
//! was about, each opening its result.

use leptos::prelude::*;
use medtrack_shared::safety::Safety;
use medtrack_shared::triage::{TriageQuestions, TriageSession, Vocabulary};

use super::UrgencyChip;
use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::list::ShowMore;
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

/// What a check was about: its red flag, or its area and main symptom in
/// the vocabulary's words; its first reason when neither can be named.
fn about(
    check: &TriageSession,
    vocabulary: Option<&Vocabulary>,
    safety: Option<&Safety>,
) -> String {
    let first_reason = || {
        check
            .outcome
            .fired
            .first()
            .map(|f| f.reason.clone())
            .unwrap_or_default()
    };
    if let Some(flag) = &check.outcome.red_flag {
        return safety
            .and_then(|s| s.red_flags.iter().find(|f| f.id == *flag))
            .map(|f| f.label.clone())
            .unwrap_or_else(first_reason);
    }
    let area = check.answers.area.as_deref();
    let named = vocabulary.and_then(|v| {
        let area = v.area(area?)?;
        let main = check.answers.symptoms.first().and_then(|s| v.symptom(s));
        Some(match main {
            Some(main) => format!("{}: {}", area.label, main.label),
            None => area.label.clone(),
        })
    });
    named.unwrap_or_else(first_reason)
}

/// The list, a page at a time.
#[component]
pub fn PastChecks(
    /// For the areas' and symptoms' words.
    questions: Loader<TriageQuestions>,
    /// For the red flags' words.
    safety: Loader<Safety>,
) -> impl IntoView {
    let api = use_api();
    let checks = Loader::new(|api| api.triages(None));
    let more = Act::new();
    let show_more = move |cursor: String| {
        more.run(api.triages(Some(cursor)), move |page| checks.append(page));
    };
    view! {
        <section class="triage-past" aria-labelledby="triage-past-heading" data-testid="triage-past">
            <h2 id="triage-past-heading">"Your past checks"</h2>
            <Loaded from=checks what="your past checks" let:page>
                <PastList items=page.items.clone() questions safety/>
                <ShowMore cursor=page.next_cursor.clone() act=more show_more/>
            </Loaded>
            <Failure act=more/>
        </section>
    }
}

#[component]
fn PastList(
    items: Vec<TriageSession>,
    questions: Loader<TriageQuestions>,
    safety: Loader<Safety>,
) -> impl IntoView {
    let zone = use_session().zone();
    if items.is_empty() {
        return view! { <p class="empty" data-testid="triage-history-empty">"You have not checked any symptoms yet."</p> }
            .into_any();
    }
    view! {
        <ul class="triage-history" data-testid="triage-history">
            {items.into_iter().map(|check| {
                let when = format::when(check.at, &zone);
                let check = StoredValue::new(check);
                let what = move || {
                    let vocabulary = questions.data().map(|q| q.vocabulary);
                    check.with_value(|c| about(c, vocabulary.as_ref(), safety.data().as_ref()))
                };
                let (id, urgency) = check.with_value(|c| (c.id, c.outcome.urgency));
                view! {
                    <li data-testid="past-check">
                        <a class="past-check" href=format!("/triage/{id}")>
                            <span class="past-head">
                                <UrgencyChip urgency/>
                                <time datetime=check.with_value(|c| c.at.to_string())>{when}</time>
                            </span>
                            <span class="past-what">{what}</span>
                        </a>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
