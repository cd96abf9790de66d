//! A patient's PHQ-9 results as their doctors see them: each score and
//! band, the answers, and the alert an answer to item 9 raised, open (with
//! "Acknowledge" and a note) or taken in hand by whom and when.

use leptos::prelude::*;
use medtrack_shared::pagination::Page;
use medtrack_shared::record::{
    AcknowledgeInput, Acknowledgement, CrisisAlert, Phq9Result, Phq9Severity, PHQ9_ANSWERS,
    PHQ9_ITEMS,
};
use medtrack_shared::{Phq9Id, UserId};

use crate::api::use_api;
use crate::components::action::{Act, Failure, Outcome};
use crate::components::form::{Problems, TextArea};
use crate::components::list::ShowMore;
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

/// The longest note of an acknowledgement.
const MAX_NOTE_CHARS: usize = 500;

/// The badge's class of a band: the higher, the louder.
pub fn severity_class(severity: Phq9Severity) -> &'static str {
    match severity {
        Phq9Severity::Minimal | Phq9Severity::Mild => "badge",
        Phq9Severity::Moderate => "badge warn",
        Phq9Severity::ModeratelySevere | Phq9Severity::Severe => "badge alert",
    }
}

/// The answer to item `n` (0-based) in words.
pub fn answer_words(answers: &[u8], n: usize) -> &'static str {
    answers
        .get(n)
        .and_then(|a| PHQ9_ANSWERS.get(usize::from(*a)))
        .copied()
        .unwrap_or("Not answered")
}

/// Whether a result's alert waits for someone to take it in hand.
pub fn open_alert(result: &Phq9Result) -> bool {
    result
        .alert
        .as_ref()
        .is_some_and(|a| a.acknowledged.is_none())
}

/// The patient's results, newest first, a page at a time, for a doctor.
#[component]
pub fn Phq9Results(patient: UserId) -> impl IntoView {
    let api = use_api();
    let results = Loader::new(move |api| api.phq9_results(patient, None));
    let more = Act::new();
    let show_more = move |cursor: String| {
        more.run(api.phq9_results(patient, Some(cursor)), move |page| {
            results.append(page)
        });
    };
    view! {
        <Loaded from=results what="the PHQ-9 results" let:page>
            {
                let page: Page<Phq9Result> = page;
                let open = page.items.iter().filter(|r| open_alert(r)).count();
                if page.items.is_empty() {
                    view! { <p class="empty" data-testid="phq9-none">"No PHQ-9 answered yet."</p> }.into_any()
                } else {
                    view! {
                        {(open > 0).then(|| view! {
                            <p class="notice problem" data-testid="phq9-open-alerts">
                                <strong>{if open == 1 { "An alert is open: ".to_owned() } else { format!("{open} alerts are open: ") }}</strong>
                                "the patient answered item 9 (thoughts of death or self-harm) other than “Not at all”. Acknowledge it below once you have it in hand."
                            </p>
                        })}
                        <ul class="cards phq9-results" data-testid="phq9-results">
                            {page.items.into_iter().map(|result| view! { <ResultCard result results/> }).collect_view()}
                        </ul>
                        <ShowMore cursor=page.next_cursor act=more show_more/>
                    }.into_any()
                }
            }
        </Loaded>
        <Failure act=more/>
    }
}

#[component]
fn ResultCard(result: Phq9Result, results: Loader<Page<Phq9Result>>) -> impl IntoView {
    let zone = use_session().zone();
    let open = open_alert(&result);
    let class = if open {
        "card phq9-result emergency"
    } else {
        "card phq9-result"
    };
    let alert = result
        .alert
        .clone()
        .map(|alert| view! { <AlertState alert result=result.clone() results zone=zone.clone()/> });
    let difficulty = result.difficulty.map(|d| d.label());
    view! {
        <li class=class data-testid="phq9-result" data-open=open.to_string()>
            <h3>
                {format!("{} of 27", result.score)}" "
                <span class=severity_class(result.severity)>{result.severity.label()}</span>
            </h3>
            <p>{format!("Answered {}", format::when(result.answered_at, &zone))}</p>
            {alert}
            <details class="more">
                <summary>"Answers"</summary>
                <ol class="phq9-answers">
                    {PHQ9_ITEMS.iter().enumerate().map(|(n, item)| view! {
                        <li>{*item}": " <strong>{answer_words(&result.answers, n)}</strong></li>
                    }).collect_view()}
                </ol>
                {difficulty.map(|d| view! { <p>"Difficulty: " <strong>{d}</strong></p> })}
            </details>
        </li>
    }
}

/// Who took an alert in hand, or the form that does.
#[component]
fn AlertState(
    alert: CrisisAlert,
    result: Phq9Result,
    results: Loader<Page<Phq9Result>>,
    zone: String,
) -> impl IntoView {
    let id = result.id;
    let item9 = answer_words(&result.answers, 8);
    let raised = format!(
        "Item 9 answered “{item9}”. Alert raised {}",
        format::when(alert.raised_at, &zone)
    );
    let escalated = alert
        .escalated_at
        .map(|at| {
            format!(
                "; sent to the clinic's administrators {}",
                format::when(at, &zone)
            )
        })
        .unwrap_or_default();
    let state = match alert.acknowledged {
        Some(done) => view! { <Acknowledged done zone/> }.into_any(),
        None => view! {
            <AcknowledgeForm patient=result.patient id=result.id on_done=move |alert: CrisisAlert| {
                results.update(|page| {
                    if let Some(shown) = page.items.iter_mut().find(|r| r.id == id) {
                        shown.alert = Some(alert);
                    }
                });
            }/>
        }
        .into_any(),
    };
    view! {
        <p class="reason" data-testid="phq9-alert">{format!("{raised}{escalated}.")}</p>
        {state}
    }
}

/// "Acknowledged by NAME at TIME", and their note.
#[component]
pub fn Acknowledged(done: Acknowledgement, zone: String) -> impl IntoView {
    view! {
        <p class="acknowledged" data-testid="phq9-acknowledged">
            <span class="badge ok">"Acknowledged"</span>" "
            {format!("by {} at {}", done.by.name, format::when(done.at, &zone))}
        </p>
        {(!done.note.is_empty()).then(|| view! { <p class="reason">"Note: " <q>{done.note.clone()}</q></p> })}
    }
}

/// Takes an alert in hand, with an optional note of what was done.
#[component]
pub fn AcknowledgeForm(
    patient: UserId,
    id: Phq9Id,
    on_done: impl Fn(CrisisAlert) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let api = use_api();
    let note = RwSignal::new(String::new());
    let act = Act::new();
    let problems = Problems::new();
    let note_error = problems.of("note", "The note");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let input = AcknowledgeInput {
            note: note.get_untracked(),
        };
        if let Err(errors) = input.check() {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.acknowledge(patient, id, input)
                .await
                .map_err(|e| problems.refused(e))
        };
        act.run(sent, move |answer| {
            act.done("Alert acknowledged.");
            on_done(answer);
        });
    };
    view! {
        <form class="form acknowledge" on:submit=submit novalidate data-testid="acknowledge-form">
            <TextArea label="Note (optional)" id=format!("ack-{id}") max=MAX_NOTE_CHARS rows=2 value=note error=note_error
                hint="What you did or will do, e.g. “Called the patient; seeing them today.”"/>
            <Outcome act/>
            <div class="actions">
                <button type="submit" disabled=move || act.pending()>"Acknowledge"</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::Timestamp;
    use medtrack_shared::record::Author;
    use medtrack_shared::Role;

    const SOME_ID: &str = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

    fn result(answers: Vec<u8>, alert: Option<CrisisAlert>) -> Phq9Result {
        let score = answers.iter().sum();
        Phq9Result {
            id: SOME_ID.parse().unwrap(),
            patient: SOME_ID.parse().unwrap(),
            answers,
            difficulty: None,
            score,
            severity: Phq9Severity::of(score),
            answered_at: Timestamp::UNIX_EPOCH,
            alert,
        }
    }

    #[test]
    fn answers_read_as_published_and_a_missing_one_says_so() {
        let answers = [0, 1, 2, 3, 0, 0, 0, 0, 1];
        assert_eq!(answer_words(&answers, 0), "Not at all");
        assert_eq!(answer_words(&answers, 3), "Nearly every day");
        assert_eq!(answer_words(&answers, 8), "Several days");
        assert_eq!(answer_words(&answers, 9), "Not answered");
        assert_eq!(answer_words(&[7], 0), "Not answered");
    }

    #[test]
    fn an_alert_is_open_until_someone_acknowledges_it() {
        let raised = CrisisAlert {
            raised_at: Timestamp::UNIX_EPOCH,
            escalated_at: None,
            acknowledged: None,
        };
        assert!(!open_alert(&result(vec![0; 9], None)));
        assert!(open_alert(&result(vec![1; 9], Some(raised.clone()))));
        let done = CrisisAlert {
            acknowledged: Some(Acknowledgement {
                by: Author {
                    id: SOME_ID.parse().unwrap(),
                    name: "Dr Alves".into(),
                    role: Role::Doctor,
                },
                at: Timestamp::UNIX_EPOCH,
                note: String::new(),
            }),
            ..raised
        };
        assert!(!open_alert(&result(vec![1; 9], Some(done))));
    }

    #[test]
    fn higher_bands_are_louder() {
        assert_eq!(severity_class(Phq9Severity::Mild), "badge");
        assert_eq!(severity_class(Phq9Severity::Moderate), "badge warn");
        assert_eq!(severity_class(Phq9Severity::Severe), "badge alert");
    }
}
