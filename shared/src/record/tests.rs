use super::*;

fn problem(name: &str) -> ProblemInput {
    ProblemInput {
        name: name.into(),
        code: None,
        onset: None,
        notes: String::new(),
        clinical_status: ClinicalStatus::Active,
    }
}

#[test]
fn a_problem_needs_a_name_within_its_limit() {
    assert!(problem("Asthma").check().is_ok());
    for bad in ["", "   ", "--", &"a".repeat(MAX_ENTRY_NAME_CHARS + 1)] {
        let errors = problem(bad).check().unwrap_err();
        assert!(errors.get("name").is_some(), "{bad:?}");
    }
    let mut coded = problem("Asthma");
    coded.code = Some(Code {
        system: "ICD-10".into(),
        value: String::new(),
    });
    assert!(coded.check().unwrap_err().get("code.value").is_some());
    coded.onset = Some(jiff::civil::date(1899, 12, 31));
    assert!(coded.check().unwrap_err().get("onset").is_some());
}

#[test]
fn a_change_changes_something_and_entered_in_error_comes_alone_with_a_reason() {
    let empty = ProblemChange::default();
    assert!(empty.check().unwrap_err().get("correction").is_some());
    let confirm = ProblemChange {
        verification: Some(Verification::Confirmed),
        ..Default::default()
    };
    assert!(confirm.check().is_ok());
    let back = ProblemChange {
        verification: Some(Verification::PatientReported),
        ..Default::default()
    };
    assert!(back.check().unwrap_err().get("verification").is_some());
    let mut error = ProblemChange {
        verification: Some(Verification::EnteredInError),
        ..Default::default()
    };
    assert!(error.check().unwrap_err().get("reason").is_some());
    error.reason = Some("Wrong patient".into());
    assert!(error.check().is_ok());
    error.clinical_status = Some(ClinicalStatus::Resolved);
    assert!(error.check().unwrap_err().get("verification").is_some());
    let long = AllergyChange {
        clinical_status: Some(ClinicalStatus::Resolved),
        reason: Some("a".repeat(MAX_CHANGE_REASON_CHARS + 1)),
        ..Default::default()
    };
    let message = long.check().unwrap_err();
    assert!(message.get("reason").unwrap().contains("at most"));
}

#[test]
fn only_active_unrefuted_entries_stand() {
    let author = Author {
        id: "0190b5a2-7c1e-7d3a-9f00-4c2b8e1d2a10".parse().unwrap(),
        name: "Dr Grey".into(),
        role: crate::Role::Doctor,
    };
    let at = jiff::Timestamp::UNIX_EPOCH;
    let mut state = EntryState {
        clinical_status: ClinicalStatus::Active,
        verification: Verification::PatientReported,
        recorded_by: author.clone(),
        recorded_at: at,
        updated_by: author,
        updated_at: at,
        revision: 1,
        reason: None,
    };
    assert!(state.in_force());
    assert_eq!(state.list_status(), ListStatus::Active);
    state.verification = Verification::Refuted;
    assert!(!state.in_force());
    assert_eq!(state.list_status(), ListStatus::Refuted);
    state.verification = Verification::Confirmed;
    state.clinical_status = ClinicalStatus::Resolved;
    assert!(!state.in_force());
    assert_eq!(state.list_status(), ListStatus::Resolved);
    state.verification = Verification::EnteredInError;
    assert_eq!(state.list_status(), ListStatus::EnteredInError);
}

#[test]
fn phq9_bands_change_at_each_published_boundary() {
    let bands = [
        (0, Phq9Severity::Minimal),
        (4, Phq9Severity::Minimal),
        (5, Phq9Severity::Mild),
        (9, Phq9Severity::Mild),
        (10, Phq9Severity::Moderate),
        (14, Phq9Severity::Moderate),
        (15, Phq9Severity::ModeratelySevere),
        (19, Phq9Severity::ModeratelySevere),
        (20, Phq9Severity::Severe),
        (27, Phq9Severity::Severe),
    ];
    for (score, band) in bands {
        assert_eq!(Phq9Severity::of(score), band, "{score}");
    }
}

#[test]
fn phq9_scores_the_nine_items_and_reads_item_9() {
    let input = |answers: Vec<u8>| Phq9Input {
        answers,
        difficulty: None,
    };
    assert_eq!(input(vec![3; 9]).score(), 27);
    assert_eq!(input(vec![0; 9]).score(), 0);
    let mut ninth = vec![0; 9];
    ninth[8] = 1;
    assert!(input(ninth.clone()).self_harm());
    assert_eq!(input(ninth).score(), 1);
    assert!(!input(vec![3, 3, 3, 3, 3, 3, 3, 3, 0]).self_harm());
    assert!(input(vec![0; 8]).check().is_err());
    assert!(input(vec![0; 10]).check().is_err());
    assert!(input(vec![0, 0, 0, 0, 0, 0, 0, 0, 4]).check().is_err());
    assert!(input(vec![1; 9]).check().is_ok());
}

#[test]
fn mood_input_is_checked() {
    let mood = |score: u8, tags: &[&str]| MoodInput {
        score,
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        note: String::new(),
        at: None,
    };
    assert!(mood(1, &[]).check().is_ok());
    assert!(mood(10, &["calm"]).check().is_ok());
    assert!(mood(0, &[]).check().is_err());
    assert!(mood(11, &[]).check().is_err());
    assert!(mood(5, &[" "]).check().is_err());
    assert!(mood(5, &["a"; 9]).check().is_err());
    assert_eq!(normal_tag("  In   PAIN "), "in pain");
}
