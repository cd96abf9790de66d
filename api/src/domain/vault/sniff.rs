//! What an uploaded document is, decided from its bytes alone.
//!
//! A file name or a declared `Content-Type` is whatever the uploader says; a
//! browser, a viewer or a virus scanner goes by the content. So the vault
//! stores and serves a document as the type its content shows, and refuses
//! what it can't vouch for: anything not on the [`ACCEPTED`] list, and text a
//! browser could render as a web page (HTML, SVG, XHTML: stored cross-site
//! scripting against whoever opens the document).
//!
//! Uploads arrive in chunks of any size and are never held whole: a
//! [`Sniffer`] keeps the first 1445 bytes for the magic numbers and, for text,
//! checks UTF-8 incrementally and searches for markup in a small window that
//! overlaps the previous one, so nothing hides across a chunk boundary.

use std::str;

/// The accepted types, for messages.
pub use medtrack_shared::vault::ACCEPTED_TYPES as ACCEPTED;

/// How much of the start is kept: the WHATWG MIME Sniffing "resource header"
/// length, so the HTML check sees what a browser's sniffer would.
const HEAD_LEN: usize = 1445;
/// Bytes searched at a time (plus the overlap).
const WINDOW: usize = 4096;
/// The longest [`PATTERNS`] entry's length, less one: what a window keeps of
/// the previous one.
const OVERLAP: usize = 35;

/// A [`PATTERNS`] flag: markup if the text is plain text.
const IN_TEXT: u8 = 1;
/// A [`PATTERNS`] flag: markup if the text is XML.
const IN_XML: u8 = 2;
/// A [`PATTERNS`] flag: an XML entity declaration (entities can spell out
/// markup the search can't see, and blow up in parsers).
const ENTITY: u8 = 4;
/// Found flag: an XML element named as in [`ELEMENTS`], whatever its prefix.
const ELEMENT: u8 = 8;

/// Searched for anywhere in text, lowercased, with numeric character
/// references (`&#115;`, `&#x73;`) decoded so XML can't spell a namespace
/// around the search.
const PATTERNS: [(&[u8], u8); 13] = [
    (b"<script", IN_TEXT | IN_XML),
    (b"<svg", IN_TEXT | IN_XML),
    (b"<iframe", IN_TEXT | IN_XML),
    (b"<html", IN_TEXT | IN_XML),
    (b"<object", IN_TEXT | IN_XML),
    (b"<embed", IN_TEXT | IN_XML),
    (b"<!doctype html", IN_TEXT),
    (b"<body", IN_TEXT),
    (b"http://www.w3.org/1999/xhtml", IN_XML),
    (b"http://www.w3.org/2000/svg", IN_XML),
    (b"http://www.w3.org/1998/math/mathml", IN_XML),
    (b"http://www.w3.org/1999/xsl/transform", IN_XML),
    (b"<!entity", ENTITY),
];

/// XML element local names that make a document markup, with any prefix
/// (`<h:script>`) and at any depth, the root included.
const ELEMENTS: [&[u8]; 6] = [b"html", b"svg", b"script", b"iframe", b"object", b"embed"];

/// The WHATWG MIME Sniffing "HTML" patterns: after leading whitespace, each
/// case-insensitive and followed by a space or `>`.
#[rustfmt::skip]
const HTML_STARTS: [&[u8]; 17] = [
    b"<!DOCTYPE HTML", b"<HTML", b"<HEAD", b"<SCRIPT", b"<IFRAME", b"<H1", b"<DIV",
    b"<FONT", b"<TABLE", b"<A", b"<STYLE", b"<TITLE", b"<B", b"<BODY", b"<BR", b"<P",
    b"<!--",
];

/// HEIF brands of HEVC-coded images.
const HEVC_BRANDS: [&[u8; 4]; 8] = [
    b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs",
];
/// Generic HEIF brands: HEIC unless an AV1 brand says AVIF.
const HEIF_BRANDS: [&[u8; 4]; 2] = [b"mif1", b"msf1"];
/// AVIF brands, not accepted.
const AV1_BRANDS: [&[u8; 4]; 3] = [b"avif", b"avis", b"avio"];

/// Executable headers refused in a DICOM preamble (PE/ELF/Mach-O polyglots,
/// CVE-2019-11687).
#[rustfmt::skip]
const EXECUTABLES: [&[u8]; 7] = [
    b"MZ", b"\x7fELF", b"\xFE\xED\xFA\xCE", b"\xFE\xED\xFA\xCF", b"\xCE\xFA\xED\xFE",
    b"\xCF\xFA\xED\xFE", b"\xCA\xFE\xBA\xBE",
];

/// A document type the vault accepts: the shared [`FileType`], named
/// here for what the sniffer decides.
pub use medtrack_shared::vault::FileType as Kind;

/// Why an upload is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Not an accepted type: unknown binary, executable, invalid or truncated
    /// UTF-8, UTF-16, text with NUL or control characters, XML declaring
    /// entities.
    #[error("this file type is not accepted; accepted: {ACCEPTED}")]
    Unknown,
    /// Text a browser could render as a page: HTML, SVG, or XML that is or
    /// embeds XHTML, SVG, MathML or an XSLT stylesheet.
    #[error("web pages and SVG images are not accepted; accepted: {ACCEPTED}")]
    Markup,
    /// Zero bytes.
    #[error("the file is empty")]
    Empty,
}

/// Decides an upload's [`Kind`] from its content, fed chunk by chunk.
///
/// Memory stays bounded whatever the upload's size: the first 1445 bytes, a
/// search window of a few KiB, and a few bytes of carry-over. Binary types are
/// decided from the start alone; text is checked to the end.
///
/// ```
/// use medtrack::domain::vault::sniff::{Kind, Sniffer};
///
/// let mut sniffer = Sniffer::default();
/// sniffer.feed(b"%PDF-1.7\n");
/// sniffer.feed(b"%\xE2\xE3\xCF\xD3\n");
/// assert_eq!(sniffer.finish(), Ok(Kind::Pdf));
/// ```
#[derive(Debug, Default)]
pub struct Sniffer {
    /// The first [`HEAD_LEN`] bytes.
    head: Vec<u8>,
    /// What the head says, once it is full.
    verdict: Option<Head>,
    /// The text checks, run until the head shows a binary type.
    text: TextScan,
}

impl Sniffer {
    /// Takes the next chunk, of any size (empty too).
    pub fn feed(&mut self, chunk: &[u8]) {
        let mut rest = chunk;
        if self.verdict.is_none() {
            let room = HEAD_LEN.saturating_sub(self.head.len());
            let (first, after) = chunk.split_at_checked(room).unwrap_or((chunk, &[]));
            self.head.extend_from_slice(first);
            self.text.feed(first);
            if self.head.len() >= HEAD_LEN {
                self.verdict = Some(classify(&self.head));
            }
            rest = after;
        }
        if matches!(self.verdict, Some(Head::Text)) {
            self.text.feed(rest);
        }
    }

    /// The upload's type, once every chunk was fed.
    pub fn finish(self) -> Result<Kind, Refusal> {
        if self.head.is_empty() {
            return Err(Refusal::Empty);
        }
        match self.verdict.unwrap_or_else(|| classify(&self.head)) {
            Head::Binary(kind) => Ok(kind),
            Head::Reject => Err(Refusal::Unknown),
            Head::Text => self.text.finish(&self.head),
        }
    }
}

/// What the first bytes say.
#[derive(Clone, Copy, Debug)]
enum Head {
    /// A binary type; the rest isn't looked at.
    Binary(Kind),
    /// Refused from the start alone.
    Reject,
    /// No binary type: text, or nothing accepted.
    Text,
}

/// Reads the magic numbers at the start.
fn classify(head: &[u8]) -> Head {
    if head.starts_with(b"%PDF-") {
        Head::Binary(Kind::Pdf)
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Head::Binary(Kind::Png)
    } else if head.starts_with(b"\xFF\xD8\xFF") {
        Head::Binary(Kind::Jpeg)
    } else if heic(head) {
        Head::Binary(Kind::Heic)
    } else if head.get(128..132) == Some(b"DICM".as_slice()) {
        if EXECUTABLES.iter().any(|magic| head.starts_with(magic)) {
            Head::Reject
        } else {
            Head::Binary(Kind::Dicom)
        }
    } else {
        Head::Text
    }
}

/// Whether the head starts with an ISO-BMFF `ftyp` box naming a HEIC brand,
/// as the major brand or a compatible one.
fn heic(head: &[u8]) -> bool {
    let Some((size, rest)) = head.split_first_chunk::<4>() else {
        return false;
    };
    let Some((box_type, rest)) = rest.split_first_chunk::<4>() else {
        return false;
    };
    let size = usize::try_from(u32::from_be_bytes(*size)).unwrap_or(usize::MAX);
    // Major brand and minor version, then 4-byte compatible brands.
    if box_type != b"ftyp" || size < 16 || !size.is_multiple_of(4) {
        return false;
    }
    let body = rest.get(..size.saturating_sub(8)).unwrap_or(rest);
    let Some((major, body)) = body.split_first_chunk::<4>() else {
        return false;
    };
    let compatible = body.get(4..).unwrap_or_default().chunks_exact(4);
    let brands = || std::iter::once(major.as_slice()).chain(compatible.clone());
    let names = |set: &[&[u8; 4]]| brands().any(|brand| set.iter().any(|s| s.as_slice() == brand));
    names(&HEVC_BRANDS) || (names(&HEIF_BRANDS) && !names(&AV1_BRANDS))
}

/// The text checks: UTF-8 across chunks, control characters, markup.
#[derive(Debug, Default)]
struct TextScan {
    /// Not text: invalid UTF-8 or a forbidden control character.
    bad: bool,
    /// The start of a UTF-8 sequence cut by a chunk boundary (at most 3 bytes).
    carry: Vec<u8>,
    /// A pending `&#…` reference: `&#`, maybe `x`, significant digits.
    reference: Vec<u8>,
    /// Lowercased, references decoded; the search runs over it when full.
    window: Vec<u8>,
    /// `IN_TEXT`, `IN_XML`, `ENTITY` and `ELEMENT` flags found so far.
    found: u8,
    /// Inside an element name: the local name's length so far.
    name_len: Option<usize>,
    /// The local name, lowercased, as far as the longest of [`ELEMENTS`].
    name: [u8; 6],
}

impl TextScan {
    /// Checks and searches a chunk, unless the text is already refused.
    fn feed(&mut self, chunk: &[u8]) {
        if self.bad {
            return;
        }
        self.check_utf8(chunk);
        if chunk.iter().any(|&b| forbidden(b)) {
            self.bad = true;
        }
        if self.bad {
            return;
        }
        if self.window.capacity() == 0 {
            self.window.reserve_exact(WINDOW + 16);
        }
        for &b in chunk {
            self.step(b);
        }
    }

    /// Carries an incomplete UTF-8 sequence over to the next chunk; flags
    /// anything invalid.
    fn check_utf8(&mut self, chunk: &[u8]) {
        let mut rest = chunk;
        while !self.carry.is_empty() {
            let Some((&b, tail)) = rest.split_first() else {
                return;
            };
            rest = tail;
            self.carry.push(b);
            match str::from_utf8(&self.carry) {
                Ok(_) => self.carry.clear(),
                Err(e) if e.error_len().is_none() => {}
                Err(_) => {
                    self.bad = true;
                    return;
                }
            }
        }
        if let Err(e) = str::from_utf8(rest) {
            match (e.error_len(), rest.get(e.valid_up_to()..)) {
                (None, Some(tail)) => self.carry.extend_from_slice(tail),
                _ => self.bad = true,
            }
        }
    }

    /// One byte through the element-name scanner and into the window.
    fn step(&mut self, b: u8) {
        self.element(b);
        self.decode(b);
        if self.window.len() >= WINDOW {
            self.search();
        }
    }

    /// Follows element names (`<name`, `<prefix:name`), noting those in
    /// [`ELEMENTS`].
    fn element(&mut self, b: u8) {
        if let Some(len) = self.name_len {
            if b == b':' {
                self.name_len = Some(0);
                return;
            }
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') || !b.is_ascii() {
                if let Some(slot) = self.name.get_mut(len) {
                    *slot = b.to_ascii_lowercase();
                }
                self.name_len = Some(len.saturating_add(1));
                return;
            }
            if self
                .name
                .get(..len)
                .is_some_and(|name| ELEMENTS.contains(&name))
            {
                self.found |= ELEMENT;
            }
            self.name_len = None;
        }
        if b == b'<' {
            self.name_len = Some(0);
        }
    }

    /// Adds a byte to the window, lowercased, decoding `&#…;` references.
    fn decode(&mut self, b: u8) {
        if !self.reference.is_empty() {
            let hex = self.reference.get(2) == Some(&b'x');
            let prefix = if hex { 3 } else { 2 };
            let len = self.reference.len();
            match b {
                b'#' if len == 1 => return self.reference.push(b),
                b'x' | b'X' if len == 2 => return self.reference.push(b'x'),
                b'0' if len == prefix => return, // leading zeros
                b';' if len >= 2 => {
                    let digits = self.reference.get(prefix..).unwrap_or_default();
                    let value = str::from_utf8(digits)
                        .ok()
                        .and_then(|d| u32::from_str_radix(d, if hex { 16 } else { 10 }).ok());
                    // Not ASCII (or no number): a byte no pattern holds.
                    let byte = value
                        .and_then(|v| u8::try_from(v).ok())
                        .filter(u8::is_ascii);
                    self.window.push(byte.unwrap_or(0).to_ascii_lowercase());
                    self.reference.clear();
                    return;
                }
                _ if (2..12).contains(&len)
                    && (b.is_ascii_digit() || (hex && b.is_ascii_hexdigit())) =>
                {
                    return self.reference.push(b.to_ascii_lowercase());
                }
                _ => {
                    self.window.extend_from_slice(&self.reference);
                    self.reference.clear();
                }
            }
        }
        if b == b'&' {
            self.reference.push(b);
        } else {
            self.window.push(b.to_ascii_lowercase());
        }
    }

    /// Searches the window, then keeps only its overlap.
    fn search(&mut self) {
        let window = &self.window;
        for (at, &b) in window.iter().enumerate() {
            if b == b'<' || b == b'h' {
                let rest = window.get(at..).unwrap_or_default();
                for (pattern, flags) in PATTERNS {
                    if rest.starts_with(pattern) {
                        self.found |= flags;
                    }
                }
            }
        }
        let done = self.window.len().saturating_sub(OVERLAP);
        self.window.drain(..done);
    }

    /// The verdict on the text, given the head.
    fn finish(mut self, head: &[u8]) -> Result<Kind, Refusal> {
        if self.bad || !self.carry.is_empty() {
            return Err(Refusal::Unknown);
        }
        // A space ends a name or reference cut off by the end; no pattern
        // ends with one.
        self.step(b' ');
        self.search();
        let lead = lead(head);
        if lead.starts_with(b"<?xml") || lead.starts_with(b"<ClinicalDocument") {
            if self.found & (IN_XML | ELEMENT) != 0 {
                Err(Refusal::Markup)
            } else if self.found & ENTITY != 0 {
                Err(Refusal::Unknown)
            } else {
                Ok(Kind::Xml)
            }
        } else if self.found & IN_TEXT != 0 || html_start(lead) {
            Err(Refusal::Markup)
        } else {
            Ok(Kind::Text)
        }
    }
}

/// Whether a byte can't be in text: NUL and C0 controls other than tab, LF,
/// form feed and CR (ESC included: it switches ISO-2022 encodings), and DEL.
fn forbidden(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r')) || b == 0x7F
}

/// The head after a UTF-8 BOM and leading whitespace (as the WHATWG sniffer
/// skips it: tab, LF, form feed, CR, space).
fn lead(head: &[u8]) -> &[u8] {
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = text
        .iter()
        .position(|b| !matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' '))
        .unwrap_or(text.len());
    text.get(start..).unwrap_or_default()
}

/// Whether the text starts as a browser would sniff HTML.
fn html_start(lead: &[u8]) -> bool {
    HTML_STARTS.iter().any(|pattern| {
        lead.get(..pattern.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(pattern))
            && matches!(lead.get(pattern.len()), Some(b' ' | b'>'))
    })
}

#[cfg(test)]
#[path = "sniff_tests.rs"]
mod tests;
