//! The signed-in person's start page, one shell per role.

use leptos::prelude::*;
use leptos::task::spawn_local;
use medtrack_shared::account::AccessLogEntry;
use medtrack_shared::{AccountStatus, Me, Role};

use crate::api;
use crate::components::doses::TodayDoses;
use crate::components::status::{LoadError, Loading};
use crate::state::session::{require_sign_in, use_session};

/// The dashboard; sends people who are not signed in to the sign-in page.
#[component]
pub fn Dashboard() -> impl IntoView {
    let session = use_session();
    require_sign_in();
    move || match session.current.get() {
        None => view! { <Loading what="your account"/> }.into_any(),
        Some(signed_in) => {
            let me = signed_in.me;
            let greeting = format!("Welcome, {}", me.name);
            let body = match me.role {
                Role::Patient => view! { <PatientHome/> }.into_any(),
                Role::Doctor => view! { <DoctorHome me=me.clone()/> }.into_any(),
                Role::Admin => view! { <AdminHome me=me.clone()/> }.into_any(),
            };
            view! { <h1>{greeting}</h1> {body} }.into_any()
        }
    }
}

#[component]
fn PatientHome() -> impl IntoView {
    let session = use_session();
    let entries = RwSignal::new(None::<Result<Vec<AccessLogEntry>, String>>);
    let load = move || {
        entries.set(None);
        spawn_local(async move {
            let Some(token) = session.token() else { return };
            let result = api::auth::access_log(&token)
                .await
                .map(|page| page.items)
                .map_err(|e| e.to_string());
            entries.set(Some(result));
        });
    };
    load();
    view! {
        <p class="actions">
            <a href="/doctors">"Book an appointment"</a>" · "
            <a href="/appointments">"My appointments"</a>" · "
            <a href="/history">"My medical history"</a>" · "
            <a href="/medications">"My medications"</a>
        </p>
        <TodayDoses/>
        <h2 id="access-log-heading">"Who accessed my record"</h2>
        {move || match entries.get() {
            None => view! { <Loading what="your access log"/> }.into_any(),
            Some(Err(message)) => view! { <LoadError message on_retry=load/> }.into_any(),
            Some(Ok(list)) if list.is_empty() => {
                view! { <p data-testid="access-log-empty">"Nobody but you has opened your record."</p> }.into_any()
            }
            Some(Ok(list)) => view! {
                <ul class="cards" aria-labelledby="access-log-heading" data-testid="access-log">
                    {list
                        .into_iter()
                        .map(|entry| {
                            let role = format!("{:?}", entry.actor_role).to_lowercase();
                            view! {
                                <li class="card">
                                    <h3>{entry.actor_name}</h3>
                                    <p>{format!("{role} · read your {} · {}", entry.what, entry.at)}</p>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any(),
        }}
    }
}

#[component]
fn DoctorHome(me: Me) -> impl IntoView {
    let specialization = me.specialization.map(|s| s.to_string()).unwrap_or_default();
    let licence = me.licence_number.unwrap_or_default();
    let status = match me.status {
        AccountStatus::Pending => "Your account is waiting for an administrator's approval. You will be able to see patients once it is approved.".to_owned(),
        AccountStatus::Rejected => format!(
            "Your account was not approved. {}",
            me.status_reason.unwrap_or_default()
        ),
        _ => "Your account is approved.".to_owned(),
    };
    let links = (me.status == AccountStatus::Active).then(|| {
        view! {
            <p class="actions">
                <a href="/doctor/day">"My day"</a>" · "
                <a href="/doctor/requests">"Requests"</a>" · "
                <a href="/doctor/practice">"My practice and hours"</a>
            </p>
        }
    });
    view! {
        <p class="lead" data-testid="doctor-status">{status}</p>
        {links}
        <dl class="facts">
            <dt>"Specialization"</dt><dd>{specialization}</dd>
            <dt>"Licence number"</dt><dd>{licence}</dd>
        </dl>
    }
}

#[component]
fn AdminHome(me: Me) -> impl IntoView {
    if me.two_factor_enabled {
        view! {
            <p class="lead" data-testid="admin-status">"Two-factor sign-in is on."</p>
            <p><a href="/admin/doctors">"Doctors waiting for approval"</a>" · "<a href="/admin/appointments">"All appointments"</a></p>
        }
        .into_any()
    } else {
        view! {
            <p class="lead" data-testid="admin-status">
                "Administration needs two-factor sign-in on your account first: "
                <a href="/account">"set it up on your account page"</a>
                "."
            </p>
        }
        .into_any()
    }
}
