//! The clinic's crisis message: at once and prominently after a PHQ-9
//! answer that needs it, and as a small standing notice on the
//! questionnaire's page. Numbers that look like numbers can be called.

use leptos::prelude::*;
use medtrack_shared::safety::CrisisMessage;

use crate::api::wellbeing::safety;
use crate::components::status::Loader;

/// A `tel:` address for `number` when it looks like a telephone number
/// (digits, spaces, dashes, dots, brackets, a leading +); none for words
/// such as "your local emergency number".
pub fn tel_href(number: &str) -> Option<String> {
    let number = number.trim();
    let allowed = |c: char| c.is_ascii_digit() || " -.()/".contains(c);
    let body = number.strip_prefix('+').unwrap_or(number);
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    if body.is_empty() || !body.chars().all(allowed) || digits.len() < 2 || digits.len() > 15 {
        return None;
    }
    let plus = if number.starts_with('+') { "+" } else { "" };
    Some(format!("tel:{plus}{digits}"))
}

/// A number to call: a link when it is one, the words otherwise.
#[component]
pub fn Number(number: String, testid: &'static str) -> impl IntoView {
    match tel_href(&number) {
        Some(href) => {
            view! { <a class="call" href=href data-testid=testid>{number}</a> }.into_any()
        }
        None => view! { <span data-testid=testid>{number}</span> }.into_any(),
    }
}

/// The crisis message after an answer that needs it: an alert, read out at
/// once, with the numbers to call.
#[component]
pub fn CrisisAlert(message: CrisisMessage) -> impl IntoView {
    view! {
        <div class="crisis" role="alert" data-testid="crisis-message" tabindex="-1" id="crisis-message">
            <h2>{message.headline.clone()}</h2>
            <p>{message.message.clone()}</p>
            <ul class="crisis-numbers">
                <li>"Crisis line: "<Number number=message.crisis_line.clone() testid="crisis-line"/></li>
                <li>"Emergency: "<Number number=message.emergency_number.clone() testid="emergency-number"/></li>
            </ul>
        </div>
    }
}

/// "If you are in crisis": the numbers to call, always on the
/// questionnaire's page (the clinic's, from its safety information).
#[component]
pub fn CrisisNotice() -> impl IntoView {
    let safety = Loader::new(|_| safety());
    let numbers = move || {
        safety.data().map(|s| {
            view! {
                <p class="crisis-numbers-inline">
                    "Crisis line, at any hour: "<Number number=s.crisis.crisis_line.clone() testid="notice-crisis-line"/>
                    " In danger right now: "<Number number=s.crisis.emergency_number.clone() testid="notice-emergency-number"/>
                </p>
            }
        })
    };
    view! {
        <aside class="notice crisis-notice" aria-labelledby="crisis-notice-heading" data-testid="crisis-notice">
            <p id="crisis-notice-heading"><strong>"If you are in crisis"</strong></p>
            <p>"If you are thinking about ending your life or hurting yourself, please talk to someone now: you do not have to wait for a questionnaire or an appointment."</p>
            {numbers}
        </aside>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_become_tel_links_and_words_stay_words() {
        assert_eq!(tel_href("988").as_deref(), Some("tel:988"));
        assert_eq!(tel_href("112").as_deref(), Some("tel:112"));
        assert_eq!(tel_href("0800 123 456").as_deref(), Some("tel:0800123456"));
        assert_eq!(
            tel_href("+44 (0)20-7946.0000").as_deref(),
            Some("tel:+4402079460000")
        );
        assert_eq!(tel_href("your local emergency number"), None);
        assert_eq!(tel_href("a crisis line in your country"), None);
        assert_eq!(tel_href("1"), None);
        assert_eq!(tel_href(""), None);
        assert_eq!(tel_href("116 123 (Samaritans)"), None);
    }
}
