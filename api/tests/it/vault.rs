//! The document vault over HTTP, on both drivers and both object stores:
//! a patient uploads, shares with their doctor until revoked or expired,
//! and every download is a short-lived link in the patient's access log;
//! versions, doctors' uploads for a visit, deletion's tombstone; what the
//! vault refuses (types that lie, sizes one byte over, with and without a
//! Content-Length).

use medtrack::store::{Condition, Item};
use medtrack_shared::account::AccessLogEntry;
use medtrack_shared::vault::{Document, DownloadLink, ScanStatus, Version};
use medtrack_shared::{Page, Role};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::clinic::error_code;
use crate::helpers::{on_both_drivers, Driver};
use crate::record_problems::expect;
use crate::vault_support::{
    clinic_on, documents_of, fetch, link_for, listed, patient_pdf, pdf, png, settings, upload,
    Objects,
};
use medtrack::config::VaultSettings;

on_both_drivers!(
    shares_and_downloads_on_disk,
    shares_and_downloads_on_s3,
    what_the_vault_refuses,
    versions_uploads_for_a_visit_and_deletion,
);

async fn shares_and_downloads_on_disk(driver: Driver) {
    shares_and_downloads(driver, Objects::Disk).await;
}

async fn shares_and_downloads_on_s3(driver: Driver) {
    shares_and_downloads(driver, Objects::S3).await;
}

async fn shares_and_downloads(driver: Driver, objects: Objects) {
    let clinic = clinic_on(driver, settings(objects)).await;
    let (patient, doctor) = (&clinic.patient, &clinic.doctor);
    let blood = patient_pdf(&clinic, "Blood test").await;
    assert_eq!(blood.current.scan, ScanStatus::NotScanned);
    assert_eq!(blood.current.file_name, "x.pdf");
    assert_eq!(blood.uploaded_by_role, Role::Patient);
    assert_eq!(
        listed(&clinic, &patient.token).await,
        std::slice::from_ref(&blood)
    );

    // Not shared: the patient's own doctor sees nothing of it.
    assert!(listed(&clinic, &doctor.token).await.is_empty());
    let one = format!("{}/{}", documents_of(patient), blood.id);
    let hidden = clinic.app.get_as(&one, &doctor.token).await;
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
    let refused = link_for(&clinic, &doctor.token, &blood, None).await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);

    // Shared until revoked: the doctor lists it, opens it, and is in the log.
    let share = format!("{one}/shares/{}", doctor.id);
    let shared: Document = expect(
        clinic
            .app
            .json_as(Method::PUT, &share, &patient.token, &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(shared.shares.len(), 1);
    let seen = listed(&clinic, &doctor.token).await;
    assert_eq!(seen.len(), 1);
    assert!(
        seen[0].shares.is_empty(),
        "shares are the patient's business"
    );
    let link: DownloadLink = expect(
        link_for(&clinic, &doctor.token, &blood, None).await,
        StatusCode::OK,
    )
    .await;
    assert!(link.inline);
    let file = fetch(&clinic, &link).await;
    assert_eq!(file.status(), StatusCode::OK);
    let headers = file.headers().clone();
    assert_eq!(headers["content-type"], "application/pdf");
    assert_eq!(headers["content-disposition"], "inline; filename=\"x.pdf\"");
    if matches!(objects, Objects::Disk) {
        assert_eq!(headers["x-content-type-options"], "nosniff");
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("; sandbox;"), "{csp}");
        assert!(!link.url.contains(&blood.current.sha256), "no object names");
    }
    assert_eq!(file.bytes().await.unwrap().as_ref(), pdf("Blood test"));
    let log: Page<AccessLogEntry> = clinic.read(&patient.token, "/api/v1/me/access-log").await;
    assert!(
        log.items
            .iter()
            .any(|e| e.what == "document download" && e.actor_id.to_string() == doctor.id),
        "the download is in the patient's access log"
    );

    // Revoked: refused at once, the link made before it aside.
    expect::<Document>(
        clinic
            .app
            .send_as(Method::DELETE, &share, &patient.token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(listed(&clinic, &doctor.token).await.is_empty());
    let revoked = link_for(&clinic, &doctor.token, &blood, None).await;
    assert_eq!(revoked.status(), StatusCode::NOT_FOUND);

    // Shared until a day: once that day is over, refused.
    let until = json!({"until": "2100-01-01"});
    let again = clinic
        .app
        .json_as(Method::PUT, &share, &patient.token, &until)
        .await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(listed(&clinic, &doctor.token).await.len(), 1);
    expire_share(&clinic, &blood).await;
    assert!(listed(&clinic, &doctor.token).await.is_empty());
    let expired = link_for(&clinic, &doctor.token, &blood, None).await;
    assert_eq!(expired.status(), StatusCode::NOT_FOUND);
    let past = json!({"until": "2001-01-01"});
    let late = clinic
        .app
        .json_as(Method::PUT, &share, &patient.token, &past)
        .await;
    assert_eq!(late.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Admins read what is said about it, never the file.
    let admin = &clinic.admin;
    assert_eq!(listed(&clinic, &admin.token).await.len(), 1);
    let denied = link_for(&clinic, &admin.token, &blood, None).await;
    assert_eq!(denied.status(), StatusCode::FORBIDDEN);
}

/// Moves the doctor's share of `document` past its end, as time would.
async fn expire_share(clinic: &crate::clinic::Clinic, document: &Document) {
    let key = medtrack::store::keys::doctor_document(
        &clinic.doctor.id.parse().unwrap(),
        &document.patient,
        &document.id,
    );
    let item = clinic.app.store.get(&key).await.unwrap().unwrap();
    let mut attrs = item.attrs.clone();
    let past = jiff::Timestamp::now() - jiff::SignedDuration::from_secs(1);
    attrs.insert("expires_at".into(), json!(past));
    let expired = Item::new(key, attrs);
    clinic
        .app
        .store
        .put(expired, Condition::Exists)
        .await
        .unwrap();
}

async fn what_the_vault_refuses(driver: Driver) {
    let limit = 4096;
    let vault = VaultSettings {
        max_upload_bytes: limit,
        ..VaultSettings::default()
    };
    let clinic = clinic_on(driver, vault).await;
    let (patient, token) = (&clinic.patient, clinic.patient.token.as_str());
    let path = documents_of(patient);
    let query = "title=Scan&category=imaging&about=2026-11-01";
    let send = |name: &'static str, body: Vec<u8>| {
        let query = format!("{query}&file_name={name}");
        let path = path.clone();
        let clinic = &clinic;
        async move { upload(clinic, token, &path, &query, body).await }
    };

    // Names and declared types that lie.
    let html = b"<!DOCTYPE html><html><script>alert(1)</script></html>".to_vec();
    let page = send("report.pdf", html).await;
    assert_eq!(page.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let body: medtrack_shared::ErrorBody = page.json().await.unwrap();
    assert!(
        body.error.message.contains("PDF, PNG, JPEG"),
        "{}",
        body.error.message
    );
    let exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0".to_vec();
    assert_eq!(
        send("x-ray.png", exe).await.status(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>".to_vec();
    assert_eq!(
        send("chart.png", svg).await.status(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    assert_eq!(
        send("empty.pdf", Vec::new()).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // One byte over the limit: with a Content-Length, and streamed without one.
    let mut big = pdf("big");
    big.resize(usize::try_from(limit).unwrap() + 1, b' ');
    let over = send("big.pdf", big.clone()).await;
    assert_eq!(over.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: medtrack_shared::ErrorBody = over.json().await.unwrap();
    assert_eq!(
        body.error.message,
        "The file is larger than the limit of 1 MB."
    );
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        big.chunks(1000).map(|c| Ok(c.to_vec())).collect();
    let streamed = clinic
        .app
        .client
        .post(clinic.app.url(&format!("{path}?{query}")))
        .bearer_auth(token)
        .body(reqwest::Body::wrap_stream(futures::stream::iter(chunks)))
        .send()
        .await
        .unwrap();
    assert_eq!(streamed.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // At the limit exactly, it goes in.
    big.truncate(usize::try_from(limit).unwrap());
    assert_eq!(send("big.pdf", big).await.status(), StatusCode::CREATED);

    // Fields and people.
    let long = format!(
        "title={}&category=imaging&about=2026-11-01",
        "x".repeat(121)
    );
    let titled = upload(&clinic, token, &path, &long, pdf("t")).await;
    assert_eq!(titled.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let strange = upload(
        &clinic,
        token,
        &path,
        "title=x&category=poem&about=2026-11-01",
        pdf("t"),
    )
    .await;
    assert_eq!(strange.status(), StatusCode::BAD_REQUEST);
    let other = crate::clinic::register_patient(&clinic.app, "other@example.org").await;
    let theirs = upload(&clinic, &other.token, &path, query, pdf("t")).await;
    assert_eq!(theirs.status(), StatusCode::FORBIDDEN);
    let admin = upload(&clinic, &clinic.admin.token, &path, query, pdf("t")).await;
    assert_eq!(admin.status(), StatusCode::FORBIDDEN);
    let stranger =
        crate::clinic::approved_doctor(&clinic.app, &clinic.admin, "who@example.org").await;
    let by_stranger = upload(&clinic, &stranger.token, &path, query, pdf("t")).await;
    assert_eq!(by_stranger.status(), StatusCode::FORBIDDEN);
    let listing = clinic.app.get_as(&path, &stranger.token).await;
    assert_eq!(listing.status(), StatusCode::FORBIDDEN);

    // Only the accepted file is there; nothing half-written is left behind.
    assert_eq!(listed(&clinic, token).await.len(), 1);
}

async fn versions_uploads_for_a_visit_and_deletion(driver: Driver) {
    let clinic = clinic_on(driver, settings(Objects::Disk)).await;
    let (patient, doctor) = (&clinic.patient, &clinic.doctor);
    let path = documents_of(patient);
    let letter = patient_pdf(&clinic, "Letter").await;
    let one = format!("{path}/{}", letter.id);

    // A second version; both kept and openable.
    let second: Document = expect(
        upload(
            &clinic,
            &patient.token,
            &format!("{one}/versions"),
            "file_name=letter.png",
            png(),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!((second.versions, second.current.number), (2, 2));
    assert_eq!(second.current.file_name, "letter.png");
    let versions: Vec<Version> = clinic
        .read(&patient.token, &format!("{one}/versions"))
        .await;
    let numbers: Vec<u32> = versions.iter().map(|v| v.number).collect();
    assert_eq!(numbers, [2, 1]);
    let first: DownloadLink = expect(
        link_for(&clinic, &patient.token, &letter, Some(1)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        fetch(&clinic, &first).await.bytes().await.unwrap().as_ref(),
        pdf("Letter")
    );
    let latest: DownloadLink = expect(
        link_for(&clinic, &patient.token, &letter, None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        fetch(&clinic, &latest)
            .await
            .bytes()
            .await
            .unwrap()
            .as_ref(),
        png()
    );

    // The doctor uploads a lab result for the visit: theirs to correct, not
    // the patient's to delete.
    let visits: Page<medtrack_shared::appointment::Appointment> = clinic
        .read(
            &patient.token,
            &format!("/api/v1/patients/{}/appointments", patient.id),
        )
        .await;
    let visit = visits.items[0].id;
    let query = format!("title=CBC&category=lab_result&about=2026-11-02&visit={visit}");
    let lab: Document = expect(
        upload(&clinic, &doctor.token, &path, &query, pdf("CBC")).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(lab.uploaded_by_role, Role::Doctor);
    assert_eq!(
        listed(&clinic, &doctor.token).await,
        std::slice::from_ref(&lab)
    );
    let of_visit: Vec<Document> = clinic
        .read(
            &patient.token,
            &format!("/api/v1/appointments/{visit}/documents"),
        )
        .await;
    assert_eq!(of_visit.len(), 1);
    let visit_path = format!("/api/v1/appointments/{visit}/documents");
    let stranger =
        crate::clinic::approved_doctor(&clinic.app, &clinic.admin, "who@example.org").await;
    let other = crate::clinic::register_patient(&clinic.app, "other@example.org").await;
    for token in [&stranger.token, &other.token] {
        let refused = clinic.app.get_as(&visit_path, token).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    }
    let lab_one = format!("{path}/{}", lab.id);
    let not_theirs = clinic
        .app
        .send_as(Method::DELETE, &lab_one, &patient.token)
        .await;
    assert_eq!(not_theirs.status(), StatusCode::FORBIDDEN);
    let not_their_version = upload(
        &clinic,
        &patient.token,
        &format!("{lab_one}/versions"),
        "",
        pdf("x"),
    )
    .await;
    assert_eq!(not_their_version.status(), StatusCode::FORBIDDEN);
    let corrected = upload(
        &clinic,
        &doctor.token,
        &format!("{lab_one}/versions"),
        "",
        pdf("CBC v2"),
    )
    .await;
    assert_eq!(corrected.status(), StatusCode::CREATED);

    // Attached to the visit (as when booking): shared with its doctor.
    let attach = json!({"documents": [letter.id]});
    let attached: Vec<Document> = expect(
        clinic.post(&patient.token, &visit_path, &attach).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(attached[0].visit, Some(visit));
    assert_eq!(listed(&clinic, &doctor.token).await.len(), 2);
    for token in [&doctor.token, &other.token] {
        let refused = clinic.post(token, &visit_path, &attach).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    }
    let twice = json!({"documents": [letter.id, letter.id]});
    let twice = clinic.post(&patient.token, &visit_path, &twice).await;
    assert_eq!(twice.status(), StatusCode::UNPROCESSABLE_ENTITY);
    expect::<Document>(
        clinic
            .app
            .send_as(
                Method::DELETE,
                &format!("{one}/shares/{}", doctor.id),
                &patient.token,
            )
            .await,
        StatusCode::OK,
    )
    .await;

    // A patient's upload for the visit is shared with its doctor.
    let query = format!("title=Photo&category=imaging&about=2026-11-02&visit={visit}");
    let photo: Document = expect(
        upload(&clinic, &patient.token, &path, &query, png()).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(photo.shares.len(), 1);
    assert_eq!(listed(&clinic, &doctor.token).await.len(), 2);

    // Deleted: a tombstone, shares ended, nothing opens.
    let deleted: Document = expect(
        clinic
            .app
            .send_as(
                Method::DELETE,
                &format!("{path}/{}", photo.id),
                &patient.token,
            )
            .await,
        StatusCode::OK,
    )
    .await;
    let tombstone = deleted.deleted.expect("a tombstone");
    assert_eq!(tombstone.by.to_string(), patient.id);
    assert!(deleted.shares.is_empty());
    assert_eq!(listed(&clinic, &doctor.token).await.len(), 1);
    let gone = link_for(&clinic, &patient.token, &photo, None).await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    let kept: Vec<Document> = listed(&clinic, &patient.token).await;
    assert!(kept.iter().any(|d| d.id == photo.id && d.deleted.is_some()));
    let twice = clinic
        .app
        .send_as(
            Method::DELETE,
            &format!("{path}/{}", photo.id),
            &patient.token,
        )
        .await;
    assert_eq!(error_code(twice).await, "not_found");
}
