//! One document as a card: what it is, its file, its malware check, whom it
//! is shared with, its versions, and the actions the reader may take; a
//! deleted one as its tombstone. The card keeps the document as its actions
//! answer it, so a change shows at once without reading the list again.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use medtrack_shared::vault::{Document, FileType, ScanStatus, Tombstone, Version};
use medtrack_shared::Role;

use super::edit::EditDetails;
use super::open::{OpenFile, PreviewImage, Target};
use super::share::{ShareForm, Shares};
use super::version_form::NewVersion;
use super::versions::Versions;
use super::{unopenable, ScanBadge, Vault, Viewer};
use crate::api::use_api;
use crate::components::action::{Act, Failure, Outcome};
use crate::format;
use crate::state::session::use_session;

/// What the card shows besides the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Panel {
    Closed,
    NewVersion,
    Share,
    Edit,
    Delete,
}

/// The card; `remember` is told of each change, for the list's data.
#[component]
pub fn DocumentCard(
    vault: Vault,
    document: Document,
    remember: Callback<Document>,
) -> impl IntoView {
    let id = document.id;
    let shown = RwSignal::new(document);
    let panel = RwSignal::new(Panel::Closed);
    // Told here, outside what a change redraws, so the message stays.
    let told = Act::new();
    let changed = Callback::new(move |(document, message): (Document, String)| {
        remember.try_run(document.clone());
        shown.set(document);
        panel.set(Panel::Closed);
        if !message.is_empty() {
            told.done(message);
        }
    });
    if matches!(vault.viewer, Viewer::Owner(_)) {
        watch_scan(shown, remember);
    }
    let deleted = move || shown.with(|d| d.deleted.is_some());
    view! {
        <li class=move || if deleted() { "document tombstone" } else { "card document" }
            data-testid=move || if deleted() { "document-deleted" } else { "document" }
            data-document=id.to_string()>
            {move || {
                let document = shown.get();
                match document.deleted.clone() {
                    Some(tombstone) => view! { <TombstoneLine document tombstone/> }.into_any(),
                    None => view! { <Body vault document panel changed/> }.into_any(),
                }
            }}
            <Outcome act=told/>
        </li>
    }
}

/// How often, and how many times, a card asks again while the malware
/// check runs.
const SCAN_POLL: Duration = Duration::from_secs(5);
const SCAN_POLLS: u32 = 60;

/// While the malware check of the latest version runs, asks for the
/// document again now and then, so that it opens once found clean. Only
/// the patient's: a doctor's every read is in the patient's access log.
fn watch_scan(shown: RwSignal<Document>, remember: Callback<Document>) {
    let api = use_api();
    let pending = Memo::new(move |_| {
        shown.with(|d| d.current.scan == ScanStatus::Pending && d.deleted.is_none())
    });
    let round = RwSignal::new(0_u32);
    Effect::new(move |_| {
        if !pending.get() || round.get() >= SCAN_POLLS {
            return;
        }
        let (patient, id) = shown.with_untracked(|d| (d.patient, d.id));
        set_timeout(
            move || {
                spawn_local(async move {
                    if let Ok(fresh) = api.document(patient, id).await {
                        // The card may be gone, or changed by an action meanwhile.
                        if shown.try_with_untracked(|d| *d != fresh) == Some(true) {
                            remember.try_run(fresh.clone());
                            shown.try_set(fresh);
                        }
                    }
                    round.try_update(|n| *n += 1);
                });
            },
            SCAN_POLL,
        );
    });
}

/// A deleted document: its title struck through, who deleted it and when.
#[component]
fn TombstoneLine(document: Document, tombstone: Tombstone) -> impl IntoView {
    let zone = use_session().zone();
    view! {
        <p class="tombstone-line">
            <s class="document-title">{format!("{} · {}", document.category.label(), document.title)}</s>
            " "
            <span class="hint">{format!("Deleted by {} on {}", tombstone.by_name, format::date_at(tombstone.at, &zone))}</span>
        </p>
    }
}

/// Who uploaded a version: "you", or their name.
fn version_uploader(version: &Version, viewer: Viewer) -> String {
    if viewer.id() == Some(version.uploaded_by) {
        "you".to_owned()
    } else {
        version.uploaded_by_name.clone()
    }
}

/// Who uploaded the document, as the reader reads it.
fn uploader(document: &Document, mine: bool) -> String {
    if mine {
        "you".to_owned()
    } else if document.uploaded_by_role == Role::Doctor {
        format!("{} (doctor)", document.uploaded_by_name)
    } else {
        document.uploaded_by_name.clone()
    }
}

#[component]
fn Body(
    vault: Vault,
    document: Document,
    panel: RwSignal<Panel>,
    changed: Callback<(Document, String)>,
) -> impl IntoView {
    let zone = use_session().zone();
    let viewer = vault.viewer;
    let mine = viewer.uploaded(&document);
    let owner = matches!(viewer, Viewer::Owner(_));
    let current = document.current.clone();
    let title = document.title.clone();
    let target = Target {
        patient: vault.patient,
        document: document.id,
        version: None,
        file_type: current.file_type,
    };
    let openable = viewer.opens() && current.scan.openable();
    let image = matches!(current.file_type, FileType::Png | FileType::Jpeg);
    let mut uploaded = format!(
        "Uploaded by {} on {}",
        uploader(&document, mine),
        format::date_at(document.created_at, &zone)
    );
    if document.versions > 1 {
        uploaded.push_str(&format!(
            "; version {} by {} on {}",
            current.number,
            version_uploader(&current, viewer),
            format::date_at(current.uploaded_at, &zone)
        ));
    }
    let toggle =
        move |what: Panel| panel.update(|p| *p = if *p == what { Panel::Closed } else { what });
    let button = move |what: Panel, label: &'static str, testid: &'static str| {
        let name = format!("{label} {}", title.clone());
        view! {
            <button type="button" class="secondary" aria-expanded=move || (panel.get() == what).to_string()
                aria-label=name data-testid=testid on:click=move |_| toggle(what)>{label}</button>
        }
    };
    let stored = StoredValue::new(document.clone());
    let on_shares = Callback::new(move |d| {
        changed.try_run((d, String::new()));
    });
    view! {
        <div class="document-head">
            <p class="document-kind">
                <span class="badge category" data-testid="document-category">{document.category.label()}</span>
                " "<time datetime=document.about.to_string() data-testid="document-about">{format::date(document.about)}</time>
            </p>
            <h3 class="document-title" data-testid="document-title">{document.title.clone()}</h3>
        </div>
        <p class="document-file" data-testid="document-file">
            {format!("{} · {}", current.file_type.label(), format::size(current.size))}
            " · "<span class="file-name">{current.file_name.clone()}</span>
        </p>
        <p class="hint">{uploaded}</p>
        {document.visit.map(|visit| view! {
            <p class="hint">"Belongs to a visit: " <a href=format!("/appointments/{visit}")>"see the visit"</a></p>
        })}
        <p class="document-scan"><ScanBadge scan=current.scan finding=current.finding.clone()/></p>
        {viewer.opens().then(|| unopenable(current.scan)).flatten().map(|why| view! { <p class="hint">{why}</p> })}
        <Shares vault document=document.clone() on_change=on_shares/>
        <div class="actions">
            {openable.then(|| view! { <OpenFile target name=document.title.clone()/> })}
            {(openable && image).then(|| view! { <PreviewImage target alt=document.title.clone()/> })}
            {mine.then(|| button(Panel::NewVersion, "New version", "new-version-button"))}
            {owner.then(|| button(Panel::Share, "Share", "share-button"))}
            {mine.then(|| button(Panel::Edit, "Edit details", "edit-button"))}
            {(owner && mine).then(|| button(Panel::Delete, "Delete", "delete-button"))}
        </div>
        {move || {
            let cancel = Callback::new(move |()| panel.set(Panel::Closed));
            let document = stored.get_value();
            match panel.get() {
                Panel::Closed => ().into_any(),
                Panel::NewVersion => view! {
                    <NewVersion document on_done=changed on_cancel=cancel/>
                }.into_any(),
                Panel::Share => view! {
                    <ShareForm vault document=document.id on_done=changed on_cancel=cancel/>
                }.into_any(),
                Panel::Edit => view! {
                    <EditDetails document on_done=changed on_cancel=cancel/>
                }.into_any(),
                Panel::Delete => view! { <ConfirmDelete document changed cancel/> }.into_any(),
            }
        }}
        <Versions vault document/>
    }
}

/// The question before a deletion.
#[component]
fn ConfirmDelete(
    document: Document,
    changed: Callback<(Document, String)>,
    cancel: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let act = Act::new();
    let (patient, id) = (document.patient, document.id);
    let delete = move |_| {
        act.run(api.delete_document(patient, id), move |tombstone| {
            changed.try_run((tombstone, "Document deleted.".to_owned()));
        });
    };
    view! {
        <div class="confirm" role="group" aria-label="Confirm the deletion" data-testid="confirm-delete">
            <p>{format!("Delete “{}”? Nobody will be able to open it again, and the doctors you shared it with lose access. A line saying you deleted it stays in your list.", document.title)}</p>
            <div class="actions">
                <button type="button" class="danger" disabled=move || act.pending() on:click=delete>"Yes, delete it"</button>
                <button type="button" class="secondary" on:click=move |_| cancel.run(())>"Keep it"</button>
            </div>
            <Failure act/>
        </div>
    }
}
