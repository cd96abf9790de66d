//! The patient's mood entries, newest first, a page at a time; each can be
//! changed, or deleted once the patient confirms.

use leptos::prelude::*;
use medtrack_shared::pagination::Page;
use medtrack_shared::record::{MoodChange, MoodChart, MoodEntry, MAX_MOOD_NOTE_CHARS};
use medtrack_shared::UserId;

use crate::api::use_api;
use crate::components::action::{Act, Failure, Outcome};
use crate::components::form::{Problems, TextArea};
use crate::components::list::ShowMore;
use crate::components::status::{Loaded, Loader};
use crate::components::wellbeing::picker::{ScorePicker, TagPicker};
use crate::format;
use crate::state::session::use_session;

/// The entries; a change reads the chart again.
#[component]
pub fn MoodEntries(
    patient: UserId,
    entries: Loader<Page<MoodEntry>>,
    chart: Loader<MoodChart>,
) -> impl IntoView {
    let api = use_api();
    let more = Act::new();
    let show_more = move |cursor: String| {
        more.run(api.mood(patient, Some(cursor)), move |page| {
            entries.append(page)
        });
    };
    view! {
        <section aria-labelledby="mood-entries-heading" data-testid="mood-entries">
            <h2 id="mood-entries-heading">"Your entries"</h2>
            <Loaded from=entries what="your mood entries" let:page>
                {if page.items.is_empty() {
                    view! { <p class="empty" data-testid="mood-empty">"No mood logged yet. Pick a score above to log how you feel."</p> }.into_any()
                } else {
                    view! {
                        <ul class="cards mood-entries" data-testid="mood-list">
                            {page.items.into_iter().map(|entry| view! { <Entry entry entries chart/> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <ShowMore cursor=page.next_cursor act=more show_more/>
            </Loaded>
            <Failure act=more/>
        </section>
    }
}

/// What the entry's card is showing besides the entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Nothing,
    Editing,
    Deleting,
}

#[component]
fn Entry(
    entry: MoodEntry,
    entries: Loader<Page<MoodEntry>>,
    chart: Loader<MoodChart>,
) -> impl IntoView {
    let api = use_api();
    let zone = use_session().zone();
    let when = format::when(entry.at, &zone);
    let open = RwSignal::new(Open::Nothing);
    let act = Act::new();
    let (patient, id) = (entry.patient, entry.id);
    let toggle =
        move |what: Open| open.update(|o| *o = if *o == what { Open::Nothing } else { what });
    let delete = move |_| {
        act.run(api.delete_mood(patient, id), move |()| {
            entries.update(|page| page.items.retain(|e| e.id != id));
            chart.reload();
        });
    };
    let saved = move |changed: MoodEntry| {
        entries.update(|page| {
            if let Some(shown) = page.items.iter_mut().find(|e| e.id == changed.id) {
                *shown = changed;
            }
        });
        chart.reload();
    };
    let label = format!("your entry of {when}");
    let stored = StoredValue::new(entry.clone());
    view! {
        <li class="card mood-entry" data-testid="mood-entry">
            <h3>
                <span class="mood-score" data-testid="mood-entry-score">{entry.score}</span>
                <span class="hint">" / 10 · "</span>
                <time datetime=entry.at.to_string()>{when.clone()}</time>
            </h3>
            {(!entry.tags.is_empty()).then(|| view! {
                <p class="mood-tags">{entry.tags.iter().map(|t| view! { <span class="badge">{t.clone()}</span>" " }).collect_view()}</p>
            })}
            {(!entry.note.is_empty()).then(|| view! { <p class="reason">{entry.note.clone()}</p> })}
            <div class="actions">
                <button type="button" class="secondary" aria-expanded=move || (open.get() == Open::Editing).to_string()
                    aria-label=format!("Edit {label}") on:click=move |_| toggle(Open::Editing)>"Edit"</button>
                <button type="button" class="secondary" aria-expanded=move || (open.get() == Open::Deleting).to_string()
                    aria-label=format!("Delete {label}") on:click=move |_| toggle(Open::Deleting)>"Delete"</button>
            </div>
            {move || match open.get() {
                Open::Nothing => ().into_any(),
                Open::Editing => view! {
                    <EditEntry entry=stored.get_value() on_saved=saved on_cancel=move || open.set(Open::Nothing)/>
                }.into_any(),
                Open::Deleting => view! {
                    <div class="confirm" role="group" aria-label="Confirm the deletion" data-testid="confirm-delete">
                        <p>"Delete this entry? It cannot be undone."</p>
                        <div class="actions">
                            <button type="button" class="danger" disabled=move || act.pending() on:click=delete>"Yes, delete it"</button>
                            <button type="button" class="secondary" on:click=move |_| open.set(Open::Nothing)>"Keep it"</button>
                        </div>
                    </div>
                }.into_any(),
            }}
            <Failure act/>
        </li>
    }
}

/// The form that changes an entry's score, tags and note.
#[component]
fn EditEntry(
    entry: MoodEntry,
    on_saved: impl Fn(MoodEntry) + Copy + Send + Sync + 'static,
    on_cancel: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let api = use_api();
    let (patient, id) = (entry.patient, entry.id);
    let score = RwSignal::new(Some(entry.score));
    let tags = RwSignal::new(entry.tags);
    let note = RwSignal::new(entry.note);
    let act = Act::new();
    let problems = Problems::new();
    let score_error = problems.of("score", "Score");
    let note_error = problems.of("note", "Note");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let change = MoodChange {
            score: Some(score.get_untracked().unwrap_or(0)),
            tags: Some(tags.get_untracked()),
            note: Some(note.get_untracked()),
        };
        if let Err(errors) = change.check() {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.change_mood(patient, id, change)
                .await
                .map_err(|e| problems.refused(e))
        };
        act.run(sent, move |changed| {
            act.done("Entry saved.");
            on_saved(changed);
        });
    };
    view! {
        <form class="form mood-edit" on:submit=submit novalidate data-testid="edit-mood">
            <ScorePicker name=format!("edit-{id}-score") score error=score_error/>
            <TagPicker id=format!("edit-{id}") tags/>
            <TextArea label="Note" id=format!("edit-{id}-note") max=MAX_MOOD_NOTE_CHARS value=note error=note_error/>
            <Outcome act/>
            <div class="actions">
                <button type="submit" disabled=move || act.pending()>"Save changes"</button>
                <button type="button" class="secondary" on:click=move |_| on_cancel()>"Cancel"</button>
            </div>
        </form>
    }
}
