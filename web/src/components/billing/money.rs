//! Amounts typed in a currency's major unit (`25.50`) read as exact counts
//! of its minor unit (2550), by integer arithmetic on the digits: a float
//! would turn 0.29 into 28 cents.

use medtrack_shared::billing::overview::{decimal, minor_digits};
use medtrack_shared::billing::MAX_AMOUNT;

/// What a field's error says when the text is not an amount.
const NOT_AN_AMOUNT: &str = "must be an amount such as 25.00";

/// `text` in `currency`'s major unit as minor units: digits, then a point
/// (or a comma) and at most the currency's decimals. Positive, and at most
/// [`MAX_AMOUNT`]. The error completes a sentence about the field.
pub fn parse(text: &str, currency: &str) -> Result<i64, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("is required".to_owned());
    }
    let digits = minor_digits(currency);
    let (whole, fraction) = match text.split_once(['.', ',']) {
        Some((whole, fraction)) => (whole, fraction),
        None => (text, ""),
    };
    let numeric = |part: &str| part.chars().all(|c| c.is_ascii_digit());
    if !numeric(whole) || !numeric(fraction) || (whole.is_empty() && fraction.is_empty()) {
        return Err(NOT_AN_AMOUNT.to_owned());
    }
    let places = usize::try_from(digits).unwrap_or(0);
    if fraction.len() > places {
        return Err(match digits {
            0 => format!("must be a whole number of {currency}"),
            _ => format!("has at most {digits} decimal places in {currency}"),
        });
    }
    let too_large = || format!("must be at most {}", decimal(MAX_AMOUNT, currency));
    // Past 15 digits the amount is far above the limit anyway.
    if whole.trim_start_matches('0').len() > 15 {
        return Err(too_large());
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| NOT_AN_AMOUNT.to_owned())?
    };
    let padded = format!("{fraction:0<places$}");
    let fraction: i64 = if padded.is_empty() {
        0
    } else {
        padded.parse().map_err(|_| NOT_AN_AMOUNT.to_owned())?
    };
    let minor = whole
        .checked_mul(10_i64.pow(digits))
        .and_then(|units| units.checked_add(fraction))
        .ok_or_else(too_large)?;
    if minor <= 0 {
        return Err("must be more than zero".to_owned());
    }
    if minor > MAX_AMOUNT {
        return Err(too_large());
    }
    Ok(minor)
}

/// An amount as a field's starting text (`25.50`), or empty for none.
pub fn field_text(minor: i64, currency: &str) -> String {
    if minor > 0 {
        decimal(minor, currency)
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn major_units_become_exact_minor_units() {
        assert_eq!(parse("25", "EUR"), Ok(2_500));
        assert_eq!(parse(" 25.5 ", "EUR"), Ok(2_550));
        assert_eq!(parse("0.29", "EUR"), Ok(29));
        assert_eq!(parse("4,10", "EUR"), Ok(410));
        assert_eq!(parse(".5", "USD"), Ok(50));
        assert_eq!(parse("1500", "JPY"), Ok(1_500));
        assert_eq!(parse("1.234", "KWD"), Ok(1_234));
        assert_eq!(parse("10000000.00", "EUR"), Ok(MAX_AMOUNT));
    }

    #[test]
    fn anything_else_is_refused_in_words() {
        assert_eq!(parse("", "EUR"), Err("is required".to_owned()));
        assert_eq!(parse("abc", "EUR"), Err(NOT_AN_AMOUNT.to_owned()));
        assert_eq!(parse("-5", "EUR"), Err(NOT_AN_AMOUNT.to_owned()));
        assert_eq!(parse("1.2.3", "EUR"), Err(NOT_AN_AMOUNT.to_owned()));
        assert_eq!(parse("1e3", "EUR"), Err(NOT_AN_AMOUNT.to_owned()));
        assert_eq!(parse(".", "EUR"), Err(NOT_AN_AMOUNT.to_owned()));
        assert_eq!(
            parse("2.555", "EUR"),
            Err("has at most 2 decimal places in EUR".to_owned())
        );
        assert_eq!(
            parse("1.5", "JPY"),
            Err("must be a whole number of JPY".to_owned())
        );
        assert_eq!(
            parse("0.00", "EUR"),
            Err("must be more than zero".to_owned())
        );
        assert_eq!(
            parse("10000000.01", "EUR"),
            Err("must be at most 10000000.00".to_owned())
        );
        assert!(parse("99999999999999999999", "EUR").is_err());
    }

    #[test]
    fn fields_start_from_amounts() {
        assert_eq!(field_text(2_550, "EUR"), "25.50");
        assert_eq!(field_text(0, "EUR"), "");
    }
}
