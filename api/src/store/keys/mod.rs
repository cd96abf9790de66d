//! The key design: how each kind of record is laid out in the single table.
//! Every partition and sort key of the application is spelled here, so that
//! the access patterns can be read in one place.
//!
//! | record          | pk                  | sk                 | GSI1                                            |
//! |-----------------|---------------------|--------------------|-------------------------------------------------|
//! | specialization  | `CATALOG#SPEC`      | `SPEC#<slug>`      | -                                               |
//! | account         | `USER#<id>`         | `PROFILE`          | `USERS#<role>#<status>` / `<id>` (time-ordered) |
//! | email claim     | `EMAIL#<email>`     | `EMAIL`            | -                                               |
//! | session         | `USER#<id>`         | `SESSION#<id>`     | -                                               |
//! | refresh token   | `REFRESH#<sha-256>` | `REFRESH`          | -                                               |
//! | sign-in failures| `SIGN_IN_FAILURES#<kind>#<sha-256>` | `COUNTER` | -                              |
//! | emailed link    | `LINK#<sha-256>`    | `LINK`             | -                                               |
//! | emergency access| `EMERGENCY#<doctor>`| `PATIENT#<patient>`| -                                               |
//! | read alert sent | `READ_ALERT#<patient>` | `<date>#<reader>` | -                                            |
//! | seen in lists   | `SEEN#<patient>`    | `<date>#<doctor>`  | -                                               |
//! | live link       | `USER#<id>`         | `LINK#<purpose>`   | -                                               |
//! | care relation   | `CARE#<doctor>`     | `PATIENT#<patient>`| `CARE_OF#<patient>` / `DOCTOR#<doctor>`         |
//! | access-log entry| `AUDIT#<patient>`   | `<time>#<id>`      | `AUDIT_BY#<actor>` / `<time>#<id>`              |
//! | appointment     | `APPT#<id>`         | `APPT`             | `DOCTOR_APPTS#<doctor>` / `<start>#<id>`        |
//! | patient's copy  | `PATIENT_APPTS#<patient>` | `<start>#<id>` | `PATIENT_APPTS#<patient>#<status>` / `<start>#<id>` |
//! | status copy     | `APPTS#<status>`    | `<start>#<id>`     | `APPTS` / `<start>#<id>`                        |
//! | slot hold       | `SLOT#<doctor>`     | `<start>`          | -                                               |
//! | outbox entry    | `OUTBOX`            | `<notification id>`| `OUTBOX_DUE` / `<due time>#<id>`                |
//! | delivery record | `DELIVERY#<notification>` | `<channel>`  | -                                               |
//! | dead letter     | `DEAD_LETTERS`      | `<notification>#<channel>` | -                                       |
//! | sink message    | `SINK`              | `<time>#<id>`      | -                                               |
//! | channel settings| `USER#<id>`         | `CHANNELS`         | -                                               |
//! | notify address  | `NOTIFY_EMAIL#<email>` | `CLAIM`         | -                                               |
//! | caregiver address | `CAREGIVER_EMAIL#<email>` | `CLAIM`    | -                                               |
//! | known device    | `USER#<id>`         | `DEVICE#<sha-256>` | -                                               |
//! | notification    | `INBOX#<user>`      | `<notification id>`| `UNREAD#<user>` / `<id>` (while unread)         |
//! | medication      | `MED#<id>`          | `MED`              | `PATIENT_MEDS#<patient>` / `<created>#<id>`     |
//! | dose log entry  | `DOSES#<patient>`   | `<dose time>#<medication>` | `MED_DOSES#<medication>` / `<dose time>` |
//! | prescription added | `RX_ADDED#<appointment>` | `RX`      | -                                               |
//! | scheduled job   | `JOB#<id>`          | `JOB`              | `DUE#<shard>` / `<due time>#<id>`               |
//! | stopped job     | `STOPPED_JOBS`      | `<job id>`         | -                                               |
//! | calendar feed   | `FEED#<sha-256>`    | `FEED`             | -                                               |
//! | problem         | `PROBLEMS#<patient>`| `<problem id>`     | `PROBLEMS_IN#<patient>#<list status>` / `<id>`  |
//! | problem revision| `PROBLEM_REVS#<problem>` | `<revision>`  | -                                               |
//! | allergy         | `ALLERGIES#<patient>` | `<allergy id>`   | `ALLERGIES_IN#<patient>#<list status>` / `<id>` |
//! | allergy revision| `ALLERGY_REVS#<allergy>` | `<revision>`  | -                                               |
//! | allergy guard   | `ALLERGY_GUARD#<patient>` | `<sha-256>`  | -                                               |
//! | allergy assessment | `ALLERGY_ASSESSMENT#<patient>` | `ASSESSMENT` | -                                  |
//! | timeline event  | `TIMELINE#<patient>` | `<time>#<kind>#<id>` | -                                           |
//! | mood entry      | `MOOD#<patient>`    | `<entry id>`       | -                                               |
//! | PHQ-9 result    | `PHQ9#<patient>`    | `<result id>`      | `CRISIS_OPEN` / `<result id>` (alert open)      |
//! | PHQ-9 request   | `PHQ9_REQUESTS#<patient>` | `<doctor>`   | -                                               |
//! | document        | `DOCS#<patient>`    | `<document id>`    | `VISIT_DOCS#<appointment>` / `<document id>`    |
//! | document version| `DOC_VERSIONS#<document>` | `<number>`   | `VAULT_QUARANTINE` / `<time>#<document>` (infected) |
//! | doctor's document | `DOC_READER#<doctor>#<patient>` | `<document id>` | -                                 |
//! | download grant  | `DOWNLOAD#<sha-256>` | `GRANT`           | -                                               |
//! | thread          | `THREAD#<id>`       | `THREAD`           | `MSG_WAITING` / `<due>#<id>` (patient waits); GSI2 `MSG_FEED#<minute>` / `<changed>#<id>` |
//! | message         | `MSGS#<thread>`     | `<message id>`     | -                                               |
//! | thread copy     | `MSG_BOX#<user>`    | `<thread id>`      | `MSG_INBOX#<user>` / `<last>#<id>`; GSI2 `MSG_WAITING#<doctor>` / `<due>#<id>` (doctor's, while waiting) |
//! | unread messages | `MSG_UNREAD#<user>` | `TOTAL`            | -                                               |
//!
//! Problems and allergies are listed newest first by id, all or (GSI1) one
//! list status (`active`: exactly the entries that stand); revisions are
//! kept under the entry's id. An allergy guard (the SHA-256 of the
//! substance's normal form: no patient data in keys, which errors name) is
//! written on the condition that it does not exist by the transaction that
//! makes an allergy stand, so one allergy per substance stands however many
//! requests race; that transaction also rewrites the assessment item, so a
//! "no known allergies" written on the version read cannot land after it.
//!
//! Mood entries and PHQ-9 results are keyed by UUIDv7 ids, which begin with
//! their time in milliseconds: a period of the log is a sort-key range
//! ([`ids_between`]), and an entry is found by its id alone. The record's
//! timeline is written with the changes it shows (a visit completed, a
//! problem recorded or resolved, an allergy recorded), so reading it is one
//! query, whatever the record's age.
//!
//! A document's content is not in the table: it is an object named by its
//! SHA-256 in the object store (a directory, or S3). A doctor's markers
//! are written in the transaction that shares a document with them, or in
//! which they upload one, and deleted in the one that revokes or deletes:
//! what a doctor sees of a vault is one query on their marker partition
//! and a batch get. A download grant names a version for a minute.
//!
//! How messaging's items fit together is told in `messaging.rs`.
//! Billing's keys and how its items fit together are in `billing.rs`; the
//! blood bank's in `blood.rs`.
//!
//! GSI2 holds, besides messaging's, two lists: the directory (an account of an approved, active
//! doctor: `DOCTORS#<specialization>` / `<id>`) and a doctor's appointments by
//! status (an appointment: `DOCTOR_APPTS#<doctor>#<status>` / `<start>#<id>`).
//!
//! An appointment is one item plus two copies that exist only to be listed:
//! the patient's copy (their appointments by time, and by status through GSI1)
//! and the status copy (the clinic's by status, and all by time through GSI1).
//! Every change rewrites all three in the transaction that checks the
//! appointment's version, so the copies never disagree with it.
//!
//! `<time>` is milliseconds since 1970 in 13 digits, so that text order is time
//! order and a time range is a sort-key range.
//!
//! An account and its sessions share a partition, so the check made on every
//! authenticated request reads both with one batch get.

use jiff::Timestamp;
use medtrack_shared::appointment::AppointmentStatus;
use medtrack_shared::delivery::Channel;
use medtrack_shared::{
    AccountStatus, AppointmentId, JobId, MedicationId, NotificationId, Role, SessionId,
    SpecializationSlug, UserId,
};

use super::{IndexKey, Key, SkRange};

mod analytics;
mod billing;
mod blood;
mod messaging;
mod record;
mod vault;
mod wards;
pub use analytics::*;
pub use billing::*;
pub use blood::*;
pub use messaging::*;
pub use record::*;
pub use vault::*;
pub use wards::*;

/// The partition holding the whole catalogue of specializations (tens of items).
pub const SPECIALIZATIONS_PK: &str = "CATALOG#SPEC";

/// The key of one specialization.
pub fn specialization(slug: &SpecializationSlug) -> Key {
    Key::new(SPECIALIZATIONS_PK, format!("SPEC#{slug}"))
}

/// An account.
pub fn user(id: &UserId) -> Key {
    Key::new(format!("USER#{id}"), "PROFILE")
}

/// The GSI1 partition listing accounts by role and status (the admin's lists).
pub fn users_by_role_and_status(role: Role, status: AccountStatus) -> String {
    format!("USERS#{}#{}", role.as_str(), status.as_str())
}

/// The claim that makes an email address unique (canonical form).
pub fn email_claim(canonical_email: &str) -> Key {
    Key::new(format!("EMAIL#{canonical_email}"), "EMAIL")
}

/// The sort-key prefix of an account's sessions, in its partition.
pub const SESSION_PREFIX: &str = "SESSION#";

/// A session (one refresh-token family) of an account.
pub fn session(user: &UserId, session: &SessionId) -> Key {
    // The id's plain hex form, as sessions have always been keyed.
    let id = session.as_uuid().simple();
    Key::new(format!("USER#{user}"), format!("{SESSION_PREFIX}{id}"))
}

/// A counter of failed sign-ins (`kind` is `account` or `address`), by the
/// hex SHA-256 of what it counts.
pub fn sign_in_failures(kind: &str, hash: &str) -> Key {
    Key::new(format!("SIGN_IN_FAILURES#{kind}#{hash}"), "COUNTER")
}

/// A single-use link, by the hex SHA-256 of its secret.
pub fn link(hash: &str) -> Key {
    Key::new(format!("LINK#{hash}"), "LINK")
}

/// An account's live link of one purpose.
pub fn live_link(user: &UserId, purpose: &str) -> Key {
    Key::new(format!("USER#{user}"), format!("LINK#{purpose}"))
}

/// A refresh token, by the hex SHA-256 of its text.
pub fn refresh_token(token_hash: &str) -> Key {
    Key::new(format!("REFRESH#{token_hash}"), "REFRESH")
}

/// A doctor's care relationship with a patient: what lets the doctor read the
/// patient's record. Made when the patient books the doctor.
pub fn care(doctor: &UserId, patient: &UserId) -> Key {
    Key::new(patients_of(doctor), format!("PATIENT#{patient}"))
}

/// The GSI1 key listing a patient's doctors.
pub fn care_of(patient: &UserId, doctor: &UserId) -> IndexKey {
    IndexKey::new(doctors_of(patient), format!("DOCTOR#{doctor}"))
}

/// The partition of a doctor's care relationships (their patients).
pub fn patients_of(doctor: &UserId) -> String {
    format!("CARE#{doctor}")
}

/// The GSI1 partition of a patient's doctors.
pub fn doctors_of(patient: &UserId) -> String {
    format!("CARE_OF#{patient}")
}

/// Time as sortable text: milliseconds since 1970, 13 digits (until 2286).
pub fn sortable_time(at: Timestamp) -> String {
    format!("{:013}", at.as_millisecond().max(0))
}

/// A doctor's emergency access to a patient's record.
pub fn emergency_access(doctor: &UserId, patient: &UserId) -> Key {
    Key::new(format!("EMERGENCY#{doctor}"), format!("PATIENT#{patient}"))
}

/// That a patient was told, on a day, of a reader's reads.
pub fn read_alert(patient: &UserId, reader: &UserId, day: jiff::civil::Date) -> Key {
    Key::new(format!("READ_ALERT#{patient}"), format!("{day}#{reader}"))
}

/// That a staff member saw a patient in one kind of work list (`list`) on
/// a day (one access-log entry per list, person, patient and day).
pub fn seen_in_lists(patient: &UserId, doctor: &UserId, day: jiff::civil::Date, list: &str) -> Key {
    Key::new(format!("SEEN#{patient}"), format!("{day}#{doctor}#{list}"))
}

/// The partition of a patient's access log.
pub fn access_log(patient: &UserId) -> String {
    format!("AUDIT#{patient}")
}

/// The GSI1 partition of the accesses made by one person.
pub fn access_log_by(actor: &UserId) -> String {
    format!("AUDIT_BY#{actor}")
}

/// The GSI2 partition of the directory: approved, active doctors of a specialization.
pub fn directory(specialization: &SpecializationSlug) -> String {
    format!("DOCTORS#{specialization}")
}

/// An appointment.
pub fn appointment(id: &AppointmentId) -> Key {
    Key::new(format!("APPT#{id}"), "APPT")
}

/// The sort key of an appointment in its lists: start time, then id.
pub fn appointment_order(starts_at: Timestamp, id: &AppointmentId) -> String {
    format!("{}#{id}", sortable_time(starts_at))
}

/// The sort-key range of appointments starting from `from` up to `to`, both included.
pub fn appointments_between(from: Timestamp, to: Timestamp) -> SkRange {
    // `~` sorts after every character of an id.
    SkRange::Between(sortable_time(from), format!("{}#~", sortable_time(to)))
}

/// The GSI1 partition of a doctor's appointments, by time.
pub fn doctor_appointments(doctor: &UserId) -> String {
    format!("DOCTOR_APPTS#{doctor}")
}

/// The GSI2 partition of a doctor's appointments in one status, by time.
pub fn doctor_appointments_in(doctor: &UserId, status: AppointmentStatus) -> String {
    format!("DOCTOR_APPTS#{doctor}#{}", status.as_str())
}

/// The partition of a patient's copies of their appointments, by time.
pub fn patient_appointments(patient: &UserId) -> String {
    format!("PATIENT_APPTS#{patient}")
}

/// The GSI1 partition of a patient's appointments in one status, by time.
pub fn patient_appointments_in(patient: &UserId, status: AppointmentStatus) -> String {
    format!("PATIENT_APPTS#{patient}#{}", status.as_str())
}

/// The partition of every appointment in one status, by time.
pub fn appointments_in(status: AppointmentStatus) -> String {
    format!("APPTS#{}", status.as_str())
}

/// The GSI1 partition of every appointment, by time.
pub const ALL_APPOINTMENTS: &str = "APPTS";

/// The hold on a doctor's slot: at most one appointment owns it.
pub fn slot_hold(doctor: &UserId, starts_at: Timestamp) -> Key {
    Key::new(slot_holds(doctor), sortable_time(starts_at))
}

/// The partition of a doctor's slot holds, by start time.
pub fn slot_holds(doctor: &UserId) -> String {
    format!("SLOT#{doctor}")
}

/// The partition of notifications waiting for the dispatcher.
pub const OUTBOX: &str = "OUTBOX";

/// A notification waiting for the dispatcher.
pub fn outbox(id: &NotificationId) -> Key {
    Key::new(OUTBOX, id.to_string())
}

/// The GSI1 partition of outbox entries by the time they are next due.
pub const OUTBOX_DUE: &str = "OUTBOX_DUE";

/// The GSI1 key of an outbox entry next due at `due`.
pub fn outbox_due(due: Timestamp, id: &impl std::fmt::Display) -> IndexKey {
    IndexKey::new(OUTBOX_DUE, format!("{}#{id}", sortable_time(due)))
}

/// The record that a notification went out on a channel: written with the
/// delivery, it keeps the notification from going out there twice.
pub fn delivery(id: &NotificationId, channel: Channel) -> Key {
    Key::new(format!("DELIVERY#{id}"), channel.as_str())
}

/// The partition of notifications given up on.
pub const DEAD_LETTERS: &str = "DEAD_LETTERS";

/// A notification given up on, on one channel.
pub fn dead_letter(id: &NotificationId, channel: Channel) -> Key {
    Key::new(DEAD_LETTERS, format!("{id}#{}", channel.as_str()))
}

/// The partition of the development sink.
pub const SINK: &str = "SINK";

/// A message the development sink kept.
pub fn sink_message(at: Timestamp, id: &str) -> Key {
    Key::new(SINK, format!("{}#{id}", sortable_time(at)))
}

/// A person's notification channels and preferences.
pub fn channel_settings(user: &UserId) -> Key {
    Key::new(format!("USER#{user}"), "CHANNELS")
}

/// The claim that keeps an email address subscribed for one person only:
/// SNS keeps one subscription per address, with one filter policy.
pub fn notification_email_claim(address: &str) -> Key {
    Key::new(format!("NOTIFY_EMAIL#{address}"), "CLAIM")
}

/// A caregiver's email address, its subscription and the medications naming it.
pub fn caregiver_email_claim(address: &str) -> Key {
    Key::new(format!("CAREGIVER_EMAIL#{address}"), "CLAIM")
}

/// The sort-key prefix of an account's known devices, in its partition.
pub const DEVICE_PREFIX: &str = "DEVICE#";

/// A device a person signed in from before, by the hex SHA-256 of its cookie.
pub fn known_device(user: &UserId, device_hash: &str) -> Key {
    Key::new(
        format!("USER#{user}"),
        format!("{DEVICE_PREFIX}{device_hash}"),
    )
}

/// The partition of a person's inbox.
pub fn inbox(user: &UserId) -> String {
    format!("INBOX#{user}")
}

/// A notification in a person's inbox.
pub fn notification(user: &UserId, id: &NotificationId) -> Key {
    Key::new(inbox(user), id.to_string())
}

/// The GSI1 key of an unread notification.
pub fn unread(user: &UserId, id: &NotificationId) -> IndexKey {
    IndexKey::new(unread_of(user), id.to_string())
}

/// The GSI1 partition of a person's unread notifications.
pub fn unread_of(user: &UserId) -> String {
    format!("UNREAD#{user}")
}

/// A calendar feed, by the hex SHA-256 of its secret.
pub fn calendar_feed(secret_hash: &str) -> Key {
    Key::new(format!("FEED#{secret_hash}"), "FEED")
}

/// A medication.
pub fn medication(id: &MedicationId) -> Key {
    Key::new(format!("MED#{id}"), "MED")
}

/// The GSI1 key listing a patient's medications in the order they were added.
pub fn patient_medication(patient: &UserId, created_at: Timestamp, id: &MedicationId) -> IndexKey {
    IndexKey::new(
        patient_medications(patient),
        format!("{}#{id}", sortable_time(created_at)),
    )
}

/// The GSI1 partition of a patient's medications.
pub fn patient_medications(patient: &UserId) -> String {
    format!("PATIENT_MEDS#{patient}")
}

/// The partition of a patient's dose log, by dose time.
pub fn dose_log(patient: &UserId) -> String {
    format!("DOSES#{patient}")
}

/// One entry of the dose log: a medication's dose at a time.
pub fn dose(patient: &UserId, at: Timestamp, medication: &MedicationId) -> Key {
    Key::new(
        dose_log(patient),
        format!("{}#{medication}", sortable_time(at)),
    )
}

/// The GSI1 key of a dose log entry in its medication's log.
pub fn medication_dose(medication: &MedicationId, at: Timestamp) -> IndexKey {
    IndexKey::new(format!("MED_DOSES#{medication}"), sortable_time(at))
}

/// The sort-key range of dose log entries from `from` up to before `to`.
pub fn doses_between(from: Timestamp, to: Timestamp) -> SkRange {
    // `#` sorts before every digit, so `<to>#` ends just before `to`.
    SkRange::Between(sortable_time(from), format!("{}#", sortable_time(to)))
}

/// Shards of the due-time index: jobs spread over this many partitions, so
/// that no single key takes every write; a pass reads all of them.
pub const JOB_SHARDS: u8 = 8;

/// The partition of jobs given up on.
pub const STOPPED_JOBS: &str = "STOPPED_JOBS";

/// A job given up on, by its id.
pub fn stopped_job(id: &JobId) -> Key {
    Key::new(STOPPED_JOBS, id.as_str())
}

const JOB_PREFIX: &str = "JOB#";

/// A scheduled job.
pub fn job(id: &JobId) -> Key {
    Key::new(format!("{JOB_PREFIX}{id}"), "JOB")
}

/// The id of the job stored under `key`.
pub fn job_id(key: &Key) -> &str {
    key.pk.strip_prefix(JOB_PREFIX).unwrap_or(&key.pk)
}

/// The GSI1 partition of one shard of the due-time index.
pub fn due_shard(shard: u8) -> String {
    format!("DUE#{shard}")
}

/// The GSI1 key of a job next due at `due`.
pub fn job_due(id: &str, due: Timestamp) -> IndexKey {
    let shard = id
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
        % u32::from(JOB_SHARDS);
    IndexKey::new(
        due_shard(u8::try_from(shard).unwrap_or(0)),
        format!("{}#{id}", sortable_time(due)),
    )
}

/// The sort-key range of a due-time index up to `now` (index sort keys
/// begin with [`sortable_time`] and `#`).
pub fn due_by(now: Timestamp) -> SkRange {
    SkRange::UpTo(format!("{}#~", sortable_time(now)))
}

/// The range of a due-time index after `now`.
pub fn due_after(now: Timestamp) -> SkRange {
    SkRange::From(format!("{}#~", sortable_time(now)))
}

/// The due time a due-time index sort key begins with.
pub fn due_time(sk: &str) -> Option<Timestamp> {
    let (millis, _) = sk.split_once('#')?;
    Timestamp::from_millisecond(millis.parse().ok()?).ok()
}

/// Whether `key` is a scheduled job's.
pub fn is_job(key: &Key) -> bool {
    key.pk.starts_with(JOB_PREFIX)
}

/// Whether `key` is an outbox entry's.
pub fn is_outbox_entry(key: &Key) -> bool {
    key.pk == OUTBOX
}

/// The record that a visit's prescription was added to the medications (once).
pub fn prescription_added(appointment: &AppointmentId) -> Key {
    Key::new(format!("RX_ADDED#{appointment}"), "RX")
}
