//! Notification texts, made for their reader: times on the reader's clock,
//! sentences for the reader's role.

use jiff::tz::TimeZone;
use jiff::Timestamp;
use medtrack_shared::appointment::ActionKind;
use medtrack_shared::notification::Category;
use medtrack_shared::Role;

use medtrack_shared::delivery::EmailContent;

use super::gsm7;
use super::outbox::{
    AccountChange, AppointmentChange, AppointmentNotice, Event, MedicationChange, MedicationNotice,
};
use super::Rendered;

/// The words of `event` for a reader in `role` whose clock is `zone`.
pub fn render(event: &Event, role: Role, zone: &TimeZone) -> Rendered {
    match event {
        Event::Appointment(notice) => appointment(notice, role, zone),
        Event::Account(change) => account(change, zone),
        Event::Medication(notice) => medication(notice, zone),
        Event::Link(notice) => super::letters::render(notice),
        Event::Care(notice) => super::care::render(notice),
        Event::Document(notice) => super::documents::render(notice, role),
        Event::Message(notice) => super::messages::render(notice),
        Event::Billing(notice) => super::billing::render(notice),
        Event::Blood(notice) => super::blood::render(notice, |at| when(at, zone)),
    }
}

fn account(change: &AccountChange, zone: &TimeZone) -> Rendered {
    let not_you = "If this was not you, contact the clinic at once.";
    let (name, title, body, link) = match change {
        AccountChange::Approved => (
            "approved",
            "Your account is approved",
            "An administrator approved your account. Publish your hours so that patients can book you.".to_owned(),
            "/doctor/practice",
        ),
        AccountChange::Rejected { reason } => (
            "rejected",
            "Your account was not approved",
            format!(
                "An administrator did not approve your account.{}",
                reason.as_deref().map(|r| format!(" Reason: {r}")).unwrap_or_default()
            ),
            "/dashboard",
        ),
        AccountChange::PasswordChanged => (
            "password_changed",
            "Your password was changed",
            format!("The password of your account was changed and your other sessions were ended. {not_you}"),
            "/account",
        ),
        AccountChange::TwoFactorEnabled => (
            "two_factor_enabled",
            "Two-factor sign-in is on",
            format!("Signing in now also needs a code from your authenticator app. {not_you}"),
            "/account",
        ),
        AccountChange::NewSignIn { device, at } => (
            "new_sign_in",
            "New sign-in to your account",
            format!(
                "Your account was signed in from a new device ({device}) on {}. If this was not you, change your password now and contact the clinic.",
                when(*at, zone)
            ),
            "/account",
        ),
        AccountChange::RecordRead {
            reader,
            role,
            what,
            at,
        } => (
            "record_read",
            "Someone read your record",
            format!(
                "{reader} ({}) read your {what} on {}. Who read what is in your access log.",
                role_name(*role),
                when(*at, zone)
            ),
            "/access-log",
        ),
        AccountChange::EmergencyAccess {
            patient,
            doctor,
            reason,
            until,
        } => (
            "emergency_access",
            "Emergency access to a record",
            format!(
                "{doctor} opened the record of {patient} in an emergency, until {}. Their reason: {reason}",
                when(*until, zone)
            ),
            "/account",
        ),
        AccountChange::TwoFactorDisabled => (
            "two_factor_disabled",
            "Two-factor sign-in is off",
            format!("Signing in no longer needs a code from your authenticator app. {not_you}"),
            "/account",
        ),
    };
    Rendered {
        category: Category::AccountAndSecurity,
        event: format!("account.{name}"),
        title: title.to_owned(),
        body,
        link: Some(link.to_owned()),
        urgent: false,
    }
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Patient => "a patient",
        Role::Doctor => "a doctor",
        Role::Admin => "an administrator",
    }
}

/// Titles name no medicine: a text message carries the title, and a
/// lock screen shows it.
fn medication(notice: &MedicationNotice, zone: &TimeZone) -> Rendered {
    let name = &notice.name;
    let clock = notice
        .dose_at
        .to_zoned_datetime(zone.clone())
        .strftime("%H:%M %Z")
        .to_string();
    let dose = if notice.dose.is_empty() {
        String::new()
    } else {
        format!("{} of ", notice.dose)
    };
    let (event, title, body) = match &notice.change {
        MedicationChange::DoseDue => (
            "dose_due",
            "Time for your medication".to_owned(),
            format!("Take {dose}{name} (due {clock}). Mark it taken or skipped in MedTrack."),
        ),
        MedicationChange::Missed => (
            "missed",
            "A dose was missed".to_owned(),
            format!("The {clock} dose of {name} was not marked as taken."),
        ),
        MedicationChange::PatientMissed => (
            "patient_missed",
            "A patient missed a dose".to_owned(),
            format!(
                "{} has not marked the {clock} dose of {name} as taken. They asked for you to be told.",
                notice.patient_name.as_deref().unwrap_or("Your patient")
            ),
        ),
        MedicationChange::CaregiverTold {
            caregiver,
            phone,
            email,
        } => {
            let by = match (phone, email) {
                (Some(_), Some(_)) => "text message and email",
                (None, Some(_)) => "email",
                _ => "text message",
            };
            (
                "caregiver_told",
                "Your caregiver was told".to_owned(),
                format!("The {clock} dose of {name} is still not marked taken, so we are telling {caregiver} by {by}, as you asked."),
            )
        }
        MedicationChange::RefillSoon { days_left } => (
            "refill_soon",
            "Time to refill".to_owned(),
            format!("{name} runs out in about {days_left} day(s). Ask for a refill."),
        ),
    };
    Rendered {
        category: Category::MedicationReminders,
        event: format!("medication.{event}"),
        title,
        body,
        link: Some(format!(
            "/medications?dose={}@{}",
            notice.medication,
            notice.dose_at.as_millisecond()
        )),
        urgent: false,
    }
}

fn appointment(notice: &AppointmentNotice, role: Role, zone: &TimeZone) -> Rendered {
    let when = when(notice.starts_at, zone);
    let patient = &notice.patient_name;
    let doctor = &notice.doctor_name;
    let actor = &notice.actor_name;
    let note = notice
        .note
        .as_deref()
        .map(|n| format!(" Reason: {n}"))
        .unwrap_or_default();
    let for_doctor = role == Role::Doctor;
    let (name, title, body) = match notice.change {
        AppointmentChange::Booked if for_doctor => (
            "requested",
            "New appointment request".to_owned(),
            format!("{patient} asked to see you on {when}."),
        ),
        AppointmentChange::Booked => (
            "requested",
            "Appointment requested".to_owned(),
            format!("Your request to see {doctor} on {when} was sent. You will be told when they answer."),
        ),
        AppointmentChange::Reminder => (
            "reminder",
            "Appointment reminder".to_owned(),
            format!("Your appointment with {doctor} is on {when}. To cancel or move it, open MedTrack."),
        ),
        AppointmentChange::Action(action) => match action {
            ActionKind::Confirm => (
                "confirmed",
                "Appointment confirmed".to_owned(),
                format!("{doctor} confirmed your appointment on {when}."),
            ),
            ActionKind::Reject => (
                "rejected",
                "Appointment request declined".to_owned(),
                format!("{doctor} could not accept your request for {when}.{note}"),
            ),
            ActionKind::CheckIn if for_doctor => (
                "checked_in",
                "Patient checked in".to_owned(),
                format!("{patient} has checked in for {when}."),
            ),
            ActionKind::CheckIn => (
                "checked_in",
                "You are checked in".to_owned(),
                format!("You are checked in for your appointment with {doctor} on {when}."),
            ),
            ActionKind::StartConsultation => (
                "consulting",
                "Consultation started".to_owned(),
                format!("{doctor} is seeing you now."),
            ),
            ActionKind::Complete => (
                "completed",
                "Visit completed".to_owned(),
                format!("Your visit with {doctor} on {when} is complete. The diagnosis and any prescription are in your medical history."),
            ),
            ActionKind::Cancel => (
                "cancelled",
                "Appointment cancelled".to_owned(),
                if for_doctor {
                    format!("{actor} cancelled the appointment with {patient} on {when}.{note}")
                } else {
                    format!("{actor} cancelled your appointment with {doctor} on {when}.{note}")
                },
            ),
            ActionKind::MarkNoShow => (
                "no_show",
                "Missed appointment".to_owned(),
                if for_doctor {
                    format!("The appointment with {patient} on {when} was marked as missed.")
                } else {
                    format!("Your appointment with {doctor} on {when} was marked as missed.")
                },
            ),
            ActionKind::Reschedule => (
                "rescheduled",
                "Appointment moved".to_owned(),
                format!("{patient} moved their appointment to {when}. Please confirm the new time."),
            ),
        },
    };
    Rendered {
        category: Category::Appointments,
        event: format!("appointment.{name}"),
        title,
        body,
        link: Some(format!("/appointments/{}", notice.appointment)),
        urgent: false,
    }
}

/// An email's subject and text, saying as much as its reader chose.
pub fn email(text: &Rendered, content: EmailContent) -> (String, String) {
    match content {
        EmailContent::Details => (
            format!("MedTrack: {}", text.title),
            format!(
                "{}\n\nOpen MedTrack to see it in full or to answer.\n\nYou chose to receive {} by email; change this in MedTrack under Account, Notifications.",
                text.body,
                text.category.label().to_lowercase()
            ),
        ),
        EmailContent::OpenApp => (
            "MedTrack: you have a new notification".to_owned(),
            "There is something new for you in MedTrack. Open MedTrack to read it.\n\nYou chose emails that only tell you to open MedTrack; change this in MedTrack under Account, Notifications.".to_owned(),
        ),
    }
}

/// A text message: the title only (titles name no condition, medicine or
/// person), in one GSM-7 part.
pub fn sms(text: &Rendered) -> String {
    gsm7::one_part(&format!(
        "MedTrack: {}. Open the app for details.",
        text.title
    ))
}

/// What a patient's caregiver is told: who, and when, but no medicine.
fn caregiver_news(notice: &MedicationNotice, zone: &TimeZone) -> (String, String) {
    let clock = notice
        .dose_at
        .to_zoned_datetime(zone.clone())
        .strftime("%H:%M %Z")
        .to_string();
    let patient = notice
        .patient_name
        .clone()
        .unwrap_or_else(|| "Your contact".to_owned());
    (patient, clock)
}

/// The text message to a patient's caregiver.
pub fn caregiver_sms(notice: &MedicationNotice, zone: &TimeZone) -> String {
    let (patient, clock) = caregiver_news(notice, zone);
    gsm7::one_part(&format!(
        "MedTrack: {patient} has not marked the {clock} dose of a medicine as taken. They asked us to tell you."
    ))
}

/// The email to a patient's caregiver: subject and text.
pub fn caregiver_email(notice: &MedicationNotice, zone: &TimeZone) -> (String, String) {
    let (patient, clock) = caregiver_news(notice, zone);
    (
        format!("MedTrack: {patient} may have missed a dose"),
        format!(
            "{patient} has not marked the {clock} dose of a medicine as taken in MedTrack. They named you as their caregiver and asked us to tell you.\n\nYou receive these alerts because you confirmed the subscription MedTrack sent you; the link below ends it."
        ),
    )
}

/// `Tue 24 Nov 2026, 09:30 GMT` on the reader's clock.
fn when(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned_datetime(zone.clone())
        .strftime("%a %-d %b %Y, %H:%M %Z")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::notifications::messages::{MessageChange, MessageNotice};
    use crate::domain::notifications::outbox::{CareChange, CareNotice};
    use medtrack_shared::AppointmentId;

    #[test]
    fn every_text_message_is_one_gsm7_part_without_names_or_reasons() {
        let changes = [
            AccountChange::Approved,
            AccountChange::Rejected {
                reason: Some("Licence ✓ not verified — sorry".into()),
            },
            AccountChange::PasswordChanged,
            AccountChange::TwoFactorEnabled,
            AccountChange::TwoFactorDisabled,
            AccountChange::NewSignIn {
                device: "Chrome on Linux".into(),
                at: Timestamp::UNIX_EPOCH,
            },
        ];
        let actions = [
            ActionKind::Confirm,
            ActionKind::Reject,
            ActionKind::CheckIn,
            ActionKind::StartConsultation,
            ActionKind::Complete,
            ActionKind::Cancel,
            ActionKind::MarkNoShow,
            ActionKind::Reschedule,
        ];
        let mut events: Vec<Event> = changes.into_iter().map(Event::Account).collect();
        for change in [AppointmentChange::Booked, AppointmentChange::Reminder]
            .into_iter()
            .chain(actions.into_iter().map(AppointmentChange::Action))
        {
            events.push(Event::Appointment(AppointmentNotice {
                appointment: AppointmentId::from_uuid(uuid::Uuid::nil()),
                change,
                starts_at: Timestamp::UNIX_EPOCH,
                patient_name: "Zoë Ångström".into(),
                doctor_name: "Dr Ńowak".into(),
                actor_name: "Zoë Ångström".into(),
                note: Some("Diagnosis: flu".into()),
            }));
        }
        for change in [
            MedicationChange::DoseDue,
            MedicationChange::Missed,
            MedicationChange::RefillSoon { days_left: 2 },
            MedicationChange::PatientMissed,
            MedicationChange::CaregiverTold {
                caregiver: "Ann".into(),
                phone: Some("+447700900111".into()),
                email: Some("ann@example.com".into()),
            },
        ] {
            events.push(Event::Medication(MedicationNotice {
                medication: medtrack_shared::MedicationId::from_uuid(uuid::Uuid::nil()),
                name: "Fluoxetine 20 mg".into(),
                dose: "1 capsule".into(),
                dose_at: Timestamp::UNIX_EPOCH,
                patient_name: Some("Zoë Ångström".into()),
                change,
            }));
        }
        for change in [
            CareChange::Phq9Requested {
                doctor: "Dr Ńowak".into(),
            },
            CareChange::Phq9Elevated,
            CareChange::Phq9Urgent { minutes: 30 },
            CareChange::Phq9Escalated { no_doctor: true },
        ] {
            events.push(Event::Care(CareNotice {
                patient: medtrack_shared::UserId::from_uuid(uuid::Uuid::nil()),
                patient_name: "Zoë Ångström".into(),
                change,
            }));
        }
        for change in [
            MessageChange::FromPatient { urgent: false },
            MessageChange::FromPatient { urgent: true },
            MessageChange::FromDoctor,
            MessageChange::ReplyOverdue,
            MessageChange::Overdue,
            MessageChange::UrgentUnacknowledged,
        ] {
            events.push(Event::Message(MessageNotice {
                thread: medtrack_shared::ThreadId::from_uuid(uuid::Uuid::nil()),
                patient_name: "Zoë Ångström".into(),
                doctor_name: "Dr Ńowak".into(),
                change,
            }));
        }
        events.extend(
            super::super::billing::examples()
                .into_iter()
                .map(Event::Billing),
        );
        events.extend(
            super::super::blood::examples()
                .into_iter()
                .map(Event::Blood),
        );
        for event in &events {
            for role in [Role::Patient, Role::Doctor] {
                let text = sms(&render(event, role, &TimeZone::UTC));
                let septets = gsm7::septets(&text).expect("GSM-7 only");
                assert!(septets <= gsm7::ONE_PART, "{text}");
                for private in ["Zoë", "Ńowak", "flu", "Licence", "Chrome", "Fluoxetine"] {
                    assert!(!text.contains(private), "{text}");
                }
            }
        }
    }

    #[test]
    fn times_are_on_the_readers_clock() {
        let notice = AppointmentNotice {
            appointment: AppointmentId::from_uuid(uuid::Uuid::nil()),
            change: AppointmentChange::Action(ActionKind::Confirm),
            starts_at: "2026-11-24T14:30:00Z".parse().unwrap(),
            patient_name: "Pat".into(),
            doctor_name: "Dr Who".into(),
            actor_name: "Dr Who".into(),
            note: None,
        };
        let event = Event::Appointment(notice);
        let new_york = jiff::tz::db().get("America/New_York").unwrap();
        let text = render(&event, Role::Patient, &new_york);
        assert_eq!(text.event, "appointment.confirmed");
        assert_eq!(
            text.body,
            "Dr Who confirmed your appointment on Tue 24 Nov 2026, 09:30 EST."
        );
        let london = jiff::tz::db().get("Europe/London").unwrap();
        assert!(render(&event, Role::Patient, &london)
            .body
            .contains("14:30 GMT"));
    }
}
