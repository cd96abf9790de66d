//! Documents to attach: a patient picks from their own vault, a doctor from
//! what they uploaded for the patient; up to five. The vault is read when
//! the list is first unfolded (a doctor's read is in the patient's log).

use leptos::prelude::*;
use medtrack_shared::messaging::MAX_ATTACHMENTS;
use medtrack_shared::vault::{Document, ScanStatus};
use medtrack_shared::{DocumentId, Page, UserId};

use super::Me;
use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::list::ShowMore;
use crate::components::status::{Loaded, Loader};
use crate::components::vault::PaperClip;
use crate::format;

/// A document chosen: its id and title.
pub type Chosen = (DocumentId, String);

/// Whether `me` may attach `document`: not deleted nor refused, and for a
/// doctor one they uploaded.
fn attachable(document: &Document, me: Me) -> bool {
    document.deleted.is_none()
        && document.current.scan != ScanStatus::Infected
        && (!me.doctor() || document.uploaded_by == me.id)
}

/// The choice; `patient` is whose vault (none until a patient is chosen).
#[component]
pub fn AttachPicker(
    me: Me,
    #[prop(into)] patient: Signal<Option<UserId>>,
    chosen: RwSignal<Vec<Chosen>>,
) -> impl IntoView {
    let api = use_api();
    let unfolded = RwSignal::new(false);
    let documents = Loader::new(move |api| {
        let wanted = unfolded.get().then(|| patient.get()).flatten();
        async move {
            match wanted {
                Some(patient) => api.documents(patient, None).await,
                None => Ok(Page {
                    items: Vec::new(),
                    next_cursor: None,
                }),
            }
        }
    });
    let more = Act::new();
    let show_more = move |cursor: String| {
        if let Some(patient) = patient.get_untracked() {
            more.run(api.documents(patient, Some(cursor)), move |page| {
                documents.append(page)
            });
        }
    };
    let full = move || chosen.with(|c| c.len() >= MAX_ATTACHMENTS);
    let summary = move || {
        let n = chosen.with(Vec::len);
        if n == 0 {
            format!("Attach documents (up to {MAX_ATTACHMENTS})")
        } else {
            format!("Attach documents ({n} of {MAX_ATTACHMENTS} chosen)")
        }
    };
    view! {
        <div class="attach" data-testid="attach">
            <ul class="chosen-attachments" aria-label="Attached documents">
                <For each=move || chosen.get() key=|c| c.0 let:item>
                    {
                        let (id, title) = item;
                        view! {
                            <li class="chip attached" data-testid="attached">
                                <PaperClip/><span class="attached-title">{title.clone()}</span>
                                <button type="button" class="link-inline" aria-label=format!("Remove {title}")
                                    on:click=move |_| chosen.update(|c| c.retain(|x| x.0 != id))>"Remove"</button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <details class="attach-fold" on:toggle=move |_| unfolded.set(true)>
                <summary>{summary}</summary>
                <p class="hint">"The document stays in the patient's vault; the other party opens it from the message."</p>
                {move || patient.with(Option::is_none).then(|| view! { <p class="hint">"Choose whom you write to first."</p> })}
                <Loaded from=documents what="the documents" let:page>
                    {
                        let items: Vec<Document> = page.items.into_iter().filter(|d| attachable(d, me)).collect();
                        if items.is_empty() && patient.with_untracked(Option::is_some) {
                            view! { <NothingToAttach me/> }.into_any()
                        } else {
                            view! {
                                <ul class="attach-list">
                                    {items.into_iter().map(|d| view! { <Choice document=d chosen full/> }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                    }
                    <ShowMore cursor=page.next_cursor act=more show_more/>
                </Loaded>
                <Failure act=more/>
            </details>
        </div>
    }
}

/// One document as a check box.
#[component]
fn Choice(
    document: Document,
    chosen: RwSignal<Vec<Chosen>>,
    full: impl Fn() -> bool + Send + Sync + Copy + 'static,
) -> impl IntoView {
    let id = document.id;
    let title = document.title.clone();
    let checked = move || chosen.with(|c| c.iter().any(|x| x.0 == id));
    let toggle = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        let title = title.clone();
        chosen.update(|c| {
            c.retain(|x| x.0 != id);
            if on && c.len() < MAX_ATTACHMENTS {
                c.push((id, title));
            }
        });
    };
    let about = format!(
        "{} · {}",
        document.category.label(),
        format::date(document.about)
    );
    view! {
        <li>
            <label class="check" data-testid="attach-choice">
                <input type="checkbox" prop:checked=checked on:change=toggle
                    disabled=move || full() && !checked()/>
                <span><span class="attach-title">{document.title.clone()}</span>
                    <br/><span class="hint">{about}</span></span>
            </label>
        </li>
    }
}

/// Said when there is nothing to attach.
#[component]
fn NothingToAttach(me: Me) -> impl IntoView {
    if me.doctor() {
        view! { <p class="empty" data-testid="attach-empty">"You have uploaded no documents for this patient. Upload one on their record first."</p> }.into_any()
    } else {
        view! { <p class="empty" data-testid="attach-empty">"Your vault has no documents yet. Upload one on your "<a href="/record/documents">"Documents"</a>" page first."</p> }.into_any()
    }
}
