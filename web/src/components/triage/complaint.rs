//! The second step, after "None of these": the body area, the main symptom
//! offered there, other symptoms from any area, how long, how bad, fever,
//! sex at birth (kept if the patient asks) and, only when the vocabulary
//! asks it, pregnancy. Every refused answer shows under its question.

use std::collections::BTreeMap;

use leptos::prelude::*;
use medtrack_shared::triage::{
    PregnancyQuestion, Problem, Sex, TriageQuestions, TriageRequest, TriageSession, Vocabulary,
};

use super::choices::{yes_no, Choices, Severity};
use super::extra::ExtraSymptoms;
use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::form::Problems;

/// The complaint as it is being answered, kept by the page so that going
/// back to the checklist loses nothing.
#[derive(Debug, Clone, Copy)]
pub struct Draft {
    area: RwSignal<Option<String>>,
    main: RwSignal<Option<String>>,
    extra: RwSignal<Vec<String>>,
    duration: RwSignal<Option<String>>,
    severity: RwSignal<Option<u8>>,
    fever: RwSignal<Option<bool>>,
    sex: RwSignal<Option<Sex>>,
    pregnant: RwSignal<Option<bool>>,
    /// None until prefilled from what the patient kept.
    remember: RwSignal<Option<bool>>,
}

impl Draft {
    /// Nothing answered yet.
    pub fn new() -> Self {
        Self {
            area: RwSignal::new(None),
            main: RwSignal::new(None),
            extra: RwSignal::new(Vec::new()),
            duration: RwSignal::new(None),
            severity: RwSignal::new(None),
            fever: RwSignal::new(None),
            sex: RwSignal::new(None),
            pregnant: RwSignal::new(None),
            remember: RwSignal::new(None),
        }
    }

    fn answers(self) -> Answers {
        Answers {
            area: self.area.get_untracked(),
            main: self.main.get_untracked(),
            extra: self.extra.get_untracked(),
            duration: self.duration.get_untracked(),
            severity: self.severity.get_untracked(),
            fever: self.fever.get_untracked(),
            sex: self.sex.get_untracked(),
            pregnant: self.pregnant.get_untracked(),
            remember: self.remember.get_untracked().unwrap_or(false),
        }
    }
}

impl Default for Draft {
    fn default() -> Self {
        Self::new()
    }
}

/// The answers read at once, for checking and sending.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Answers {
    area: Option<String>,
    main: Option<String>,
    extra: Vec<String>,
    duration: Option<String>,
    severity: Option<u8>,
    fever: Option<bool>,
    sex: Option<Sex>,
    pregnant: Option<bool>,
    remember: bool,
}

/// Whether the pregnancy question is asked for these answers so far.
fn pregnancy(
    vocabulary: &Vocabulary,
    age_years: u16,
    area: Option<&str>,
    symptoms: &[String],
    sex: Option<Sex>,
) -> PregnancyQuestion {
    match (area, sex) {
        (Some(area), Some(sex)) => vocabulary.pregnancy_question(area, symptoms, sex, age_years),
        (Some(area), None) if area == vocabulary.pregnancy_area => PregnancyQuestion::Implied,
        _ => PregnancyQuestion::NotAsked,
    }
}

/// The main symptom, then the others.
fn symptoms(main: Option<&String>, extra: &[String]) -> Vec<String> {
    main.into_iter().chain(extra).cloned().collect()
}

/// The request to send, or the problems of the fields not answered, named
/// as the server names them.
fn request(
    answers: &Answers,
    questions: &TriageQuestions,
) -> Result<TriageRequest, BTreeMap<String, String>> {
    let mut missing = BTreeMap::new();
    let mut need = |field: &str, given: bool| {
        if !given {
            missing.insert(field.to_owned(), Problem::Required.message());
        }
    };
    need("area", answers.area.is_some());
    need("symptoms", answers.main.is_some());
    need("duration", answers.duration.is_some());
    need("severity", answers.severity.is_some());
    need("fever", answers.fever.is_some());
    need("sex", answers.sex.is_some());
    let symptoms = symptoms(answers.main.as_ref(), &answers.extra);
    let asked = pregnancy(
        &questions.vocabulary,
        questions.age_years,
        answers.area.as_deref(),
        &symptoms,
        answers.sex,
    );
    // Sent only when asked: an answer to a question not asked is refused.
    let pregnant = match asked {
        PregnancyQuestion::Asked => {
            need("pregnant", answers.pregnant.is_some());
            answers.pregnant
        }
        PregnancyQuestion::Implied | PregnancyQuestion::NotAsked => None,
    };
    if !missing.is_empty() {
        return Err(missing);
    }
    Ok(TriageRequest {
        red_flags: Vec::new(),
        none_of_these: true,
        area: answers.area.clone(),
        symptoms,
        duration: answers.duration.clone(),
        severity: answers.severity,
        fever: answers.fever,
        sex: answers.sex,
        pregnant,
        remember_sex: answers.remember,
    })
}

/// A field's error, but "is required" no longer once it is answered (any
/// other stays until the next attempt, as the server said it).
fn answered(
    error: Signal<Option<String>>,
    given: impl Fn() -> bool + Send + Sync + 'static,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        error
            .get()
            .filter(|message| *message != Problem::Required.message() || !given())
    })
}

/// "41 years", "8 months": the age the server read from the profile.
fn age_words(years: u16, months: u8) -> String {
    match (years, months) {
        (0, 1) => "1 month".to_owned(),
        (0, m) => format!("{m} months"),
        (1, _) => "1 year".to_owned(),
        (y, _) => format!("{y} years"),
    }
}

/// The complaint form; `on_sent` is given the check as kept.
#[component]
pub fn ComplaintStep(
    /// What the step offers, and what is known of the patient.
    questions: TriageQuestions,
    /// The answers so far.
    draft: Draft,
    /// Back to the checklist.
    on_back: impl Fn() + Copy + Send + Sync + 'static,
    /// Called with the check the server kept.
    on_sent: impl Fn(TriageSession) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let api = use_api();
    let act = Act::new();
    let problems = Problems::new();
    // The sex kept last time, and keeping it again, unless already changed here.
    if draft.remember.get_untracked().is_none() {
        if draft.sex.get_untracked().is_none() {
            draft.sex.set(questions.sex);
        }
        draft.remember.set(Some(questions.sex.is_some()));
    }
    let age = age_words(questions.age_years, questions.age_months);
    let vocabulary = StoredValue::new(questions.vocabulary.clone());
    let max_severity = questions.vocabulary.max_severity;
    let max_symptoms = questions.vocabulary.max_symptoms;
    let age_years = questions.age_years;
    // A main symptom not offered in the area chosen now is forgotten.
    Effect::new(move |_| {
        let area = draft.area.get();
        let offered = vocabulary.with_value(|v| {
            let main = draft.main.get_untracked();
            match (&area, &main) {
                (Some(area), Some(main)) => v.symptoms_in(area).any(|s| s.id == *main),
                _ => true,
            }
        });
        if !offered {
            draft.main.set(None);
        }
    });
    let asked = Memo::new(move |_| {
        let symptoms = symptoms(draft.main.get().as_ref(), &draft.extra.get());
        vocabulary.with_value(|v| {
            pregnancy(
                v,
                age_years,
                draft.area.get().as_deref(),
                &symptoms,
                draft.sex.get(),
            )
        })
    });
    let questions = StoredValue::new(questions);
    let area_error = answered(problems.of("area", "Body area"), move || {
        draft.area.with(Option::is_some)
    });
    let main_error = answered(problems.of("symptoms", "Main symptom"), move || {
        draft.main.with(Option::is_some)
    });
    let duration_error = answered(problems.of("duration", "How long"), move || {
        draft.duration.with(Option::is_some)
    });
    let severity_error = answered(problems.of("severity", "Severity"), move || {
        draft.severity.with(Option::is_some)
    });
    let fever_error = answered(problems.of("fever", "Fever"), move || {
        draft.fever.with(Option::is_some)
    });
    let sex_error = answered(problems.of("sex", "Sex at birth"), move || {
        draft.sex.with(Option::is_some)
    });
    let pregnant_error = answered(problems.of("pregnant", "Pregnancy"), move || {
        draft.pregnant.with(Option::is_some)
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let sending = questions.with_value(|q| request(&draft.answers(), q));
        match sending {
            Err(missing) => act.fail(problems.show(missing)),
            Ok(sending) => {
                let sent = async move {
                    api.assess_symptoms(sending)
                        .await
                        .map_err(|e| problems.refused(e))
                };
                act.run(sent, on_sent);
            }
        }
    };
    let areas: Vec<(String, String)> = vocabulary.with_value(|v| {
        v.areas
            .iter()
            .map(|a| (a.id.clone(), a.label.clone()))
            .collect()
    });
    let durations: Vec<(String, String)> = vocabulary.with_value(|v| {
        v.durations
            .iter()
            .map(|d| (d.id.clone(), d.label.clone()))
            .collect()
    });
    view! {
        <form class="triage-step card" on:submit=submit novalidate aria-labelledby="triage-step-heading" data-testid="complaint">
            <h2 id="triage-step-heading" tabindex="-1">"Your symptoms"</h2>
            <p class="step-lead">{format!("Tell us about the main problem. We use your age from your profile ({age}).")}</p>
            <Choices legend="Where is the problem?" name="area" options=areas value=draft.area
                error=area_error layout="areas"/>
            {move || draft.area.get().map(|area| {
                let offered: Vec<(String, String)> = vocabulary.with_value(|v| {
                    v.symptoms_in(&area).map(|s| (s.id.clone(), s.label.clone())).collect()
                });
                view! {
                    <Choices legend="What is the main symptom?" name="symptoms" options=offered value=draft.main
                        error=main_error layout="wide"/>
                }
            })}
            <ExtraSymptoms vocabulary main=draft.main extra=draft.extra max=max_symptoms/>
            <Choices legend="How long have you had it?" name="duration" options=durations value=draft.duration
                error=duration_error/>
            <Severity max=max_severity value=draft.severity error=severity_error/>
            <Choices legend="Do you have a fever?" hint="A temperature of 38 °C or more." name="fever" options=yes_no()
                value=draft.fever error=fever_error layout="two"/>
            <Choices legend="Sex at birth" hint="Some causes of symptoms depend on it." name="sex"
                options=vec![(Sex::Female, "Female".to_owned()), (Sex::Male, "Male".to_owned())]
                value=draft.sex error=sex_error layout="two"/>
            <label class="check remember">
                <input type="checkbox" data-testid="remember-sex"
                    prop:checked=move || draft.remember.get().unwrap_or(false)
                    on:change=move |ev| draft.remember.set(Some(event_target_checked(&ev)))/>
                <span>"Remember this for next time"</span>
            </label>
            {move || match asked.get() {
                PregnancyQuestion::Asked => view! {
                    <Choices legend="Are you pregnant, or could you be?" name="pregnant" options=yes_no()
                        value=draft.pregnant error=pregnant_error layout="two"/>
                }.into_any(),
                PregnancyQuestion::Implied => view! {
                    <p class="hint" data-testid="pregnancy-implied">"You chose pregnancy, so the check takes it that you are pregnant."</p>
                }.into_any(),
                PregnancyQuestion::NotAsked => ().into_any(),
            }}
            <Failure act/>
            <div class="actions">
                <button type="submit" disabled=move || act.pending()>"See how soon to get care"</button>
                <button type="button" class="secondary" on:click=move |_| on_back()>"Back"</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use medtrack_shared::triage::Triage;

    fn questions(sex: Option<Sex>) -> TriageQuestions {
        TriageQuestions {
            vocabulary: Triage::load().unwrap().vocabulary().clone(),
            age_years: 41,
            age_months: 3,
            sex,
            rules_version: "test".to_owned(),
        }
    }

    fn urinary(sex: Sex) -> Answers {
        Answers {
            area: Some("urinary".to_owned()),
            main: Some("painful_urination".to_owned()),
            duration: Some("days".to_owned()),
            severity: Some(4),
            fever: Some(false),
            sex: Some(sex),
            ..Answers::default()
        }
    }

    #[test]
    fn every_unanswered_question_is_named_by_its_field() {
        let missing = request(&Answers::default(), &questions(None)).unwrap_err();
        let fields: Vec<&str> = missing.keys().map(String::as_str).collect();
        assert_eq!(
            fields,
            ["area", "duration", "fever", "severity", "sex", "symptoms"]
        );
    }

    #[test]
    fn pregnancy_is_asked_only_when_the_vocabulary_asks_it() {
        let q = questions(None);
        assert_eq!(
            request(&urinary(Sex::Female), &q)
                .unwrap_err()
                .keys()
                .collect::<Vec<_>>(),
            ["pregnant"]
        );
        let mut answers = urinary(Sex::Female);
        answers.pregnant = Some(false);
        assert_eq!(request(&answers, &q).unwrap().pregnant, Some(false));
        // A stale answer is not sent once the question is gone.
        answers.sex = Some(Sex::Male);
        let sent = request(&answers, &q).unwrap();
        assert_eq!(sent.pregnant, None);
        assert!(sent.none_of_these && sent.red_flags.is_empty());
        assert_eq!(sent.symptoms, ["painful_urination"]);
        let v = &q.vocabulary;
        assert_eq!(
            pregnancy(v, 41, Some("pregnancy"), &[], None),
            PregnancyQuestion::Implied
        );
        assert_eq!(
            pregnancy(
                v,
                41,
                Some("urinary"),
                &["painful_urination".to_owned()],
                None
            ),
            PregnancyQuestion::NotAsked
        );
    }

    #[test]
    fn ages_read_as_people_say_them() {
        assert_eq!(age_words(41, 3), "41 years");
        assert_eq!(age_words(1, 2), "1 year");
        assert_eq!(age_words(0, 1), "1 month");
        assert_eq!(age_words(0, 7), "7 months");
    }
}
