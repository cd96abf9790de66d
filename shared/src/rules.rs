//! Validation rules, run by the web client's forms as the person types and by
//! the API on every request: one definition, two places.

use jiff::civil::Date;

use crate::validation::ValidationError;

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// The longest password accepted (argon2 has no limit; this bounds the work).
pub const MAX_PASSWORD_CHARS: usize = 128;
/// The lowest zxcvbn score accepted (0 to 4): "safely unguessable".
pub const MIN_PASSWORD_SCORE: u8 = 3;

fn invalid<T>(message: &str) -> Result<T, ValidationError> {
    Err(ValidationError::new(message))
}

/// A person's name: 1 to 100 characters, no control characters.
pub fn person_name(name: &str) -> Result<(), ValidationError> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return invalid("is required");
    }
    if trimmed.chars().count() > 100 {
        return invalid("must be at most 100 characters");
    }
    if trimmed.chars().any(char::is_control) {
        return invalid("must not contain control characters");
    }
    Ok(())
}

/// An email address; returns its canonical form (trimmed, lowercase), which is
/// what uniqueness is decided on.
pub fn email(address: &str) -> Result<String, ValidationError> {
    let address = address.trim();
    let Some((local, domain)) = address.rsplit_once('@') else {
        return invalid("must be an email address");
    };
    let well_formed = !local.is_empty()
        && local.len() <= 64
        && address.len() <= 254
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
        && !local
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '@');
    if well_formed {
        Ok(address.to_lowercase())
    } else {
        invalid("must be an email address")
    }
}

/// A password that is long enough and not common or guessable from the
/// person's other details (`hints`: email, name).
pub fn password(password: &str, hints: &[&str]) -> Result<(), ValidationError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return invalid("must be at least 12 characters");
    }
    if chars > MAX_PASSWORD_CHARS {
        return invalid("must be at most 128 characters");
    }
    if password_score(password, hints) < MIN_PASSWORD_SCORE {
        return invalid("is too easy to guess: avoid common words, names, dates and patterns");
    }
    Ok(())
}

/// zxcvbn's estimate, 0 (guessable at once) to 4 (very hard), with the
/// person's details counted as known to an attacker.
pub fn password_score(password: &str, hints: &[&str]) -> u8 {
    // Each hint as given, its words, and its words run together ("adalovelace").
    let mut inputs: Vec<String> = Vec::new();
    for hint in hints {
        let words: Vec<&str> = hint
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 2)
            .collect();
        inputs.push((*hint).to_owned());
        inputs.push(words.concat());
        inputs.extend(words.iter().map(|w| (*w).to_owned()));
    }
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    zxcvbn::zxcvbn(password, &inputs).score() as u8
}

/// A phone number in international (E.164) form: `+` and 8 to 15 digits.
pub fn phone(number: &str) -> Result<(), ValidationError> {
    let digits = number.strip_prefix('+').unwrap_or_default();
    if (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
    {
        Ok(())
    } else {
        invalid("must be in international form, e.g. +14155550123")
    }
}

/// The shape of an IANA time zone name (`Area/Location`, or `UTC`); whether
/// the zone exists is checked by the server against its time-zone database.
pub fn time_zone_name(name: &str) -> Result<(), ValidationError> {
    let well_formed = !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'_' | b'-' | b'+'))
        && !name.starts_with('/')
        && !name.ends_with('/');
    if well_formed {
        Ok(())
    } else {
        invalid("must be a time zone such as Europe/Lisbon")
    }
}

/// A date of birth: not in the future, and not before 1900.
pub fn date_of_birth(date: Date, today: Date) -> Result<(), ValidationError> {
    if date > today {
        return invalid("must not be in the future");
    }
    if date.year() < 1900 {
        return invalid("must be after 1900");
    }
    Ok(())
}

/// A medical licence number: 3 to 40 letters, digits, `-`, `/` or `.`.
pub fn licence_number(number: &str) -> Result<(), ValidationError> {
    let number = number.trim();
    let well_formed = (3..=40).contains(&number.len())
        && number
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'/' | b'.'));
    if well_formed {
        Ok(())
    } else {
        invalid("must be 3 to 40 letters, digits, '-', '/' or '.'")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_canonical_and_checked() {
        assert_eq!(
            email("  Ada.Lovelace@Example.ORG ").unwrap(),
            "ada.lovelace@example.org"
        );
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.org",
            "ada@example",
            "ada@@example.org",
            "a da@example.org",
            "ada@exa..mple.org",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn common_or_personal_passwords_are_refused() {
        for weak in [
            "password1234",
            "123456789012",
            "qwertyuiopas",
            "aaaaaaaaaaaa",
            "Password2024!",
        ] {
            assert!(password(weak, &[]).is_err(), "{weak}");
        }
        assert!(password(
            "adalovelace1990",
            &["ada.lovelace@example.org", "Ada Lovelace"]
        )
        .is_err());
        assert!(password("short", &[]).is_err());
        assert!(password(&"x".repeat(129), &[]).is_err());
        assert!(password("correct horse battery staple orbit", &[]).is_ok());
        assert!(password("vN8#q2!Lr@5wZt", &[]).is_ok());
    }

    #[test]
    fn phones_names_zones_dates_licences() {
        assert!(phone("+14155550123").is_ok());
        for bad in ["4155550123", "+1-415-555", "+0123456789", "+1234567"] {
            assert!(phone(bad).is_err(), "{bad}");
        }
        assert!(person_name("  Zoë O'Brien ").is_ok());
        assert!(person_name("   ").is_err());
        assert!(person_name("a\u{7}b").is_err());
        assert!(time_zone_name("America/Argentina/Buenos_Aires").is_ok());
        assert!(time_zone_name("UTC").is_ok());
        assert!(time_zone_name("../etc/passwd").is_err());
        let today = Date::constant(2026, 11, 23);
        assert!(date_of_birth(Date::constant(1990, 4, 1), today).is_ok());
        assert!(date_of_birth(Date::constant(2026, 11, 24), today).is_err());
        assert!(date_of_birth(Date::constant(1899, 12, 31), today).is_err());
        assert!(licence_number("GMC-1234567").is_ok());
        assert!(licence_number("x").is_err());
    }
}
