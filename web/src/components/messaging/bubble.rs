//! One message: a bubble on the right for the reader's own (with "Sent" or
//! "Read" and when), on the left for the other party's; the clinic's
//! automatic out-of-hours note as a note across the thread. A patient's
//! message with red flags is marked urgent for the doctor.

use leptos::prelude::*;
use medtrack_shared::messaging::{Message, Sender};
use medtrack_shared::UserId;

use super::{flag_labels, Me};
use crate::components::vault::OpenAttachment;
use crate::format;
use crate::state::session::use_session;

/// The message; `patient` is whose vault its attachments are in, `from`
/// the other party's name.
#[component]
pub fn Bubble(message: Message, me: Me, patient: UserId, from: String) -> impl IntoView {
    let zone = use_session().zone();
    let sent = format::when(message.sent_at, &zone);
    if message.sender == Sender::Clinic {
        return view! {
            <li class="clinic-note" data-testid="clinic-note">
                <p class="clinic-note-from">"Automatic note from the clinic"</p>
                <p class="message-text">{message.text.clone()}</p>
                <p class="meta"><time datetime=message.sent_at.to_string()>{sent}</time></p>
            </li>
        }
        .into_any();
    }
    let mine = message.sender == me.sender;
    let flags = flag_labels(&message.red_flags);
    let urgent = (!flags.is_empty()).then(|| {
        if me.doctor() {
            view! {
                <p class="urgent-flag" data-testid="message-urgent">
                    <span class="badge alert">"Urgent"</span>
                    " "{format!("May need emergency care: {}", flags.join("; "))}
                </p>
            }
            .into_any()
        } else {
            view! {
                <p class="urgent-flag" data-testid="message-urgent">"Marked urgent for your doctor."</p>
            }
            .into_any()
        }
    });
    // Read the day it was sent: the time is enough.
    let receipt = mine.then(|| match message.read_at {
        Some(read) if format::date_at(read, &zone) == format::date_at(message.sent_at, &zone) => {
            format!("Read {}", format::clock(read, &zone))
        }
        Some(read) => format!("Read {}", format::when(read, &zone)),
        None => "Sent".to_owned(),
    });
    let who = if mine { "You".to_owned() } else { from };
    view! {
        <li class=if mine { "bubble mine" } else { "bubble theirs" } data-testid="message"
            data-sender=if mine { "me" } else { "them" }>
            <p class="visually-hidden">{format!("{who} wrote:")}</p>
            {urgent}
            <p class="message-text">{message.text.clone()}</p>
            {(!message.attachments.is_empty()).then(|| view! {
                <ul class="attachments" aria-label="Attachments" data-testid="attachments">
                    {message.attachments.iter().map(|a| view! {
                        <li><OpenAttachment patient document=a.document title=a.title.clone()/></li>
                    }).collect_view()}
                </ul>
            })}
            <p class="meta">
                <time datetime=message.sent_at.to_string()>{sent}</time>
                {receipt.map(|r| view! { " · " <span class="receipt" data-testid="receipt">{r}</span> })}
            </p>
        </li>
    }
    .into_any()
}
