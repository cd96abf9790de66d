//! Who read the patient's record: every read by someone other than the
//! patient, newest first. A doctor's emergency access, and each read made
//! under it, stands out with the reason the doctor gave.

use leptos::prelude::*;
use medtrack_shared::account::AccessLogEntry;

use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::list::ShowMore;
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

/// How many entries the dashboard shows.
const ON_THE_DASHBOARD: usize = 5;

/// The access log's page.
#[component]
pub fn AccessLogPage() -> impl IntoView {
    let api = use_api();
    let log = Loader::new(|api| api.access_log(50, None));
    let more = Act::new();
    let show_more = move |cursor: String| {
        more.run(api.access_log(50, Some(cursor)), move |page| {
            log.append(page)
        })
    };
    view! {
        <h1 id="access-log-heading">"Who read my record"</h1>
        <p class="lead">"Everyone but you who opened your details, appointments, history, medications or documents, newest first. Your doctors read them to care for you; administrators to run the clinic."</p>
        <p><a href="/account/notifications">"Be told of reads by anyone who is not one of your doctors"</a></p>
        <Loaded from=log what="your access log" let:page>
            <Entries entries=page.items/>
            <ShowMore cursor=page.next_cursor act=more show_more/>
        </Loaded>
        <Failure act=more/>
    }
}

/// The latest entries, for the dashboard, with the way to the whole log;
/// recent emergency accesses are told first, each with its reason.
#[component]
pub fn RecentReads() -> impl IntoView {
    let log =
        Loader::new(|api| async move { api.access_log(25, None).await.map(|page| page.items) });
    let zone = use_session().zone();
    view! {
        <h2 id="access-log-heading">"Who accessed my record"</h2>
        <Loaded from=log what="your access log" let:list>
            {
                let openings: Vec<AccessLogEntry> = list
                    .iter()
                    .filter(|e| e.emergency && e.reason.is_some())
                    .cloned()
                    .collect();
                let more = list.len() > ON_THE_DASHBOARD;
                let recent: Vec<AccessLogEntry> = list.into_iter().take(ON_THE_DASHBOARD).collect();
                let zone = zone.clone();
                view! {
                    {(!openings.is_empty()).then(|| view! {
                        <div class="notice warning" data-testid="emergency-summary">
                            <p><strong>"Your record was opened in an emergency by a doctor who is not one of yours."</strong></p>
                            <ul>
                                {openings.into_iter().map(|e| view! {
                                    <li>
                                        {format!("{}, {}. ", e.actor_name, format::when(e.at, &zone))}
                                        "Reason given: " <q>{e.reason.unwrap_or_default()}</q>
                                    </li>
                                }).collect_view()}
                            </ul>
                            <p>"If you do not know why, contact the clinic. " <a href="/access-log">"See each read in your access log"</a></p>
                        </div>
                    })}
                    <Entries entries=recent/>
                    {more.then(|| view! { <p><a href="/access-log">"See the whole access log"</a></p> })}
                }
            }
        </Loaded>
    }
}

/// Entries as cards, reads of one visit together (one card for someone who
/// opened the details, appointments and medications in the same minutes);
/// emergency ones stand out.
#[component]
fn Entries(entries: Vec<AccessLogEntry>) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p data-testid="access-log-empty">"Nobody but you has opened your record."</p> }.into_any();
    }
    let zone = use_session().zone();
    view! {
        <ul class="cards" aria-labelledby="access-log-heading" data-testid="access-log">
            {visits(entries).into_iter().map(|visit| view! { <Entry visit zone=zone.clone()/> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Reads by one person this close together are one visit.
const VISIT_SECONDS: i64 = 10 * 60;

/// One card's worth: the newest entry, and what was read in that visit.
#[derive(Debug, Clone)]
struct Visit {
    entry: AccessLogEntry,
    what: Vec<String>,
}

/// Consecutive reads (newest first) by the same person, in the same mode,
/// within [`VISIT_SECONDS`] of the visit's newest; an emergency opening,
/// which carries its reason, stays a card of its own.
fn visits(entries: Vec<AccessLogEntry>) -> Vec<Visit> {
    let mut visits: Vec<Visit> = Vec::new();
    for entry in entries {
        if let Some(last) = visits.last_mut() {
            let same = last.entry.actor_id == entry.actor_id
                && last.entry.emergency == entry.emergency
                && last.entry.reason.is_none()
                && entry.reason.is_none()
                && last.entry.at.as_second() - entry.at.as_second() <= VISIT_SECONDS;
            if same {
                // Entries come newest first; a visit reads in the order it
                // happened.
                if !last.what.contains(&entry.what) {
                    last.what.insert(0, entry.what);
                }
                continue;
            }
        }
        visits.push(Visit {
            what: vec![entry.what.clone()],
            entry,
        });
    }
    visits
}

/// `profile, appointments and medications`.
fn listed(what: &[String]) -> String {
    match what {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[component]
fn Entry(visit: Visit, zone: String) -> impl IntoView {
    let entry = visit.entry;
    let when = format::when(entry.at, &zone);
    // The opening of an emergency access carries the doctor's reason; the
    // reads made under it are marked, without repeating it.
    let what = match (&entry.reason, entry.emergency) {
        (Some(_), true) => "opened your record in an emergency".to_owned(),
        (None, true) => format!("read your {} in an emergency", listed(&visit.what)),
        _ => format!("read your {}", listed(&visit.what)),
    };
    let class = if entry.emergency {
        "card emergency"
    } else {
        "card"
    };
    view! {
        <li class=class data-emergency=entry.emergency.to_string()>
            <h3>
                {entry.actor_name.clone()}
                {entry.emergency.then(|| view! { " " <span class="badge alert">"Emergency access"</span> })}
            </h3>
            <p>{format!("{} · {what}", entry.actor_role.label())}</p>
            {entry.reason.clone().map(|reason| view! {
                <p class="reason" data-testid="emergency-reason">"Reason given: " <q>{reason}</q></p>
            })}
            <p class="hint"><time datetime=entry.at.to_string()>{when}</time></p>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_a_sentence() {
        let words = |w: &[&str]| w.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(listed(&words(&["profile"])), "profile");
        assert_eq!(
            listed(&words(&["profile", "appointments", "medications"])),
            "profile, appointments and medications"
        );
    }
}
