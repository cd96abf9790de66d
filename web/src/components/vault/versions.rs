//! A document's versions, newest first, read when the reader unfolds them:
//! who uploaded each and when, its file, its malware check, and a way to
//! open it.

use leptos::prelude::*;
use medtrack_shared::vault::{Document, Version};

use super::open::{OpenFile, Target};
use super::{unopenable, ScanBadge, Vault};
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

/// The versions of `document`, folded until opened.
#[component]
pub fn Versions(vault: Vault, document: Document) -> impl IntoView {
    let opened = RwSignal::new(false);
    let (patient, id, count) = (vault.patient, document.id, document.versions);
    let title = document.title.clone();
    let summary = if count == 1 {
        "1 version".to_owned()
    } else {
        format!("{count} versions")
    };
    view! {
        <details class="versions" data-testid="versions"
            on:toggle=move |_| if !opened.get_untracked() { opened.set(true) }>
            <summary>{summary}</summary>
            {move || opened.get().then(|| {
                let versions = Loader::new(move |api| api.versions(patient, id));
                let title = title.clone();
                view! {
                    <Loaded from=versions what="the versions" let:list>
                        <ol class="version-list">
                            {list.into_iter().map(|version| view! {
                                <VersionLine vault document=id title=title.clone() version/>
                            }).collect_view()}
                        </ol>
                    </Loaded>
                }
            })}
        </details>
    }
}

#[component]
fn VersionLine(
    vault: Vault,
    document: medtrack_shared::DocumentId,
    title: String,
    version: Version,
) -> impl IntoView {
    let zone = use_session().zone();
    let number = version.number;
    let target = Target {
        patient: vault.patient,
        document,
        version: Some(number),
        file_type: version.file_type,
    };
    let opens = vault.viewer.opens() && version.scan.openable();
    view! {
        <li class="version" data-testid="version" data-version=number>
            <p class="version-head">
                <strong>{format!("Version {number}")}</strong>
                <span class="version-file">{version.file_name.clone()}</span>
            </p>
            <p class="hint">
                {format!(
                    "{} · {} · uploaded by {} on {}",
                    version.file_type.label(),
                    format::size(version.size),
                    version.uploaded_by_name,
                    format::when(version.uploaded_at, &zone),
                )}
            </p>
            <p><ScanBadge scan=version.scan finding=version.finding.clone()/></p>
            {vault.viewer.opens().then(|| unopenable(version.scan)).flatten().map(|why| view! { <p class="hint">{why}</p> })}
            {opens.then(|| view! {
                <div class="actions"><OpenFile target name=format!("{title}, version {number}")/></div>
            })}
        </li>
    }
}
