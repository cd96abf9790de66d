//! The keys of the clinical record (see the table in the parent module).

use jiff::Timestamp;
use medtrack_shared::record::ListStatus;
use medtrack_shared::{AllergyId, ProblemId, UserId};

use super::{sortable_time, Key, SkRange};

/// The partition of a patient's problems.
pub fn problems(patient: &UserId) -> String {
    format!("PROBLEMS#{patient}")
}

/// A problem on a patient's record.
pub fn problem(patient: &UserId, id: &ProblemId) -> Key {
    Key::new(problems(patient), id.to_string())
}

/// The GSI1 partition of a patient's problems in one list status.
pub fn problems_in(patient: &UserId, status: ListStatus) -> String {
    format!("PROBLEMS_IN#{patient}#{}", status.as_str())
}

/// The partition of a problem's revisions.
pub fn problem_revisions(id: &ProblemId) -> String {
    format!("PROBLEM_REVS#{id}")
}

/// The partition of a patient's allergies.
pub fn allergies(patient: &UserId) -> String {
    format!("ALLERGIES#{patient}")
}

/// An allergy on a patient's record.
pub fn allergy(patient: &UserId, id: &AllergyId) -> Key {
    Key::new(allergies(patient), id.to_string())
}

/// The GSI1 partition of a patient's allergies in one list status.
pub fn allergies_in(patient: &UserId, status: ListStatus) -> String {
    format!("ALLERGIES_IN#{patient}#{}", status.as_str())
}

/// The partition of an allergy's revisions.
pub fn allergy_revisions(id: &AllergyId) -> String {
    format!("ALLERGY_REVS#{id}")
}

/// The sort key of a revision: zero-padded, so text order is number order.
pub fn revision(revision: u32) -> String {
    format!("{revision:010}")
}

/// The guard of an allergy that stands, by the hex SHA-256 of its substance.
pub fn allergy_guard(patient: &UserId, substance_hash: &str) -> Key {
    Key::new(format!("ALLERGY_GUARD#{patient}"), substance_hash)
}

/// A patient's allergy assessment: a doctor's "no known allergies".
pub fn allergy_assessment(patient: &UserId) -> Key {
    Key::new(format!("ALLERGY_ASSESSMENT#{patient}"), "ASSESSMENT")
}

/// The partition of a patient's timeline.
pub fn timeline(patient: &UserId) -> String {
    format!("TIMELINE#{patient}")
}

/// An event of a patient's timeline: when, what kind, about what.
pub fn timeline_event(patient: &UserId, at: Timestamp, kind: &str, subject: &str) -> Key {
    Key::new(
        timeline(patient),
        format!("{}#{kind}#{subject}", sortable_time(at)),
    )
}

/// The partition of a patient's mood log.
pub fn mood_log(patient: &UserId) -> String {
    format!("MOOD#{patient}")
}

/// The partition of a patient's triages.
pub fn triage(patient: &UserId) -> String {
    format!("TRIAGE#{patient}")
}

/// What a patient chose to keep for their next triage (their sex at birth).
pub fn triage_kept(patient: &UserId) -> Key {
    Key::new(format!("TRIAGE_KEPT#{patient}"), "KEPT")
}

/// The partition of a patient's PHQ-9 results.
pub fn phq9_results(patient: &UserId) -> String {
    format!("PHQ9#{patient}")
}

/// The GSI1 partition of PHQ-9 results whose alert nobody has acknowledged.
pub const CRISIS_OPEN: &str = "CRISIS_OPEN";

/// The partition of the doctors' requests for a patient's PHQ-9.
pub fn phq9_requests(patient: &UserId) -> String {
    format!("PHQ9_REQUESTS#{patient}")
}

/// A doctor's request for a patient's PHQ-9.
pub fn phq9_request(patient: &UserId, doctor: &UserId) -> Key {
    Key::new(phq9_requests(patient), doctor.to_string())
}

/// The sort-key range of UUIDv7 ids made from `from` up to `to`, both
/// included: such an id's text begins with its milliseconds in hex
/// (`xxxxxxxx-xxxx`), so text order is time order.
pub fn ids_between(from: Timestamp, to: Timestamp) -> SkRange {
    SkRange::Between(uuid_time_prefix(from), format!("{}~", uuid_time_prefix(to)))
}

fn uuid_time_prefix(at: Timestamp) -> String {
    let millis = u64::try_from(at.as_millisecond()).unwrap_or(0);
    format!("{:08x}-{:04x}", millis >> 16, millis & 0xffff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uuid7s_text_begins_with_its_time_prefix() {
        let at = Timestamp::from_millisecond(1_764_500_000_123).unwrap_or(Timestamp::UNIX_EPOCH);
        let (secs, nanos) = (at.as_second(), at.subsec_nanosecond());
        let ts = uuid::Timestamp::from_unix(
            uuid::NoContext,
            u64::try_from(secs).unwrap_or(0),
            u32::try_from(nanos).unwrap_or(0),
        );
        let id = uuid::Uuid::new_v7(ts).to_string();
        assert!(id.starts_with(&uuid_time_prefix(at)), "{id}");
        let SkRange::Between(low, high) = ids_between(at, at) else {
            panic!("a range");
        };
        assert!(low.as_str() <= id.as_str() && id.as_str() <= high.as_str());
    }
}
