//! Patient, Practitioner and PractitionerRole: the people of the record.
//! Practitioners carry no contact details (a doctor's email is their
//! sign-in, not the clinic's line); the licence number is their identifier.

use medtrack_shared::account::AccountStatus;
use medtrack_shared::{Role, Specialization};
use serde_json::{json, Value};

use super::common::{date, put, reference, set, uuid_identifier, Mapped};
use crate::domain::accounts::Account;
use crate::domain::{Context, DomainError};
use crate::store::keys;

pub fn patient(account: &Account) -> Mapped {
    let mut telecom = vec![json!({ "system": "email", "value": account.email })];
    if let Some(phone) = &account.phone {
        telecom.push(json!({ "system": "phone", "value": phone, "use": "mobile" }));
    }
    let mut resource = json!({
        "resourceType": "Patient",
        "id": account.id.to_string(),
        "identifier": [uuid_identifier(account.id)],
        "active": account.status == AccountStatus::Active,
        "name": [{ "text": account.name }],
        "telecom": telecom,
    });
    set(
        &mut resource,
        "birthDate",
        account.date_of_birth.map(|d| json!(date(d))),
    );
    // Accounts keep no time of their last change.
    Mapped::new(resource, None, None)
}

pub fn practitioner(doctor: &Account) -> Mapped {
    let mut identifier = vec![uuid_identifier(doctor.id)];
    if let Some(licence) = &doctor.licence_number {
        identifier.push(json!({ "type": { "text": "Licence number" }, "value": licence }));
    }
    let resource = json!({
        "resourceType": "Practitioner",
        "id": doctor.id.to_string(),
        "identifier": identifier,
        "active": doctor.status == AccountStatus::Active,
        "name": [{ "text": doctor.name }],
    });
    Mapped::new(resource, None, None)
}

/// The doctor's specialization, with its name from the catalogue.
pub async fn practitioner_role(ctx: &Context, doctor: &Account) -> Result<Mapped, DomainError> {
    let mut resource = json!({
        "resourceType": "PractitionerRole",
        "id": doctor.id.to_string(),
        "active": doctor.status == AccountStatus::Active,
        "practitioner": reference("Practitioner", doctor.id, &doctor.name),
    });
    if let Some(slug) = &doctor.specialization {
        let name = match ctx.store.get(&keys::specialization(slug)).await? {
            Some(item) => item.into_record::<Specialization>()?.name,
            None => slug.to_string(),
        };
        put(
            &mut resource,
            "specialty",
            json!([specialty(&slug.to_string(), Some(&name))]),
        );
    }
    Ok(Mapped::new(resource, None, None))
}

/// A specialization as a concept in the clinic's catalogue.
pub fn specialty(slug: &str, name: Option<&str>) -> Value {
    let mut coding = json!({ "system": "urn:medtrack:specialization", "code": slug });
    if let Some(name) = name {
        put(&mut coding, "display", json!(name));
        return json!({ "coding": [coding], "text": name });
    }
    json!({ "coding": [coding] })
}

/// A doctor's account, if `account` is one.
pub fn is_doctor(account: &Account) -> bool {
    account.role == Role::Doctor
}
