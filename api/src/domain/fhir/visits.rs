//! Appointments and what a visit produces: the Appointment, the Encounter
//! once the patient has arrived, the diagnosis as an encounter-diagnosis
//! Condition (its id is the appointment's), each prescribed item as an
//! ordered MedicationRequest; and admissions as inpatient Encounters.

use jiff::Timestamp;
use medtrack_shared::appointment::{Appointment, AppointmentStatus};
use medtrack_shared::wards::admissions::{Admission, AdmissionState};
use serde_json::{json, Value};

use super::common::{at, hl7, instant, notes, put, reference, set, text, Mapped};
use super::ids::{Composite, Kind};
use super::people::specialty;

fn updated(appointment: &Appointment) -> Timestamp {
    appointment
        .timeline
        .last()
        .map_or(appointment.created_at, |entry| entry.at)
}

/// When the appointment first reached `status`.
fn reached(appointment: &Appointment, status: AppointmentStatus) -> Option<Timestamp> {
    appointment
        .timeline
        .iter()
        .find(|entry| entry.to == status)
        .map(|entry| entry.at)
}

pub fn appointment(a: &Appointment) -> Mapped {
    use AppointmentStatus as S;
    let status = match a.status {
        S::Pending => "pending",
        S::Confirmed => "booked",
        S::Rejected | S::Cancelled => "cancelled",
        S::CheckedIn => "checked-in",
        S::Consulting => "arrived",
        S::Completed => "fulfilled",
        S::NoShow => "noshow",
    };
    let doctor_answer = match a.status {
        S::Pending => "needs-action",
        S::Rejected => "declined",
        _ => "accepted",
    };
    let minutes = (a.ends_at - a.starts_at).as_mins().max(1);
    let mut resource = json!({
        "resourceType": "Appointment",
        "id": a.id.to_string(),
        "status": status,
        "specialty": [specialty(&a.specialization.to_string(), None)],
        "reasonCode": [text(&a.reason)],
        "start": instant(a.starts_at),
        "end": instant(a.ends_at),
        "minutesDuration": minutes,
        "created": instant(a.created_at),
        "participant": [
            { "actor": reference("Patient", a.patient.id, &a.patient.name),
              "required": "required", "status": "accepted" },
            { "actor": reference("Practitioner", a.doctor.id, &a.doctor.name),
              "required": "required", "status": doctor_answer },
        ],
    });
    if matches!(a.status, S::Rejected | S::Cancelled) {
        set(
            &mut resource,
            "cancelationReason",
            a.status_reason.as_deref().map(text),
        );
    }
    Mapped::new(resource, updated(a), Some((a.starts_at, a.ends_at)))
}

/// The visit as an Encounter, once the patient has arrived.
pub fn encounter(a: &Appointment) -> Option<Mapped> {
    use AppointmentStatus as S;
    let status = match a.status {
        S::CheckedIn => "arrived",
        S::Consulting => "in-progress",
        S::Completed => "finished",
        _ => return None,
    };
    let start = reached(a, S::CheckedIn).unwrap_or(a.starts_at);
    let end = reached(a, S::Completed);
    let mut period = json!({ "start": instant(start) });
    set(&mut period, "end", end.map(|t| json!(instant(t))));
    let mut resource = json!({
        "resourceType": "Encounter",
        "id": a.id.to_string(),
        "status": status,
        "class": { "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                   "code": "AMB", "display": "ambulatory" },
        "subject": reference("Patient", a.patient.id, &a.patient.name),
        "participant": [{ "individual": reference("Practitioner", a.doctor.id, &a.doctor.name) }],
        "appointment": [reference("Appointment", a.id, "")],
        "period": period,
        "reasonCode": [text(&a.reason)],
    });
    if a.consultation.is_some() {
        let diagnosis = json!([{ "condition": reference("Condition", a.id, ""), "rank": 1 }]);
        put(&mut resource, "diagnosis", diagnosis);
    }
    Some(Mapped::new(
        resource,
        updated(a),
        Some((start, end.unwrap_or(a.ends_at).max(start))),
    ))
}

/// The visit's diagnosis, once written.
pub fn diagnosis(a: &Appointment) -> Option<Mapped> {
    let consultation = a.consultation.as_ref()?;
    let recorded = reached(a, AppointmentStatus::Completed).unwrap_or(a.ends_at);
    let mut resource = json!({
        "resourceType": "Condition",
        "id": a.id.to_string(),
        "verificationStatus": hl7("condition-ver-status", "confirmed"),
        "category": [hl7("condition-category", "encounter-diagnosis")],
        "code": text(&consultation.diagnosis),
        "subject": reference("Patient", a.patient.id, &a.patient.name),
        "encounter": reference("Encounter", a.id, ""),
        "recordedDate": instant(recorded),
        "recorder": reference("Practitioner", a.doctor.id, &a.doctor.name),
    });
    set(&mut resource, "note", notes(&consultation.notes));
    Some(Mapped::new(resource, updated(a), at(recorded)))
}

/// The visit's prescription, one MedicationRequest per item. Its status is
/// `unknown`: what became of an order is in the patient's medications.
pub fn prescriptions(a: &Appointment) -> Vec<Mapped> {
    let Some(consultation) = &a.consultation else {
        return Vec::new();
    };
    let written = reached(a, AppointmentStatus::Completed).unwrap_or(a.ends_at);
    consultation
        .prescription
        .iter()
        .enumerate()
        .map(|(place, item)| {
            let id = Composite::numbered(Kind::Prescription, a.id.as_uuid(), place as u128);
            let how = [
                item.dose.as_str(),
                item.frequency.as_str(),
                item.duration.as_str(),
            ]
            .into_iter()
            .filter(|part| !part.trim().is_empty())
            .collect::<Vec<_>>()
            .join(", ");
            let mut dosage = json!({ "sequence": 1 });
            set(&mut dosage, "text", (!how.is_empty()).then(|| json!(how)));
            set(
                &mut dosage,
                "patientInstruction",
                (!item.instructions.trim().is_empty()).then(|| json!(item.instructions)),
            );
            let resource = json!({
                "resourceType": "MedicationRequest",
                "id": id.id(),
                "status": "unknown",
                "intent": "order",
                "medicationCodeableConcept": text(&item.drug),
                "subject": reference("Patient", a.patient.id, &a.patient.name),
                "encounter": reference("Encounter", a.id, ""),
                "authoredOn": instant(written),
                "requester": reference("Practitioner", a.doctor.id, &a.doctor.name),
                "dosageInstruction": [dosage],
            });
            Mapped::new(resource, updated(a), at(written))
        })
        .collect()
}

/// A stay in hospital.
pub fn admission(a: &Admission) -> Mapped {
    let end = a.discharge.as_ref().map(|d| d.at);
    let mut period = json!({ "start": instant(a.admitted_at) });
    set(&mut period, "end", end.map(|t| json!(instant(t))));
    let locations: Vec<Value> = a
        .stays
        .iter()
        .map(|stay| {
            let mut period = json!({ "start": instant(stay.from) });
            set(&mut period, "end", stay.until.map(|t| json!(instant(t))));
            json!({
                "location": { "display": format!("{}, bed {}", stay.ward_name, stay.bed_name) },
                "status": if stay.until.is_some() { "completed" } else { "active" },
                "period": period,
            })
        })
        .collect();
    let mut resource = json!({
        "resourceType": "Encounter",
        "id": a.id.to_string(),
        "status": match a.state {
            AdmissionState::Active => "in-progress",
            AdmissionState::Discharged => "finished",
        },
        "class": { "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                   "code": "IMP", "display": "inpatient encounter" },
        "subject": reference("Patient", a.patient.id, &a.patient.name),
        "participant": [{ "individual": reference("Practitioner", a.doctor.id, &a.doctor.name) }],
        "period": period,
        "reasonCode": [text(&a.reason)],
        "location": locations,
    });
    if let Some(discharge) = &a.discharge {
        put(
            &mut resource,
            "hospitalization",
            json!({
                "dischargeDisposition": text(discharge.destination.label())
            }),
        );
    }
    // A stay goes on until it ends.
    let care_end = end.unwrap_or(Timestamp::MAX).max(a.admitted_at);
    Mapped::new(resource, a.updated_at, Some((a.admitted_at, care_end)))
}
