//! GSM 03.38 (GSM-7), the alphabet of one-part text messages: a message of at
//! most 160 septets from it is sent, and billed, as one part. A character from
//! outside it switches the whole message to UCS-2 (70 characters a part).

/// The basic character set: one septet each.
const BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/// The extension table: an escape and the character, two septets each.
const EXTENDED: &str = "^{}\\[~]|€\u{c}";

/// Septets in one part.
pub const ONE_PART: usize = 160;

/// Septets `c` takes, or `None` when GSM-7 cannot carry it.
fn septets_of(c: char) -> Option<usize> {
    if BASIC.contains(c) {
        Some(1)
    } else if EXTENDED.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// Septets `text` takes, or `None` when GSM-7 cannot carry it.
pub fn septets(text: &str) -> Option<usize> {
    text.chars().map(septets_of).sum()
}

/// `text` made to fit one GSM-7 part: typographic quotes and dashes become
/// their plain forms, other characters GSM-7 lacks become `?`, and a text
/// too long ends in `...` at the limit.
pub fn one_part(text: &str) -> String {
    let plain = text.chars().map(|c| match c {
        '‘' | '’' => '\'',
        '“' | '”' => '"',
        '–' | '—' => '-',
        '…' => '.',
        c if septets_of(c).is_some() => c,
        _ => '?',
    });
    let mut out = String::new();
    let mut used = 0;
    let room = ONE_PART - 3;
    let all: Vec<char> = plain.collect();
    let total: usize = all.iter().filter_map(|c| septets_of(*c)).sum();
    if total <= ONE_PART {
        return all.into_iter().collect();
    }
    for c in all {
        let cost = septets_of(c).unwrap_or(1);
        if used + cost > room {
            break;
        }
        used += cost;
        out.push(c);
    }
    out.push_str("...");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_septets_and_fits_one_part() {
        assert_eq!(septets("Hello"), Some(5));
        assert_eq!(septets("€5"), Some(3));
        assert_eq!(septets("✓"), None);
        assert_eq!(one_part("It’s ✓ — fine"), "It's ? - fine");
        let long = "a".repeat(200);
        let fitted = one_part(&long);
        assert_eq!(septets(&fitted), Some(ONE_PART));
        assert!(fitted.ends_with("..."));
        let braces = "{".repeat(100);
        assert!(septets(&one_part(&braces)).unwrap() <= ONE_PART);
    }
}
