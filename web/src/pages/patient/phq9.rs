//! The PHQ-9 as the patient answers it: their doctors' requests, the
//! questionnaire exactly as published, the result, and at once the crisis
//! message when item 9 calls for it; then their past results. The clinic's
//! crisis message stays in reach on the page.

use leptos::prelude::*;
use medtrack_shared::record::{
    Difficulty, Phq9Input, Phq9Result, Phq9Submitted, PHQ9_ANSWERS, PHQ9_DIFFICULTY, PHQ9_ITEMS,
    PHQ9_STEM,
};
use medtrack_shared::UserId;

use super::record::RecordNav;
use crate::api::use_api;
use crate::components::action::{Act, Failure, Outcome};
use crate::components::list::ShowMore;
use crate::components::status::{Loaded, Loader};
use crate::components::wellbeing::crisis::{CrisisAlert, CrisisNotice};
use crate::components::wellbeing::phq9::severity_class;
use crate::format;
use crate::state::session::use_session;

/// Whether any problem was checked: then the difficulty item is asked.
fn any_problem(answers: &[Option<u8>]) -> bool {
    answers.iter().any(|a| a.is_some_and(|a| a > 0))
}

/// The answers to send, or the numbers (from 1) of the items not answered.
fn collect(
    answers: &[Option<u8>],
    difficulty: Option<Difficulty>,
) -> Result<Phq9Input, Vec<usize>> {
    let missing: Vec<usize> = answers
        .iter()
        .enumerate()
        .filter(|(_, a)| a.is_none())
        .map(|(n, _)| n + 1)
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    Ok(Phq9Input {
        answers: answers.iter().map(|a| a.unwrap_or(0)).collect(),
        difficulty: difficulty.filter(|_| any_problem(answers)),
    })
}

/// "Answer question 3", "Answer questions 3 and 7".
fn missing_message(missing: &[usize]) -> String {
    let numbers: Vec<String> = missing.iter().map(usize::to_string).collect();
    match numbers.as_slice() {
        [] => String::new(),
        [one] => format!("Answer question {one} too, then send."),
        [rest @ .., last] => format!(
            "Answer questions {} and {last} too, then send.",
            rest.join(", ")
        ),
    }
}

/// The PHQ-9 page.
#[component]
pub fn Phq9Page() -> impl IntoView {
    let me = use_api().my_id().ok();
    view! {
        <h1>"PHQ-9 questionnaire"</h1>
        <p class="lead">"Nine questions about the last two weeks, to see how you are doing over time. Your doctors see your answers."</p>
        <RecordNav current="phq9"/>
        <CrisisNotice/>
        {me.map(|patient| view! { <Phq9 patient/> })}
    }
}

#[component]
fn Phq9(patient: UserId) -> impl IntoView {
    let requests = Loader::new(move |api| api.phq9_requests(patient));
    let history = Loader::new(move |api| api.phq9_results(patient, None));
    let submitted = RwSignal::new(None::<Phq9Submitted>);
    let answered = move |answer: Phq9Submitted| {
        let crisis = answer.crisis.is_some();
        submitted.set(Some(answer));
        requests.reload();
        history.reload();
        // The crisis message, or the result, in view and in focus.
        request_animation_frame(move || {
            let id = if crisis {
                "crisis-message"
            } else {
                "phq9-result"
            };
            if let Some(shown) = document().get_element_by_id(id) {
                shown.scroll_into_view();
                if let Ok(shown) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(shown) {
                    let _ = shown.focus();
                }
            }
        });
    };
    view! {
        <Pending requests/>
        {move || match submitted.get() {
            Some(answer) => view! { <Answered answer again=move || submitted.set(None)/> }.into_any(),
            None => view! { <Questionnaire patient on_sent=answered/> }.into_any(),
        }}
        <History patient history/>
    }
}

/// The doctors' requests still waiting for an answer.
#[component]
fn Pending(requests: Loader<Vec<medtrack_shared::record::Phq9Request>>) -> impl IntoView {
    let zone = use_session().zone();
    let pending = move || {
        requests
            .data()
            .unwrap_or_default()
            .into_iter()
            .filter(|r| r.pending())
            .collect::<Vec<_>>()
    };
    move || {
        let pending = pending();
        (!pending.is_empty()).then(|| {
            let zone = zone.clone();
            view! {
                <div class="notice" data-testid="phq9-requests">
                    <p><strong>"Your doctors asked you to answer"</strong></p>
                    <ul>
                        {pending.into_iter().map(|r| {
                            let repeat = r.repeat.weeks().map(|w| format!(" (every {w} weeks)")).unwrap_or_default();
                            view! { <li>{format!("{} asked on {}{repeat}", r.doctor.name, format::date_at(r.asked_at, &zone))}</li> }
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// The questionnaire, as published.
#[component]
fn Questionnaire(
    patient: UserId,
    on_sent: impl Fn(Phq9Submitted) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let api = use_api();
    let answers = RwSignal::new(vec![None::<u8>; PHQ9_ITEMS.len()]);
    let difficulty = RwSignal::new(None::<Difficulty>);
    let act = Act::new();
    let set = move |item: usize, value: u8| {
        answers.update(|all| {
            if let Some(answer) = all.get_mut(item) {
                *answer = Some(value);
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = match collect(&answers.get_untracked(), difficulty.get_untracked()) {
            Ok(input) => input,
            Err(missing) => return act.fail(missing_message(&missing)),
        };
        act.run(api.answer_phq9(patient, input), on_sent);
    };
    view! {
        <form class="phq9-form" on:submit=submit novalidate aria-labelledby="phq9-form-heading" data-testid="phq9-form">
            <h2 id="phq9-form-heading">"Answer the PHQ-9"</h2>
            <p class="phq9-stem" id="phq9-stem"><strong>{PHQ9_STEM}</strong></p>
            <ol class="phq9-items">
                {PHQ9_ITEMS.iter().enumerate().map(|(n, item)| view! {
                    <li>
                        <fieldset class="phq9-item" aria-describedby="phq9-stem" data-testid="phq9-item">
                            <legend><span class="number">{format!("{}.", n + 1)}</span>" "{*item}</legend>
                            <div class="phq9-options">
                                {PHQ9_ANSWERS.iter().zip(0_u8..).map(|(answer, value)| view! {
                                    <label class="option">
                                        <input type="radio" name=format!("phq9-{n}") value=value.to_string()
                                            prop:checked=move || answers.with(|a| a.get(n).copied().flatten() == Some(value))
                                            on:change=move |_| set(n, value)/>
                                        <span>{*answer}</span>
                                    </label>
                                }).collect_view()}
                            </div>
                        </fieldset>
                    </li>
                }).collect_view()}
            </ol>
            {move || answers.with(|a| any_problem(a)).then(|| view! {
                <fieldset class="phq9-item difficulty" data-testid="phq9-difficulty">
                    <legend>{PHQ9_DIFFICULTY}</legend>
                    <div class="phq9-options">
                        {Difficulty::ALL.map(|choice| view! {
                            <label class="option">
                                <input type="radio" name="phq9-difficulty"
                                    prop:checked=move || difficulty.get() == Some(choice)
                                    on:change=move |_| difficulty.set(Some(choice))/>
                                <span>{choice.label()}</span>
                            </label>
                        }).collect_view()}
                    </div>
                </fieldset>
            })}
            <Outcome act testid="phq9-message"/>
            <div class="actions">
                <button type="submit" disabled=move || act.pending()>"Send my answers"</button>
            </div>
        </form>
    }
}

/// The result just sent: the crisis message first when it applies.
#[component]
fn Answered(
    answer: Phq9Submitted,
    again: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let result = answer.result;
    view! {
        {answer.crisis.map(|message| view! { <CrisisAlert message/> })}
        <section class="card phq9-outcome" id="phq9-result" tabindex="-1" aria-labelledby="phq9-result-heading" data-testid="phq9-result">
            <h2 id="phq9-result-heading">"Your result"</h2>
            <p class="phq9-score">
                <strong data-testid="phq9-score">{format!("{} of 27", result.score)}</strong>" "
                <span class=severity_class(result.severity) data-testid="phq9-band">{result.severity.label()}</span>
            </p>
            <p>"Your doctors can see it. If anything worries you, talk to one of them."</p>
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| again()>"Answer again"</button>
            </div>
        </section>
    }
}

/// Past results, newest first.
#[component]
fn History(patient: UserId, history: Loader<medtrack_shared::Page<Phq9Result>>) -> impl IntoView {
    let api = use_api();
    let zone = use_session().zone();
    let more = Act::new();
    let show_more = move |cursor: String| {
        more.run(api.phq9_results(patient, Some(cursor)), move |page| {
            history.append(page)
        });
    };
    view! {
        <section aria-labelledby="phq9-history-heading">
            <h2 id="phq9-history-heading">"Your past results"</h2>
            <Loaded from=history what="your PHQ-9 results" let:page>
                {if page.items.is_empty() {
                    view! { <p class="empty" data-testid="phq9-history-empty">"You have not answered a PHQ-9 yet."</p> }.into_any()
                } else {
                    let zone = zone.clone();
                    view! {
                        <table class="table" data-testid="phq9-history">
                            <thead><tr><th scope="col">"Answered"</th><th scope="col">"Score"</th><th scope="col">"Band"</th></tr></thead>
                            <tbody>
                                {page.items.into_iter().map(|r| view! {
                                    <tr>
                                        <td data-label="Answered">{format::when(r.answered_at, &zone)}</td>
                                        <td data-label="Score">{format!("{} of 27", r.score)}</td>
                                        <td data-label="Band"><span class=severity_class(r.severity)>{r.severity.label()}</span></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
                <ShowMore cursor=page.next_cursor act=more show_more/>
            </Loaded>
            <Failure act=more/>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_must_be_answered() {
        let mut answers = vec![Some(0_u8); 9];
        answers[2] = None;
        answers[6] = None;
        assert_eq!(collect(&answers, None), Err(vec![3, 7]));
        assert_eq!(
            missing_message(&[3, 7]),
            "Answer questions 3 and 7 too, then send."
        );
        assert_eq!(missing_message(&[9]), "Answer question 9 too, then send.");
    }

    #[test]
    fn the_difficulty_item_counts_only_when_a_problem_was_checked() {
        let none = vec![Some(0_u8); 9];
        assert!(!any_problem(&none));
        let input = collect(&none, Some(Difficulty::VeryDifficult)).unwrap();
        assert_eq!(input.difficulty, None);
        let mut some = none.clone();
        some[8] = Some(1);
        assert!(any_problem(&some));
        let input = collect(&some, Some(Difficulty::VeryDifficult)).unwrap();
        assert_eq!(input.difficulty, Some(Difficulty::VeryDifficult));
        assert!(input.self_harm());
        assert_eq!(input.score(), 1);
    }
}
