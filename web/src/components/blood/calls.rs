//! The bank's calls to donors: asking for a component and group (the
//! donors of every group whose units suit it, who may give now, are
//! invited within seconds), and the calls made, with how many were asked,
//! will come or cannot, and each donor's answer.

use leptos::prelude::*;
use medtrack_shared::blood::donors::{DonorCall, Invitation, NewCall};
use medtrack_shared::blood::{BloodGroup, Component};
use medtrack_shared::{DonorCallId, Page};

use super::{component_options, component_value, group_name, group_options, refused};
use crate::api::use_api;
use crate::components::action::{Act, Failure, Outcome};
use crate::components::form::{Problems, Select};
use crate::components::list::ShowMore;
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

/// "Ask donors" for a component and group.
#[component]
pub fn AskDonorsForm(on_asked: Callback<DonorCall>) -> impl IntoView {
    let api = use_api();
    let component = RwSignal::new(component_value(Component::RedCells));
    let group = RwSignal::new(
        BloodGroup::ALL
            .first()
            .map(|g| g.code())
            .unwrap_or_default(),
    );
    let act = Act::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Ok(component), Ok(group)) = (
            component.get_untracked().parse::<Component>(),
            group.get_untracked().parse::<BloodGroup>(),
        ) else {
            return act.fail("Choose a component and a group.");
        };
        let input = NewCall { component, group };
        let sent = async move {
            api.call_donors(&input)
                .await
                .map_err(|e| refused(Problems::new(), e))
        };
        act.run(sent, move |call: DonorCall| {
            act.done(format!(
                "Donors are being asked for {} for {} patients.",
                component.label().to_lowercase(),
                group_name(group)
            ));
            on_asked.run(call);
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate data-testid="ask-form">
            <div class="field-row">
                <Select label="Component needed" id="call-component" value=component options=component_options()/>
                <Select label="For patients of group" id="call-group" value=group options=group_options()/>
            </div>
            <p class="hint">"Confirmed donors of every group whose units suit these patients, and who may give now, are asked by their chosen channels."</p>
            <Outcome act testid="call-outcome"/>
            <div class="actions"><button type="submit" disabled=move || act.pending()>"Ask donors"</button></div>
        </form>
    }
}

/// The calls made, newest first.
#[component]
pub fn Calls(calls: Loader<Page<DonorCall>>) -> impl IntoView {
    let api = use_api();
    let more = Act::new();
    let show_more = move |cursor: String| {
        more.run(api.donor_calls(Some(cursor)), move |page| {
            calls.append(page)
        });
    };
    // The calls whose answers are open: kept while the list is read again.
    let opened = RwSignal::new(Vec::<DonorCallId>::new());
    view! {
        <Loaded from=calls what="the calls to donors" let:page>
            {if page.items.is_empty() {
                view! { <p class="empty" data-testid="calls-empty">"No calls to donors yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="cards calls" data-testid="calls">
                        {page.items.into_iter().map(|call| view! { <CallCard call opened/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <ShowMore cursor=page.next_cursor act=more show_more/>
        </Loaded>
        <Failure act=more/>
        <div class="actions">
            <button type="button" class="secondary" on:click=move |_| calls.reload()>"Refresh the answers"</button>
        </div>
    }
}

/// One call: what, for whom, when, and its counts; its invitations on
/// demand (read again with the call when they are open).
#[component]
fn CallCard(call: DonorCall, opened: RwSignal<Vec<DonorCallId>>) -> impl IntoView {
    let api = use_api();
    let zone = use_session().zone();
    let id = call.id;
    let open = Signal::derive(move || opened.with(|o| o.contains(&id)));
    let invitations = RwSignal::new(None::<Result<Vec<Invitation>, String>>);
    Effect::new(move |_| {
        if open.get() {
            leptos::task::spawn_local(async move {
                let answer = api.invitations(id).await.map_err(|e| e.to_string());
                invitations.try_set(Some(answer));
            });
        }
    });
    let toggle = move |_| {
        opened.update(|o| {
            if o.contains(&id) {
                o.retain(|c| *c != id);
            } else {
                o.push(id);
            }
        });
    };
    let groups = call
        .donor_groups
        .iter()
        .map(|g| group_name(*g))
        .collect::<Vec<_>>()
        .join(", ");
    let title = format!(
        "{} for {} patients",
        call.component.label(),
        group_name(call.group)
    );
    let list_zone = zone.clone();
    view! {
        <li class="card call" data-testid="call" data-call=id.to_string()>
            <h3>{title}</h3>
            <p>{format!("Asked {} by {} · donor groups {groups}", format::when(call.created_at, &zone), call.by.name)}</p>
            <dl class="figures call-figures">
                <div><dt>"Asked"</dt><dd data-testid="asked">{call.asked}</dd></div>
                <div><dt>"Will come"</dt><dd data-testid="willing">{call.willing}</dd></div>
                <div><dt>"Cannot"</dt><dd data-testid="declined">{call.declined}</dd></div>
            </dl>
            <button type="button" class="link" aria-expanded=move || open.get().to_string() on:click=toggle>
                {move || if open.get() { "Hide the answers" } else { "Show the answers" }}
            </button>
            {move || open.get().then(|| match invitations.get() {
                None => view! { <p class="status" role="status">"Loading the answers…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="form-error" role="alert">{message}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="hint" data-testid="no-invitations">"No donor was asked yet: none of the suitable groups may give now, or the invitations are still going out."</p>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="invitations" data-testid="invitations">
                        {list.into_iter().map(|i| view! {
                            <li data-testid="invitation">
                                <span>{i.donor.name.clone()}</span>
                                <span class="hint">{answer_words(&i, &list_zone)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </li>
    }
}

/// A donor's answer in words.
pub(super) fn answer_words(invitation: &Invitation, zone: &str) -> String {
    match invitation.answer {
        None => "No answer yet".to_owned(),
        Some(answer) if answer.willing => match answer.come_at {
            Some(at) => format!("Will come {}", format::when(at, zone)),
            None => "Will come".to_owned(),
        },
        Some(_) => "Cannot this time".to_owned(),
    }
}
