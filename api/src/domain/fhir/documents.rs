//! Vault documents as DocumentReference. The attachment is not inlined: its
//! URL is the API's download of the current version, which checks the
//! reader's access and the malware scan and writes the access log, like
//! every other download.

use medtrack_shared::vault::Document;
use medtrack_shared::Role;
use serde_json::json;

use super::common::{day_span, instant, reference, set, text, Mapped};
use super::ids::{Composite, Kind};

/// A document not deleted; `api_base` is the API's address (`…/api/v1`).
pub fn document(d: &Document, api_base: &str) -> Option<Mapped> {
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
    let mut context =
        json!({ "period": { "start": d.about.to_string(), "end": d.about.to_string() } });
    set(
        &mut context,
        "encounter",
        d.visit
            .map(|visit| json!([reference("Encounter", visit, "")])),
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
            "url": format!("{api_base}/patients/{}/documents/{}/content", d.patient, d.id),
            "size": v.size,
            "title": v.file_name,
            "creation": instant(v.uploaded_at),
        } }],
        "context": context,
    });
    Some(Mapped::new(
        resource,
        v.uploaded_at.max(d.created_at),
        Some((start, end)),
    ))
}
