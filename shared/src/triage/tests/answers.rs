use super::*;
use crate::validation::FieldErrors;

#[test]
fn the_checklist_must_be_answered_one_way() {
    let unanswered = TriageInput {
        none_of_these: false,
        ..complaint()
    };
    assert_eq!(
        refused(&unanswered).problem("red_flags"),
        Some(Problem::Required)
    );
    let both = TriageInput {
        red_flags: vec!["chest_pain".into()],
        ..complaint()
    };
    assert_eq!(
        refused(&both).problem("none_of_these"),
        Some(Problem::Contradicts("red_flags"))
    );
    let unknown = refused(&red_flags(&["chest_pain", "sore_knee"]));
    assert_eq!(unknown.problem("red_flags[1]"), Some(Problem::Unknown));
    let twice = refused(&red_flags(&["chest_pain", "chest_pain"]));
    assert_eq!(twice.problem("red_flags[1]"), Some(Problem::Repeated));
    let many = vec!["chest_pain"; 10];
    assert!(matches!(
        refused(&red_flags(&many)).problem("red_flags"),
        Some(Problem::TooMany { max: 9 })
    ));
}

#[test]
fn a_complaint_is_checked_field_by_field() {
    assert!(committed().check(&complaint()).is_ok());
    let cases: Vec<(TriageInput, &str, Problem)> = vec![
        (
            TriageInput {
                area: None,
                ..complaint()
            },
            "area",
            Problem::Required,
        ),
        (
            TriageInput {
                area: Some("knee".into()),
                ..complaint()
            },
            "area",
            Problem::Unknown,
        ),
        (
            TriageInput {
                area: Some("x".repeat(65)),
                ..complaint()
            },
            "area",
            Problem::TooLong,
        ),
        (
            TriageInput {
                symptoms: vec![],
                ..complaint()
            },
            "symptoms",
            Problem::Required,
        ),
        (
            TriageInput {
                symptoms: vec!["cough".into(), "sneezing".into()],
                ..complaint()
            },
            "symptoms[1]",
            Problem::Unknown,
        ),
        (
            TriageInput {
                symptoms: vec!["cough".into(), "cough".into()],
                ..complaint()
            },
            "symptoms[1]",
            Problem::Repeated,
        ),
        (
            TriageInput {
                symptoms: vec!["rash".into(), "cough".into()],
                ..complaint()
            },
            "symptoms[0]",
            Problem::NotInArea,
        ),
        (
            TriageInput {
                symptoms: vec!["cough".into(); 11],
                ..complaint()
            },
            "symptoms",
            Problem::TooMany { max: MAX_SYMPTOMS },
        ),
        (
            TriageInput {
                duration: Some("years".into()),
                ..complaint()
            },
            "duration",
            Problem::Unknown,
        ),
        (
            TriageInput {
                duration: None,
                ..complaint()
            },
            "duration",
            Problem::Required,
        ),
        (
            TriageInput {
                severity: Some(11),
                ..complaint()
            },
            "severity",
            Problem::OutOfRange { min: 0, max: 10 },
        ),
        (
            TriageInput {
                fever: None,
                ..complaint()
            },
            "fever",
            Problem::Required,
        ),
        (
            TriageInput {
                age_years: Some(121),
                ..complaint()
            },
            "age_years",
            Problem::OutOfRange { min: 0, max: 120 },
        ),
        (
            TriageInput {
                age_months: Some(12),
                ..complaint()
            },
            "age_months",
            Problem::OutOfRange { min: 0, max: 11 },
        ),
        (
            TriageInput {
                sex: None,
                ..complaint()
            },
            "sex",
            Problem::Required,
        ),
        // A man is not asked whether he is pregnant.
        (
            TriageInput {
                pregnant: Some(false),
                ..complaint()
            },
            "pregnant",
            Problem::NotAsked,
        ),
    ];
    for (input, field, problem) in cases {
        let invalid = refused(&input);
        assert_eq!(
            invalid.problem(field),
            Some(problem),
            "{field}: {invalid:?}"
        );
        let errors = FieldErrors::from(invalid);
        assert_eq!(errors.get(field), Some(problem.message().as_str()));
    }
}

#[test]
fn pregnancy_is_asked_only_where_it_matters() {
    let woman = |age: u16, symptom: &str, pregnant: Option<bool>| TriageInput {
        area: Some("stomach".into()),
        symptoms: vec![symptom.into()],
        age_years: Some(age),
        sex: Some(Sex::Female),
        pregnant,
        ..complaint()
    };
    // Abdominal pain asks it of a woman of 12 to 55: required, then accepted.
    assert_eq!(
        refused(&woman(30, "abdominal_pain", None)).problem("pregnant"),
        Some(Problem::Required)
    );
    assert!(committed()
        .check(&woman(30, "abdominal_pain", Some(false)))
        .is_ok());
    // Not asked at 60, nor for constipation.
    assert_eq!(
        refused(&woman(60, "abdominal_pain", Some(false))).problem("pregnant"),
        Some(Problem::NotAsked)
    );
    assert_eq!(
        refused(&woman(30, "constipation", Some(true))).problem("pregnant"),
        Some(Problem::NotAsked)
    );
    assert!(committed()
        .check(&woman(11, "abdominal_pain", None))
        .is_ok());
    // The pregnancy area implies it.
    let area = |sex: Sex, pregnant: Option<bool>| TriageInput {
        area: Some("pregnancy".into()),
        symptoms: vec!["contractions".into()],
        age_years: Some(30),
        sex: Some(sex),
        pregnant,
        ..complaint()
    };
    for given in [None, Some(true)] {
        let Answers::Complaint(c) = committed().check(&area(Sex::Female, given)).unwrap() else {
            panic!("a complaint");
        };
        assert_eq!(c.pregnant(), Some(true));
    }
    assert_eq!(
        refused(&area(Sex::Female, Some(false))).problem("pregnant"),
        Some(Problem::Contradicts("area"))
    );
    assert_eq!(
        refused(&area(Sex::Male, None)).problem("area"),
        Some(Problem::Contradicts("sex"))
    );
    let vocabulary = committed().vocabulary();
    assert_eq!(
        vocabulary.pregnancy_question("skin", &["rash"], Sex::Female, 55),
        PregnancyQuestion::Asked
    );
    assert_eq!(
        vocabulary.pregnancy_question("skin", &["rash"], Sex::Female, 56),
        PregnancyQuestion::NotAsked
    );
}
