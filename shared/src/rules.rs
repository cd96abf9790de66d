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

/// The longest person's name.
pub const MAX_NAME_CHARS: usize = 100;
/// The longest email address (RFC 5321).
pub const MAX_EMAIL_CHARS: usize = 254;
/// The longest phone number: `+` and 15 digits.
pub const MAX_PHONE_CHARS: usize = 16;
/// The longest time-zone name.
pub const MAX_TIME_ZONE_CHARS: usize = 64;
/// The longest one-time code typed by a person (an authenticator app's six
/// digits, a recovery code, a code sent by SMS).
pub const MAX_CODE_CHARS: usize = 32;
/// The longest secret a client sends back (a refresh token, an emailed link's
/// secret).
pub const MAX_TOKEN_CHARS: usize = 512;
/// The longest page cursor (the `next_cursor` of a page, sent back as is).
pub const MAX_CURSOR_CHARS: usize = 1024;

/// Adds "must be at most `max` characters" for `field` when `value` is
/// longer; true when it is within the limit.
pub fn chars_within(errors: &mut crate::FieldErrors, field: &str, value: &str, max: usize) -> bool {
    let within = value.chars().count() <= max;
    if !within {
        errors.add(
            field,
            ValidationError::new(format!("must be at most {max} characters")),
        );
    }
    within
}

/// Adds "may hold at most `max` items" for `field` when `len` is more.
pub fn items_within(errors: &mut crate::FieldErrors, field: &str, len: usize, max: usize) -> bool {
    let within = len <= max;
    if !within {
        errors.add(
            field,
            ValidationError::new(format!("may hold at most {max} items")),
        );
    }
    within
}

/// Checks free text for `field`: at most `max` characters, present when
/// `required`, and no control characters but line breaks and tabs.
pub fn text(errors: &mut crate::FieldErrors, field: &str, value: &str, max: usize, required: bool) {
    let within = chars_within(errors, field, value, max);
    if within && required && value.trim().is_empty() {
        errors.add(field, ValidationError::new("is required"));
    }
    if within
        && value
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        errors.add(
            field,
            ValidationError::new("must not contain control characters"),
        );
    }
}

/// A person's name: 1 to 100 characters, no control characters.
pub fn person_name(name: &str) -> Result<(), ValidationError> {
    if name.chars().count() > MAX_NAME_CHARS {
        return invalid("must be at most 100 characters");
    }
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return invalid("is required");
    }
    if trimmed.chars().any(char::is_control) {
        return invalid("must not contain control characters");
    }
    Ok(())
}

/// An email address; returns its canonical form (trimmed, lowercase), which is
/// what uniqueness is decided on.
pub fn email(address: &str) -> Result<String, ValidationError> {
    if address.chars().count() > MAX_EMAIL_CHARS {
        return invalid("must be at most 254 characters");
    }
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

/// A password that is long enough and, where the `strength` feature is on
/// (the server), not common or guessable from the person's other details
/// (`hints`: email, name).
pub fn password(password: &str, hints: &[&str]) -> Result<(), ValidationError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return invalid("must be at least 12 characters");
    }
    if chars > MAX_PASSWORD_CHARS {
        return invalid("must be at most 128 characters");
    }
    #[cfg(not(feature = "strength"))]
    let _ = hints;
    #[cfg(feature = "strength")]
    if password_score(password, hints) < MIN_PASSWORD_SCORE {
        return invalid("is too easy to guess: avoid common words, names, dates and patterns");
    }
    Ok(())
}

/// zxcvbn's estimate, 0 (guessable at once) to 4 (very hard), with the
/// person's details counted as known to an attacker.
#[cfg(feature = "strength")]
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
    if number.chars().count() > MAX_PHONE_CHARS {
        return invalid("must be at most 16 characters");
    }
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

/// The first date the API takes: earlier ones are refused, so that no date
/// arithmetic on what a person sends can leave the supported range.
pub const EARLIEST_DATE: Date = Date::constant(1900, 1, 1);
/// The last date the API takes.
pub const LATEST_DATE: Date = Date::constant(2200, 12, 31);

/// A date within [`EARLIEST_DATE`] and [`LATEST_DATE`].
pub fn supported_date(date: Date) -> Result<(), ValidationError> {
    if (EARLIEST_DATE..=LATEST_DATE).contains(&date) {
        Ok(())
    } else {
        invalid("must be between 1900-01-01 and 2200-12-31")
    }
}

/// An instant whose UTC date is within [`EARLIEST_DATE`] and [`LATEST_DATE`].
pub fn supported_instant(at: jiff::Timestamp) -> Result<(), ValidationError> {
    supported_date(at.to_zoned_datetime(jiff::tz::TimeZone::UTC).date())
}

/// Adds the problem of an optional date field, if it has one.
pub fn check_date(errors: &mut crate::FieldErrors, field: &str, date: Option<Date>) {
    if let Some(Err(error)) = date.map(supported_date) {
        errors.add(field, error);
    }
}

/// Adds the problem of an optional instant field, if it has one.
pub fn check_instant(errors: &mut crate::FieldErrors, field: &str, at: Option<jiff::Timestamp>) {
    if let Some(Err(error)) = at.map(supported_instant) {
        errors.add(field, error);
    }
}

/// Checks a time window's optional bounds, `from` and `to`.
pub fn check_window(
    from: Option<jiff::Timestamp>,
    to: Option<jiff::Timestamp>,
) -> Result<(), crate::FieldErrors> {
    let mut errors = crate::FieldErrors::default();
    check_instant(&mut errors, "from", from);
    check_instant(&mut errors, "to", to);
    errors.into_result(())
}

/// Checks the length of a one-time code sent as the field `code`.
pub fn check_code(code: &str) -> Result<(), crate::FieldErrors> {
    let mut errors = crate::FieldErrors::default();
    chars_within(&mut errors, "code", code, MAX_CODE_CHARS);
    errors.into_result(())
}

/// The shape of an IANA time zone name (`Area/Location`, or `UTC`); whether
/// the zone exists is checked by the server against its time-zone database.
pub fn time_zone_name(name: &str) -> Result<(), ValidationError> {
    if name.chars().count() > MAX_TIME_ZONE_CHARS {
        return invalid("must be at most 64 characters");
    }
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

/// The longest medical licence number.
pub const MAX_LICENCE_CHARS: usize = 40;

/// A medical licence number: 3 to 40 letters, digits, `-`, `/` or `.`.
pub fn licence_number(number: &str) -> Result<(), ValidationError> {
    if number.chars().count() > MAX_LICENCE_CHARS {
        return invalid("must be at most 40 characters");
    }
    let number = number.trim();
    let well_formed = (3..=MAX_LICENCE_CHARS).contains(&number.len())
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
    #[cfg(feature = "strength")]
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
