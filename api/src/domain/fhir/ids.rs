//! Resource ids. Records with an id of their own in the API (people,
//! appointments, admissions, medications, invoices, claims) keep it, so an
//! integration can go from one interface to the other. Records kept in a
//! patient's partition are found only with the patient, so their ids carry
//! both: a kind, then the two UUIDs in base 36 (FHIR ids hold at most 64
//! characters of `A-Z a-z 0-9 - .`; two UUIDs in hex would need 65).

use uuid::Uuid;

/// What a composite id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A problem on the problem list (Condition).
    Problem,
    /// An allergy or intolerance.
    Allergy,
    /// The "no known allergies" statement (the item is the patient).
    NoKnownAllergies,
    /// A mood diary entry (Observation).
    Mood,
    /// A PHQ-9 result (Observation).
    Phq9,
    /// A vault document.
    Document,
    /// An insurance policy (Coverage).
    Policy,
    /// One item of a visit's prescription: the appointment and the item's place.
    Prescription,
    /// A logged dose: the medication and the dose's time in milliseconds.
    Dose,
}

impl Kind {
    const ALL: [Kind; 9] = [
        Kind::Problem,
        Kind::Allergy,
        Kind::NoKnownAllergies,
        Kind::Mood,
        Kind::Phq9,
        Kind::Document,
        Kind::Policy,
        Kind::Prescription,
        Kind::Dose,
    ];

    fn tag(self) -> &'static str {
        match self {
            Kind::Problem => "pr",
            Kind::Allergy => "al",
            Kind::NoKnownAllergies => "nka",
            Kind::Mood => "mo",
            Kind::Phq9 => "phq",
            Kind::Document => "doc",
            Kind::Policy => "cov",
            Kind::Prescription => "rx",
            Kind::Dose => "dose",
        }
    }
}

/// A composite id: a kind, an owner (the patient, or the appointment or
/// medication for prescriptions and doses) and what it names under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Composite {
    pub kind: Kind,
    pub owner: Uuid,
    /// The item's UUID, or a number (a prescription item's place, a dose's
    /// time in milliseconds) kept in the low bits.
    pub item: u128,
}

impl Composite {
    pub fn new(kind: Kind, owner: &Uuid, item: &Uuid) -> Self {
        Self::numbered(kind, owner, item.as_u128())
    }

    pub fn numbered(kind: Kind, owner: &Uuid, item: u128) -> Self {
        Self {
            kind,
            owner: *owner,
            item,
        }
    }

    /// The id as written in resources and URLs.
    pub fn id(&self) -> String {
        match self.kind {
            Kind::NoKnownAllergies => format!("nka-{}", base36(self.owner.as_u128())),
            kind => format!(
                "{}-{}-{}",
                kind.tag(),
                base36(self.owner.as_u128()),
                base36(self.item)
            ),
        }
    }

    /// Reads an id this module wrote; anything else is `None`.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.split('-');
        let tag = parts.next()?;
        let kind = Kind::ALL.into_iter().find(|k| k.tag() == tag)?;
        let owner = Uuid::from_u128(from_base36(parts.next()?)?);
        let item = match kind {
            Kind::NoKnownAllergies => 0,
            _ => from_base36(parts.next()?)?,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(Self { kind, owner, item })
    }

    pub fn item_uuid(&self) -> Uuid {
        Uuid::from_u128(self.item)
    }
}

const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

fn base36(mut n: u128) -> String {
    let mut out = Vec::with_capacity(25);
    loop {
        out.push(DIGITS.get((n % 36) as usize).copied().unwrap_or(b'0'));
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn from_base36(text: &str) -> Option<u128> {
    // 25 digits hold any u128; a leading zero would give a second spelling.
    if text.is_empty() || text.len() > 25 || (text.len() > 1 && text.starts_with('0')) {
        return None;
    }
    text.bytes().try_fold(0u128, |n, b| {
        let digit = DIGITS.iter().position(|d| *d == b)? as u128;
        n.checked_mul(36)?.checked_add(digit)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_fits_fhir_ids() {
        let owner = Uuid::from_u128(u128::MAX);
        for id in [
            Composite::new(Kind::Problem, &owner, &Uuid::now_v7()),
            Composite::numbered(Kind::Dose, &owner, 1_700_000_000_000),
            Composite::numbered(Kind::NoKnownAllergies, &owner, 0),
            Composite::numbered(Kind::Prescription, &Uuid::nil(), 0),
        ] {
            let text = id.id();
            assert!(text.len() <= 64, "{text}");
            assert!(text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.'));
            assert_eq!(Composite::parse(&text), Some(id));
        }
    }

    #[test]
    fn refuses_what_it_did_not_write() {
        for text in [
            "",
            "pr",
            "pr-1",
            "xx-1-2",
            "pr-01-2",
            "pr-1-2-3",
            "pr-zzzzzzzzzzzzzzzzzzzzzzzzzz-1",
            "pr-A-1",
            "nka-1-2",
        ] {
            assert_eq!(Composite::parse(text), None, "{text}");
        }
    }
}
