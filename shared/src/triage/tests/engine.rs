use super::*;

#[test]
fn the_most_urgent_rule_wins_and_every_fired_rule_is_listed() {
    let triage = triage_with(
        "[[rule]]\nid = \"cough\"\nreason = \"Plain.\"\nurgency = \"self_care\"\nany_of = [\"cough\"]\n\
         [[rule]]\nid = \"cough-fever\"\nreason = \"Hot.\"\nurgency = \"soon\"\nall_of = [\"cough\"]\nfever = true\n\
         [[rule]]\nid = \"severe\"\nreason = \"Bad.\"\nurgency = \"urgent\"\nseverity_at_least = 8\n\
         specialization = \"pulmonology\"\n\
         [[rule]]\nid = \"fever-soon\"\nreason = \"Also hot.\"\nurgency = \"soon\"\nfever = true\n\
         specialization = \"infectious-disease\"\n\
         [[rule]]\nid = \"wheeze\"\nreason = \"Unrelated.\"\nurgency = \"emergency\"\nany_of = [\"wheeze\"]\n",
    )
    .unwrap();
    let mut input = complaint();
    input.fever = Some(true);
    input.severity = Some(9);
    let outcome = triage.assess(&input).unwrap();
    assert_eq!(outcome.urgency, Urgency::Urgent);
    // Most urgent first, then in the file's order.
    assert_eq!(
        fired(&outcome),
        ["severe", "cough-fever", "fever-soon", "cough"]
    );
    assert_eq!(outcome.fired[1].reason, "Hot.");
    assert_eq!(outcome.specialization.unwrap().as_str(), "pulmonology");
    assert_eq!(outcome.rules_version, "test.1");

    // Without the severe rule, the most urgent that names one is fever-soon.
    input.severity = Some(2);
    let outcome = triage.assess(&input).unwrap();
    assert_eq!(outcome.urgency, Urgency::Soon);
    assert_eq!(
        outcome.specialization.unwrap().as_str(),
        "infectious-disease"
    );

    // None names one: the area's, or its children's.
    input.fever = Some(false);
    let outcome = triage.assess(&input).unwrap();
    assert_eq!(fired(&outcome), ["cough"]);
    assert_eq!(outcome.specialization.unwrap().as_str(), "family-medicine");
    input.age_years = Some(15);
    let outcome = triage.assess(&input).unwrap();
    assert_eq!(outcome.specialization.unwrap().as_str(), "pediatrics");
}

#[test]
fn the_area_default_is_a_floor_and_explains_only_what_no_rule_reached() {
    let rules = rules_with(
        "[[rule]]\nid = \"cough\"\nreason = \"Plain.\"\nurgency = \"self_care\"\nany_of = [\"cough\"]\n",
    )
    .replacen("urgency = \"self_care\"", "urgency = \"routine\"", 5);
    let triage = Triage::parse(COMPLAINTS_TOML, &rules).unwrap();
    // The first five areas, lungs the last of them, now have a routine floor.
    let outcome = triage.assess(&complaint()).unwrap();
    assert_eq!(outcome.urgency, Urgency::Routine);
    assert_eq!(fired(&outcome), ["area:lungs", "cough"]);
    let mut head = complaint();
    head.area = Some("ent".into());
    let outcome = triage.assess(&head).unwrap();
    assert_eq!(outcome.urgency, Urgency::Routine);
    let plain = triage_with("").unwrap().assess(&complaint()).unwrap();
    assert_eq!(
        fired(&plain),
        ["area:lungs"],
        "nothing fired: the area's reason"
    );
    assert_eq!(plain.urgency, Urgency::SelfCare);
}

#[test]
fn a_red_flag_ends_triage_whatever_else_was_sent() {
    let mut input = red_flags(&["breathing"]);
    input.area = Some("no_such_area".into());
    input.severity = Some(99);
    let outcome = committed().assess(&input).unwrap();
    assert_eq!(outcome.urgency, Urgency::Emergency);
    assert_eq!(fired(&outcome), ["red-flag:breathing"]);
    assert_eq!(outcome.red_flag.as_deref(), Some("breathing"));
    assert!(!outcome.crisis);
    assert!(outcome.specialization.is_none());
    assert!(outcome.fired[0].reason.contains("emergency number"));
}

#[test]
fn thoughts_of_self_harm_ask_for_the_crisis_message() {
    let outcome = committed().assess(&red_flags(&["self_harm"])).unwrap();
    assert_eq!(outcome.urgency, Urgency::Emergency);
    assert!(outcome.crisis);
    assert_eq!(outcome.red_flag.as_deref(), Some("self_harm"));
    // Several flags: in the checklist's order, the crisis message still shown.
    let outcome = committed()
        .assess(&red_flags(&["self_harm", "chest_pain"]))
        .unwrap();
    assert!(outcome.crisis);
    assert_eq!(outcome.red_flag.as_deref(), Some("chest_pain"));
    assert_eq!(
        fired(&outcome),
        ["red-flag:chest_pain", "red-flag:self_harm"]
    );
}

#[test]
fn an_age_without_its_months_counts_as_any_month_of_the_year() {
    let baby = |months: Option<u8>| TriageInput {
        area: Some("general".into()),
        symptoms: vec!["fever".into()],
        duration: Some("hours".into()),
        fever: Some(true),
        age_years: Some(0),
        age_months: months,
        sex: Some(Sex::Female),
        ..complaint()
    };
    let urgency = |months| committed().assess(&baby(months)).unwrap().urgency;
    assert_eq!(urgency(None), Urgency::Emergency);
    assert_eq!(urgency(Some(1)), Urgency::Emergency);
    assert_eq!(urgency(Some(4)), Urgency::Urgent);
    assert_eq!(urgency(Some(9)), Urgency::SelfCare);
    assert_eq!(
        Age {
            years: 1,
            months: None
        }
        .month_range(),
        (12, 23)
    );
}

#[test]
fn urgencies_are_ordered_and_named() {
    assert!(Urgency::Emergency > Urgency::Urgent);
    assert!(Urgency::Urgent > Urgency::Soon);
    assert!(Urgency::Soon > Urgency::Routine);
    assert!(Urgency::Routine > Urgency::SelfCare);
    for urgency in Urgency::ALL {
        let json = serde_json::to_string(&urgency).unwrap();
        assert_eq!(json, format!("\"{}\"", urgency.id()));
        assert!(!urgency.label().is_empty() && !urgency.advice().is_empty());
    }
    assert_eq!(Urgency::Emergency.within_days(), Some(0));
    assert_eq!(Urgency::Soon.within_days(), Some(SOON_WITHIN_DAYS));
    assert_eq!(Urgency::Routine.within_days(), Some(ROUTINE_WITHIN_DAYS));
    assert_eq!(Urgency::SelfCare.within_days(), None);
    assert!(!Urgency::Emergency.books_appointment() && Urgency::Urgent.books_appointment());
}

#[test]
fn the_input_reads_from_json_and_the_outcome_writes_to_it() {
    let input: TriageInput = serde_json::from_str(
        r#"{"none_of_these": true, "area": "skin", "symptoms": ["burn"], "duration": "hours",
            "severity": 3, "fever": false, "age_years": 50, "sex": "male"}"#,
    )
    .unwrap();
    let outcome = committed().assess(&input).unwrap();
    let json = serde_json::to_value(&outcome).unwrap();
    assert_eq!(json["urgency"], "self_care");
    assert_eq!(json["fired"][0]["rule"], "burn");
    assert_eq!(json["rules_version"], committed().version());
    assert!(json.get("red_flag").is_none());
}

/// One complaint: area, symptoms, duration, severity, fever, age, sex and
/// (when asked) pregnant.
type Case<'a> = (
    &'a str,
    &'a [&'a str],
    &'a str,
    u8,
    bool,
    u16,
    Sex,
    Option<bool>,
);

#[test]
fn the_rules_hold_for_cases_beyond_the_vignettes() {
    use Sex::{Female, Male};
    use Urgency::*;
    let cases: &[(Case, Urgency)] = &[
        (
            (
                "skin",
                &["bite_or_sting"],
                "hours",
                6,
                false,
                30,
                Male,
                None,
            ),
            Urgent,
        ),
        (
            (
                "bones",
                &["leg_weakness"],
                "hours",
                3,
                false,
                70,
                Male,
                None,
            ),
            Emergency,
        ),
        (
            (
                "eyes",
                &["eye_injury"],
                "under_an_hour",
                5,
                false,
                40,
                Male,
                None,
            ),
            Emergency,
        ),
        (
            ("ent", &["hearing_loss"], "days", 2, false, 50, Female, None),
            Urgent,
        ),
        (
            (
                "pregnancy",
                &["vaginal_bleeding"],
                "hours",
                2,
                false,
                30,
                Female,
                Some(true),
            ),
            Urgent,
        ),
        (
            ("lungs", &["cough"], "days", 4, true, 80, Male, None),
            Urgent,
        ),
        (
            ("stomach", &["heartburn"], "hours", 3, false, 30, Male, None),
            SelfCare,
        ),
        (
            (
                "head",
                &["stiff_neck", "headache"],
                "hours",
                6,
                true,
                20,
                Male,
                None,
            ),
            Emergency,
        ),
        (
            (
                "stomach",
                &["abdominal_pain"],
                "under_an_hour",
                9,
                false,
                40,
                Male,
                None,
            ),
            Emergency,
        ),
        (
            (
                "skin",
                &["blistering_skin"],
                "days",
                6,
                true,
                40,
                Male,
                None,
            ),
            Emergency,
        ),
        (
            (
                "stomach",
                &["black_stool"],
                "hours",
                2,
                false,
                50,
                Male,
                None,
            ),
            Emergency,
        ),
        (
            (
                "general",
                &["excessive_thirst"],
                "weeks",
                2,
                false,
                12,
                Male,
                None,
            ),
            Urgent,
        ),
        (
            (
                "skin",
                &["itchy_skin"],
                "days",
                4,
                false,
                30,
                Female,
                Some(true),
            ),
            Urgent,
        ),
        (
            ("general", &["fever"], "days", 3, true, 2, Female, None),
            Soon,
        ),
        (
            (
                "general",
                &["fever"],
                "weeks",
                3,
                true,
                30,
                Female,
                Some(false),
            ),
            Urgent,
        ),
        (
            (
                "head",
                &["head_injury", "vomiting"],
                "hours",
                3,
                false,
                6,
                Male,
                None,
            ),
            Emergency,
        ),
        (
            (
                "chest",
                &["calf_swelling", "breathless_on_exertion"],
                "days",
                4,
                false,
                60,
                Male,
                None,
            ),
            Emergency,
        ),
        (
            (
                "mental_health",
                &["sleep_problems"],
                "days",
                3,
                false,
                40,
                Male,
                None,
            ),
            Routine,
        ),
    ];
    for ((area, symptoms, duration, severity, fever, age, sex, pregnant), expected) in cases {
        let input = TriageInput {
            none_of_these: true,
            area: Some((*area).into()),
            symptoms: symptoms.iter().map(|s| (*s).to_owned()).collect(),
            duration: Some((*duration).into()),
            severity: Some(*severity),
            fever: Some(*fever),
            age_years: Some(*age),
            sex: Some(*sex),
            pregnant: *pregnant,
            ..TriageInput::default()
        };
        let outcome = committed().assess(&input).unwrap();
        assert_eq!(
            outcome.urgency,
            *expected,
            "{area} {symptoms:?}: {:?}",
            fired(&outcome)
        );
    }
}
