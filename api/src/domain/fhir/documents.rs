//! Vault documents as DocumentReference. The attachment is not inlined: its
//! URL is the API's download of the current version, which checks the
//! reader's access and the malware scan and writes the access log, like
//! every other download; the HTTP layer says where that is.

use medtrack_shared::vault::Document;
use medtrack_shared::Role;
use serde_json::json;

use super::common::{date, day_span, instant, reference, set, text, Mapped};
use super::ids::{Composite, Kind};
use super::map::Env;

/// A document not deleted.
pub fn document(d: &Document, env: &Env<'_>) -> Option<Mapped> {
    if d.deleted.is_some() {
        return None;
    }
    let id = Composite::new(Kind::Document, d.patient.as_uuid(), d.id.as_uuid());
    let author = match d.uploaded_by_role {
        Role::Doctor => reference("Practitioner", d.uploaded_by, &d.uploaded_by_name),
        Role::Patient => reference("Patient", d.uploaded_by, &d.uploaded_by_name),
        Role::Admin => json!({ "display": d.uploaded_by_name }),
    };
    let v = &d.current;
    let (start, end) = day_span(d.about);
    let mut context = json!({ "period": { "start": date(d.about), "end": date(d.about) } });
    // The visit as an appointment: a visit never checked in has no Encounter.
    set(
        &mut context,
        "related",
        d.visit
            .map(|visit| json!([reference("Appointment", visit, "")])),
    );
    let resource = json!({
        "resourceType": "DocumentReference",
        "id": id.id(),
        "status": "current",
        "type": text(d.category.label()),
        "subject": reference("Patient", d.patient, ""),
        "date": instant(v.uploaded_at),
        "author": [author],
        "description": d.title,
        "content": [{ "attachment": {
            "contentType": v.file_type.mime(),
            "url": env.content_url(&d.patient, &d.id, v.number),
            "size": v.size,
            "title": v.file_name,
            "creation": instant(v.uploaded_at),
        } }],
        "context": context,
    });
    // A document keeps no time of its last edit (a title may change).
    Some(Mapped::new(resource, None, Some((start, end))))
}
