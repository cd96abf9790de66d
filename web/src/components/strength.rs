//! The password-strength meter: a light estimate as the person types. The
//! full check (zxcvbn and its word lists, which would be most of this
//! client's download) runs on the server when the form is sent, and its
//! refusal is shown under the field like any other.

use leptos::prelude::*;
use medtrack_shared::rules;

const STRENGTH: [&str; 5] = ["very weak", "weak", "fair", "strong", "very strong"];

/// What attackers try first, taken out of a password before it is measured.
const COMMON: [&str; 24] = [
    "password", "passwort", "qwerty", "azerty", "letmein", "welcome", "admin", "monkey", "dragon",
    "iloveyou", "sunshine", "princess", "football", "baseball", "master", "summer", "winter",
    "spring", "autumn", "secret", "medtrack", "123456", "abc123", "hello",
];

/// A light estimate of how hard `password` is to guess, 0 to 4 like the
/// server's: its length and variety of characters, after common words and
/// the person's own details (`hints`) are taken out and repeats and runs
/// ("aaa", "1234", "cba") count for little.
pub fn estimate(password: &str, hints: &[&str]) -> u8 {
    if password.chars().count() < rules::MIN_PASSWORD_CHARS {
        return 0;
    }
    let mut rest = password.to_lowercase();
    let hint_words = hints
        .iter()
        .flat_map(|hint| hint.split(|c: char| !c.is_alphanumeric()))
        .map(str::to_lowercase)
        .filter(|word| word.chars().count() > 2);
    for word in COMMON.iter().map(|w| (*w).to_owned()).chain(hint_words) {
        rest = rest.replace(&word, "\u{1}");
    }
    let mut effective = 0.0_f64;
    let mut previous: Option<char> = None;
    for c in rest.chars() {
        let step = previous.map(|p| i64::from(u32::from(c)) - i64::from(u32::from(p)));
        effective += match step {
            Some(-1..=1) => 0.25,
            _ => 1.0,
        };
        previous = Some(c);
    }
    let has = |test: fn(&char) -> bool| password.chars().any(|c| test(&c));
    let pool = [
        (has(char::is_ascii_lowercase), 26.0),
        (has(char::is_ascii_uppercase), 26.0),
        (has(char::is_ascii_digit), 10.0),
        (has(char::is_ascii_punctuation), 33.0),
        (has(|c| *c == ' '), 1.0),
        (has(|c| !c.is_ascii()), 100.0),
    ]
    .iter()
    .filter(|(present, _)| *present)
    .map(|(_, size)| size)
    .sum::<f64>()
    .max(2.0);
    let bits = effective * pool.log2();
    match bits {
        b if b < 20.0 => 0,
        b if b < 35.0 => 1,
        b if b < 50.0 => 2,
        b if b < 65.0 => 3,
        _ => 4,
    }
}

/// An estimate of how hard `password` is to guess, with `hints` (email,
/// name) counted as known to an attacker.
#[component]
pub fn StrengthMeter(
    /// The password.
    password: RwSignal<String>,
    /// The person's other details, if known.
    #[prop(optional, into)]
    hints: Signal<Vec<String>>,
) -> impl IntoView {
    let score = move || {
        hints.with(|hints| {
            let hints: Vec<&str> = hints.iter().map(String::as_str).collect();
            estimate(&password.get(), &hints)
        })
    };
    let label = move || match password.with(String::is_empty) {
        true => String::new(),
        false => format!(
            "Strength: {}",
            STRENGTH.get(usize::from(score())).unwrap_or(&"very strong")
        ),
    };
    view! {
        <div class="strength" aria-live="polite">
            <meter min="0" max="4" low="2" high="3" optimum="4" value=move || score().to_string() aria-label="Password strength"></meter>
            <span>{label}</span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::estimate;

    #[test]
    fn guessable_passwords_score_low_and_random_ones_high() {
        for weak in [
            "short",
            "password1234",
            "123456789012",
            "aaaaaaaaaaaaaaaa",
            "qwertyqwerty1",
        ] {
            assert!(estimate(weak, &[]) <= 1, "{weak}: {}", estimate(weak, &[]));
        }
        assert!(estimate("adalovelace1815", &["Ada Lovelace", "ada@example.org"]) <= 1);
        assert!(estimate("correct horse battery staple orbit", &[]) >= 3);
        assert!(estimate("vN8#q2!Lr@5wZt", &[]) >= 3);
    }
}
