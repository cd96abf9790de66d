//! What a patient reads before sending: that messages are not for
//! emergencies, when their doctor will answer, and, when their words name a
//! red flag, the emergency notice (or, for thoughts of self-harm, the
//! clinic's crisis message) with "Send anyway".

use leptos::prelude::*;
use medtrack_shared::safety::{
    emergency_notice, red_flags_in, CrisisMessage, Safety, DEFAULT_EMERGENCY_NUMBER,
    NOT_FOR_EMERGENCIES,
};
use medtrack_shared::UserId;

use crate::components::status::{Loaded, Loader};
use crate::components::wellbeing::crisis::Number;
use crate::format;
use crate::state::session::use_session;

/// The red flags' names found in what a patient wrote.
pub fn flags_in(subject: &str, text: &str) -> Vec<&'static str> {
    red_flags_in(&format!("{subject}\n{text}"))
        .into_iter()
        .map(|flag| flag.id)
        .collect()
}

/// "Not for emergencies" and when `doctor` answers (once one is chosen).
#[component]
pub fn BeforeYouWrite(#[prop(into)] doctor: Signal<Option<UserId>>) -> impl IntoView {
    let reply = Loader::new(move |api| {
        let doctor = doctor.get();
        async move {
            match doctor {
                Some(doctor) => api.reply_time(doctor).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let zone = use_session().zone();
    view! {
        <div class="before-you-write notice warning" data-testid="before-you-write">
            <p data-testid="not-for-emergencies"><strong>{NOT_FOR_EMERGENCIES}</strong></p>
            <Loaded from=reply what="when your doctor answers" let:reply>
                {reply.map(|reply| {
                    let name = reply.doctor.name.clone();
                    let days = match reply.business_days {
                        1 => "1 business day".to_owned(),
                        n => format!("{n} business days"),
                    };
                    let away = (!reply.open_now).then_some(reply.reads_from).flatten().map(|from| view! {
                        <p data-testid="out-of-office">{format!(
                            "{name} is out of the office; your message will be read from {}.",
                            format::when(from, &zone)
                        )}</p>
                    });
                    view! {
                        <p data-testid="reply-time">{format!(
                            "{} answers within {days}: by {}.",
                            reply.doctor.name,
                            format::when(reply.reply_by, &zone)
                        )}</p>
                        {away}
                    }
                })}
            </Loaded>
        </div>
    }
}

/// The crisis message without its last sentence: before sending, the
/// patient's doctors have not been told anything yet.
fn before_sending(crisis: &CrisisMessage) -> String {
    crisis.before_sending()
}

/// The notice a red flag in the patient's words brings, with "Send anyway".
#[component]
pub fn RedFlagNotice(
    /// The red flags found.
    flags: Vec<&'static str>,
    /// The clinic's safety information, for its numbers, once read.
    safety: Option<Safety>,
    /// Sends despite the notice.
    send_anyway: Callback<()>,
    /// Whether sending is under way.
    #[prop(into)]
    pending: Signal<bool>,
) -> impl IntoView {
    let crisis = flags.contains(&"self_harm");
    let labels: Vec<&'static str> = medtrack_shared::safety::RED_FLAGS
        .iter()
        .filter(|f| flags.contains(&f.id))
        .map(|f| f.label)
        .collect();
    let body = if crisis {
        let message = safety
            .as_ref()
            .map(|s| s.crisis.clone())
            .unwrap_or_else(|| CrisisMessage::new(None, None));
        view! {
            <h2 class="notice-heading">{message.headline.clone()}</h2>
            <p>{before_sending(&message)}</p>
            <ul class="crisis-numbers">
                <li>"Crisis line: "<Number number=message.crisis_line.clone() testid="crisis-line"/></li>
                <li>"Emergency: "<Number number=message.emergency_number.clone() testid="emergency-number"/></li>
            </ul>
        }
        .into_any()
    } else {
        let notice = safety.as_ref().map_or_else(
            || emergency_notice(DEFAULT_EMERGENCY_NUMBER),
            |s| s.emergency_notice.clone(),
        );
        let number = safety.map(|s| s.crisis.emergency_number);
        view! {
            <h2 class="notice-heading">"This may be an emergency"</h2>
            <p data-testid="emergency-notice">{notice}</p>
            <p class="hint-strong">{format!("Your message mentions: {}.", labels.join("; "))}</p>
            {number.map(|number| view! {
                <p class="crisis-numbers-inline">"Emergency: "<Number number testid="emergency-number"/></p>
            })}
        }
        .into_any()
    };
    view! {
        <div class="crisis red-flag" role="alert" data-testid=if crisis { "message-crisis" } else { "message-emergency" }>
            {body}
            <p class="hint-strong">"If it is not an emergency, change what you wrote, or send it as it is."</p>
            <div class="actions">
                <button type="button" class="danger" data-testid="send-anyway" disabled=move || pending.get()
                    on:click=move |_| send_anyway.run(())>"Send anyway"</button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subject_counts_too_and_the_crisis_message_promises_nothing_yet() {
        assert_eq!(flags_in("Chest pain", "since this morning"), ["chest_pain"]);
        assert!(flags_in("Repeat prescription", "Could I have more?").is_empty());
        let crisis = CrisisMessage::new(Some("988"), Some("112"));
        let shown = before_sending(&crisis);
        assert!(shown.contains("988") && shown.contains("112"));
        assert!(!shown.contains("have been told"));
    }
}
