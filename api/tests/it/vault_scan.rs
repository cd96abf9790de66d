//! The vault's malware check with a real clamd, on both drivers, on disk
//! and on S3: the test signature is quarantined and never opens, its
//! uploader and the admins are told and the admins list it; a clean file
//! opens once checked; with clamd unreachable uploads wait, neither lost
//! nor published, and are checked when it is back.

use std::time::Duration;

use medtrack::config::VaultSettings;
use medtrack::workers::Scheduler;
use medtrack_shared::notification::Notification;
use medtrack_shared::vault::{Document, DownloadLink, QuarantinedFile, ScanStatus};
use medtrack_shared::Page;
use reqwest::StatusCode;

use crate::clamd::{self, Switch, TEST_SIGNATURE_NAME, TEST_SIGNATURE_TEXT};
use crate::clinic::{error_code, Clinic};
use crate::helpers::{on_both_drivers, Driver};
use crate::record_problems::expect;
use crate::vault_support::{
    clinic_on, documents_of, fetch, link_for, patient_pdf, pdf, settings, upload, Objects,
};

on_both_drivers!(scanned_on_disk, scanned_on_s3, uploads_wait_for_clamd);

async fn scanned_on_disk(driver: Driver) {
    scanned(driver, Objects::Disk).await;
}

async fn scanned_on_s3(driver: Driver) {
    scanned(driver, Objects::S3).await;
}

/// The document once its current version is no longer waiting for the scan.
async fn settled(clinic: &Clinic, document: &Document) -> Document {
    let path = format!("{}/{}", documents_of(&clinic.patient), document.id);
    for _ in 0..200 {
        let now: Document = clinic.read(&clinic.patient.token, &path).await;
        if now.current.scan != ScanStatus::Pending {
            return now;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the scan did not finish in 20 s");
}

/// The events of `token`'s inbox, waiting for `event` to arrive.
async fn inbox_has(clinic: &Clinic, token: &str, event: &str) -> bool {
    for _ in 0..100 {
        let page: Page<Notification> = clinic.read(token, "/api/v1/me/notifications").await;
        if page.items.iter().any(|n| n.event == event) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

async fn scanned(driver: Driver, objects: Objects) {
    let vault = VaultSettings {
        clamd: Some(clamd::address()),
        ..settings(objects)
    };
    let clinic = clinic_on(driver, vault).await;
    let patient = &clinic.patient;

    // The test signature, inside a PDF: quarantined, never opened.
    let query = "title=Referral&category=letter&about=2026-11-01";
    let body = pdf(TEST_SIGNATURE_TEXT);
    let path = documents_of(patient);
    let bad: Document = expect(
        upload(&clinic, &patient.token, &path, query, body).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(bad.current.scan, ScanStatus::Pending);
    let refused = settled(&clinic, &bad).await;
    assert_eq!(refused.current.scan, ScanStatus::Infected);
    assert_eq!(
        refused.current.finding.as_deref(),
        Some(TEST_SIGNATURE_NAME)
    );
    let closed = link_for(&clinic, &patient.token, &bad, None).await;
    assert_eq!(closed.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(closed).await, "quarantined");
    assert!(inbox_has(&clinic, &patient.token, "document.refused").await);
    assert!(inbox_has(&clinic, &clinic.admin.token, "document.quarantined").await);
    let quarantine: Page<QuarantinedFile> = clinic
        .read(&clinic.admin.token, "/api/v1/admin/quarantine")
        .await;
    assert_eq!(quarantine.items.len(), 1);
    assert_eq!(quarantine.items[0].document, bad.id);
    assert_eq!(quarantine.items[0].patient.to_string(), patient.id);

    // A clean file waits for the check, then opens.
    let good = patient_pdf(&clinic, "Clean").await;
    assert_eq!(good.current.scan, ScanStatus::Pending);
    let clean = settled(&clinic, &good).await;
    assert_eq!(clean.current.scan, ScanStatus::Clean);
    let link: DownloadLink = expect(
        link_for(&clinic, &patient.token, &good, None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        fetch(&clinic, &link).await.bytes().await.unwrap().as_ref(),
        pdf("Clean")
    );
}

async fn uploads_wait_for_clamd(driver: Driver) {
    let switch = Switch::new().await;
    let _clamd_started = clamd::address();
    let vault = VaultSettings {
        clamd: Some(switch.address.clone()),
        ..settings(Objects::Disk)
    };
    let clinic = clinic_on(driver, vault).await;
    let patient = &clinic.patient;
    switch.set_up(false);

    let waiting = patient_pdf(&clinic, "While down").await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let path = format!("{}/{}", documents_of(patient), waiting.id);
    let still: Document = clinic.read(&patient.token, &path).await;
    assert_eq!(still.current.scan, ScanStatus::Pending, "not published");
    let early = link_for(&clinic, &patient.token, &waiting, None).await;
    assert_eq!(error_code(early).await, "scan_pending");

    // Back: the job's next try (due 30 s after the last) checks it.
    switch.set_up(true);
    let later = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(31);
    Scheduler::new(clinic.app.ctx.clone())
        .run_due(later)
        .await
        .unwrap();
    let done = settled(&clinic, &waiting).await;
    assert_eq!(done.current.scan, ScanStatus::Clean);
    let opened = link_for(&clinic, &patient.token, &waiting, None).await;
    assert_eq!(opened.status(), StatusCode::OK);
}
