//! The allergy check, made when a doctor completes a visit with a
//! prescription and when a medication is added or edited.
//!
//! The matching rule. Texts are compared in normal form: lowercase, every
//! character that is not a letter or a digit a space, spaces collapsed;
//! a medicine's name also loses its strength (numbers, and the unit after a
//! number: `Amoxicillin 500 mg` is `amoxicillin`). An allergy flags its
//! substance, and, through [`super::drug_classes`], every name of each
//! class and each medicine its substance names, and every name of each
//! member of those classes ("names" meaning: occurs as whole words). A
//! medicine matches the allergy when a flagged name occurs in the
//! medicine's name as whole words, or the medicine's name occurs in the
//! substance as whole words. So an allergy to penicillin flags amoxicillin
//! and co-amoxiclav, one to amoxicillin flags ampicillin, one to
//! sulfonamide antibiotics flags co-trimoxazole (and not trimethoprim
//! alone), whatever the case, spacing or strength.

use medtrack_shared::record::{
    override_reason, Allergy, AllergyCheck, AllergyCheckRequest, AllergyConflict, AllergyOverride,
};
use medtrack_shared::UserId;

use super::drug_classes::{DrugClass, CLASSES};
use super::{allergies, author};
use crate::domain::accounts::Account;
use crate::domain::{patients, Context, DomainError};
use crate::store::TxOp;

/// Text in normal form: lowercase words of letters and digits, one space apart.
pub fn words(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Units a strength is written in, dropped after a number.
const UNITS: &[&str] = &[
    "mg",
    "mcg",
    "ug",
    "µg",
    "μg",
    "g",
    "gram",
    "grams",
    "kg",
    "ml",
    "l",
    "iu",
    "unit",
    "units",
    "mmol",
    "meq",
    "microgram",
    "micrograms",
    "milligram",
    "milligrams",
    "percent",
];

/// A medicine's name in normal form without its strength: numbers
/// (`500`, `0 5`, `500mg`) go, and the unit after a number (`500 mg`);
/// words that only contain digits (`b12`) stay.
pub fn medicine_words(text: &str) -> String {
    let normal = words(text);
    let mut kept: Vec<&str> = Vec::new();
    let mut after_number = false;
    for word in normal.split(' ') {
        let starts_with_digit = word.chars().next().is_some_and(|c| c.is_ascii_digit());
        let unit = UNITS.contains(&word);
        let strength = starts_with_digit && {
            let tail = word.trim_start_matches(|c: char| c.is_ascii_digit());
            tail.is_empty() || UNITS.contains(&tail)
        };
        if strength || (after_number && unit) {
            after_number = strength || after_number;
            continue;
        }
        after_number = false;
        kept.push(word);
    }
    kept.join(" ")
}

/// Whether `needle` occurs in `haystack` as whole words (both in normal form).
fn contains_words(haystack: &str, needle: &str) -> bool {
    !needle.is_empty() && format!(" {haystack} ").contains(&format!(" {needle} "))
}

/// Whether `text` names the class, or one of its members.
fn names_class(text: &str, class: &DrugClass) -> bool {
    class.names.iter().any(|name| contains_words(text, name))
        || class
            .members
            .iter()
            .any(|member| member.iter().any(|name| contains_words(text, name)))
}

/// Every name an allergy to `substance` flags: the substance itself, and
/// every name of the classes it names (through a member or the class) and
/// of their members.
pub fn flagged(substance: &str) -> Vec<String> {
    let substance = medicine_words(substance);
    let mut names = vec![substance.clone()];
    for class in CLASSES.iter().filter(|c| names_class(&substance, c)) {
        names.extend(class.names.iter().map(|n| (*n).to_owned()));
        for member in class.members {
            names.extend(member.iter().map(|n| (*n).to_owned()));
        }
    }
    names
}

/// Whether `medicine` matches an allergy to `substance`.
pub fn matches(substance: &str, medicine: &str) -> bool {
    let name = medicine_words(medicine);
    !name.is_empty()
        && (contains_words(&medicine_words(substance), &name)
            || flagged(substance).iter().any(|n| contains_words(&name, n)))
}

/// Each medicine that matches one of `allergies`, with the allergy: one
/// entry per pair, in the order of the medicines.
pub fn conflicts(medicines: &[&str], allergies: &[Allergy]) -> Vec<AllergyConflict> {
    let flagged: Vec<(&Allergy, Vec<String>)> = allergies
        .iter()
        .map(|allergy| (allergy, flagged(&allergy.details.substance)))
        .collect();
    let mut found = Vec::new();
    for medicine in medicines {
        let name = medicine_words(medicine);
        if name.is_empty() {
            continue;
        }
        for (allergy, names) in &flagged {
            let substance = medicine_words(&allergy.details.substance);
            if contains_words(&substance, &name) || names.iter().any(|n| contains_words(&name, n)) {
                found.push(AllergyConflict {
                    medicine: medicine.trim().to_owned(),
                    allergy_id: allergy.id,
                    substance: allergy.details.substance.clone(),
                });
            }
        }
    }
    found
}

/// What the check of a prescription answers when it may go ahead.
#[derive(Debug)]
pub struct Checked {
    /// The override to keep with it, if a match was overridden.
    pub kept: Option<AllergyOverride>,
    /// To write in the prescription's transaction: it fails if an allergy
    /// came to stand after the check read them ([`changed_meanwhile`]).
    pub unchanged: TxOp,
}

/// The 409 of a prescription whose check an allergy recorded meanwhile made stale.
pub fn changed_meanwhile() -> DomainError {
    DomainError::changed("The patient's allergies changed meanwhile; check again.")
}

/// The check of `medicines` for `patient`: no match, no override; a match
/// with a reason given is overridden by the caller now; matches that
/// `kept` (the override already stored) covers stay overridden; otherwise
/// a 409 listing them. That list names the patient's allergies, so it goes
/// only to someone who may read the record, and is a logged read.
pub async fn prescribing(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    medicines: &[&str],
    reason: Option<&str>,
    kept: Option<&AllergyOverride>,
) -> Result<Checked, DomainError> {
    // Read before the allergies: an allergy recorded after this read
    // changes the version and fails the prescription's transaction.
    let unchanged = allergies::unchanged(&ctx.store, patient).await?;
    let standing = allergies::standing(&ctx.store, patient).await?;
    let found = conflicts(medicines, &standing);
    let kept = if found.is_empty() {
        None
    } else if let Some(reason) = override_reason(reason) {
        Some(AllergyOverride {
            reason: reason.to_owned(),
            conflicts: found,
            by: author(caller),
            at: ctx.now(),
        })
    } else if let Some(kept) = kept.filter(|kept| found.iter().all(|c| kept.covers(c))) {
        Some(kept.clone())
    } else {
        return Err(refusal(ctx, caller, patient, found).await);
    };
    Ok(Checked { kept, unchanged })
}

/// What prescribing `medicines` would meet, asked before a form is sent:
/// for the patient and whoever may read their record (a logged read).
pub async fn preview(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    request: &AllergyCheckRequest,
) -> Result<AllergyCheck, DomainError> {
    request.check()?;
    let access = super::reader(ctx, caller, patient).await?;
    patients::record_read(ctx, caller, access, patient, "allergies").await?;
    let standing = allergies::standing(&ctx.store, patient).await?;
    let medicines: Vec<&str> = request.medicines.iter().map(String::as_str).collect();
    Ok(AllergyCheck {
        conflicts: conflicts(&medicines, &standing),
    })
}

/// The 409 listing `found`, after the caller's read of the patient's
/// allergies is checked and logged (or the refusal of that read).
pub async fn refusal(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    found: Vec<AllergyConflict>,
) -> DomainError {
    match patients::open_record(ctx, caller, patient, "allergies").await {
        Ok(_) => DomainError::AllergyConflict(found),
        Err(error) => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_is_in_normal_form() {
        for class in CLASSES {
            for name in class
                .names
                .iter()
                .chain(class.members.iter().flat_map(|m| m.iter()))
            {
                assert_eq!(words(name), *name);
                assert_eq!(medicine_words(name), *name);
            }
        }
    }

    #[test]
    fn strengths_go_and_names_stay() {
        assert_eq!(medicine_words("Amoxicillin 500 mg"), "amoxicillin");
        assert_eq!(medicine_words("AMOXICILLIN 500MG caps"), "amoxicillin caps");
        assert_eq!(medicine_words("Penicillin G 1.2 g"), "penicillin g");
        assert_eq!(medicine_words("Vitamin B12 1000 mcg"), "vitamin b12");
        assert_eq!(medicine_words("Co-Amoxiclav 625 mg"), "co amoxiclav");
        assert_eq!(medicine_words("  Ibuprofen   gel 5 %"), "ibuprofen gel");
        assert_eq!(medicine_words("500 mg"), "");
    }

    #[test]
    fn classes_flag_their_members_and_nothing_else() {
        assert!(matches("Penicillin", "Amoxicillin 500 mg"));
        assert!(matches("penicillins", "co-amoxiclav"));
        assert!(matches("Amoxicillin", "Ampicillin"));
        assert!(matches("Sulfonamide antibiotics", "Co-trimoxazole 960 mg"));
        assert!(matches("sulfa", "Trimethoprim/Sulfamethoxazole"));
        assert!(!matches("Sulfonamide antibiotics", "Trimethoprim 200 mg"));
        assert!(!matches("Penicillin", "Cefalexin"));
        assert!(!matches("Penicillin", "Azithromycin"));
        assert!(!matches("Peanut", "Paracetamol"));
        assert!(matches("Latex", "latex"));
        assert!(matches("Chlorhexidine wipes", "Chlorhexidine"));
    }
}
