use super::*;

/// The slugs of the specialization catalogue a new installation starts with
/// (`api/src/domain/specializations.rs`): the rules may suggest only these.
const CATALOGUE: &[&str] = &[
    "allergy-immunology",
    "anesthesiology",
    "cardiology",
    "dermatology",
    "endocrinology",
    "family-medicine",
    "gastroenterology",
    "general-surgery",
    "geriatrics",
    "hematology",
    "infectious-disease",
    "internal-medicine",
    "nephrology",
    "neurology",
    "obstetrics-gynecology",
    "oncology",
    "ophthalmology",
    "orthopedics",
    "otolaryngology",
    "pediatrics",
    "psychiatry",
    "pulmonology",
    "radiology",
    "rheumatology",
    "urology",
];

#[test]
fn the_committed_files_load_with_a_version() {
    let triage = committed();
    assert!(triage.version().starts_with("20"), "{}", triage.version());
    let vocabulary = triage.vocabulary();
    assert_eq!(vocabulary.areas.len(), 13);
    assert_eq!(vocabulary.durations.len(), 5);
    assert!(vocabulary.symptoms.len() > 80);
    assert!(vocabulary
        .symptom("headache")
        .is_some_and(|s| s.ask_pregnancy));
    assert!(vocabulary.symptoms_in("pregnancy").count() >= 3);
}

#[test]
fn every_symptom_has_a_rule_of_its_own() {
    let triage = committed();
    for symptom in &triage.vocabulary().symptoms {
        let plain = triage.rules.rules.iter().any(|rule| {
            rule.any_of.contains(&symptom.id)
                && rule.all_of.is_empty()
                && rule.areas.is_empty()
                && rule.durations.is_empty()
                && rule.severity_at_least.is_none()
                && rule.severity_at_most.is_none()
                && rule.fever.is_none()
                && [rule.age_min, rule.age_max].iter().all(Option::is_none)
                && [rule.age_min_months, rule.age_max_months]
                    .iter()
                    .all(Option::is_none)
                && rule.sex.is_none()
                && rule.pregnant.is_none()
        });
        assert!(plain, "symptom {} has no rule of its own", symptom.id);
    }
}

#[test]
fn rules_suggest_only_specializations_of_the_catalogue() {
    let triage = committed();
    let named = triage
        .rules
        .rules
        .iter()
        .filter_map(|r| r.specialization.as_ref())
        .chain(triage.rules.areas.iter().map(|a| &a.specialization))
        .chain(
            triage
                .rules
                .areas
                .iter()
                .filter_map(|a| a.child_specialization.as_ref()),
        );
    for slug in named {
        assert!(
            CATALOGUE.contains(&slug.as_str()),
            "{slug} is not in the catalogue"
        );
    }
}

#[test]
fn rules_that_name_unknown_ids_or_miss_defaults_do_not_load() {
    assert!(triage_with("").is_ok());
    let broken = [
        "[[rule]]\nid = \"x\"\nreason = \"r\"\nurgency = \"soon\"\nany_of = [\"no_such\"]\n",
        "[[rule]]\nid = \"x\"\nreason = \"r\"\nurgency = \"soon\"\nall_of = [\"no_such\"]\n",
        "[[rule]]\nid = \"x\"\nreason = \"r\"\nurgency = \"soon\"\nareas = [\"no_such\"]\n",
        "[[rule]]\nid = \"x\"\nreason = \"r\"\nurgency = \"soon\"\ndurations = [\"no_such\"]\n",
        "[[rule]]\nid = \"x\"\nreason = \"r\"\nurgency = \"soon\"\n",
        "[[rule]]\nid = \"x\"\nreason = \"r\"\nurgency = \"soon\"\nseverity_at_least = 11\n",
        "[[rule]]\nid = \"x\"\nreason = \"r\"\nurgency = \"soon\"\nage_min = 10\nage_max = 5\n",
        "[[rule]]\nid = \"x\"\nreason = \" \"\nurgency = \"soon\"\nfever = true\n",
        "[[rule]]\nid = \"X y\"\nreason = \"r\"\nurgency = \"soon\"\nfever = true\n",
        "[[rule]]\nid = \"x\"\nreason = \"r\"\nurgency = \"very\"\nfever = true\n",
        "[[rule]]\nid = \"x\"\nreason = \"r\"\nurgency = \"soon\"\nfevre = true\n",
        "[[rule]]\nid = \"x\"\nreason = \"r\"\nurgency = \"soon\"\nfever = true\nspecialization = \"Bad Slug\"\n",
        "[[rule]]\nid = \"x\"\nreason = \"r\"\nurgency = \"soon\"\nfever = true\n\
         [[rule]]\nid = \"x\"\nreason = \"r\"\nurgency = \"soon\"\nfever = false\n",
        "[[red_flag]]\nid = \"chest_pain\"\nreason = \"Twice.\"\n",
        "[[red_flag]]\nid = \"no_such\"\nreason = \"r\"\n",
        "[[area]]\nid = \"head\"\nurgency = \"soon\"\nreason = \"r\"\nspecialization = \"neurology\"\n",
    ];
    for rules in broken {
        assert!(triage_with(rules).is_err(), "loaded: {rules}");
    }
    let without_area = rules_with("").replace("id = \"general\"", "id = \"head\"");
    assert!(Triage::parse(COMPLAINTS_TOML, &without_area).is_err());
    let without_flag = rules_with("").replace("id = \"seizure\"", "id = \"stroke\"");
    assert!(Triage::parse(COMPLAINTS_TOML, &without_flag).is_err());
    assert!(matches!(
        Triage::parse("not toml [", RULES_TOML),
        Err(LoadError::Syntax("complaints", _))
    ));
}
