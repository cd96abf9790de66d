//! Tests of the content sniffer.

use super::*;

/// Feeds `bytes` in chunks of `size`.
fn chunked(bytes: &[u8], size: usize) -> Result<Kind, Refusal> {
    let mut sniffer = Sniffer::default();
    for chunk in bytes.chunks(size) {
        sniffer.feed(chunk);
    }
    sniffer.finish()
}

/// Sniffs `bytes` whole, and checks every chunking gives the same answer.
fn sniff(bytes: &[u8]) -> Result<Kind, Refusal> {
    let mut sniffer = Sniffer::default();
    sniffer.feed(bytes);
    let whole = sniffer.finish();
    for size in [1, 2, 3, 5, 7, 64, 1444, 1445, 1446, 4096] {
        assert_eq!(chunked(bytes, size), whole, "chunks of {size}");
    }
    whole
}

fn pdf() -> Vec<u8> {
    let mut pdf =
        b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            .to_vec();
    // A PDF may hold anything, markup and NULs included.
    pdf.extend_from_slice(
        b"2 0 obj\n<< /Length 30 >>\nstream\n<html><script>x</script>\0\0\nendstream\n",
    );
    pdf.extend_from_slice(b"trailer\n<< /Root 1 0 R >>\n%%EOF\n");
    pdf
}

fn png() -> Vec<u8> {
    let mut png =
        b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89"
            .to_vec();
    png.extend_from_slice(
        b"\0\0\0\x0aIDATx\x9cc\0\x01\0\0\x05\0\x01\x0d\x0a\x2d\xb4\0\0\0\0IEND\xaeB`\x82",
    );
    png
}

fn jpeg() -> Vec<u8> {
    b"\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xFF\xDB\0\x43\0\x08\x06\x06\xFF\xD9"
        .to_vec()
}

/// An ISO-BMFF file starting with an `ftyp` box of these brands.
fn bmff(major: &[u8; 4], compatible: &[&[u8; 4]]) -> Vec<u8> {
    let size = u32::try_from(16 + 4 * compatible.len()).unwrap();
    let mut file = size.to_be_bytes().to_vec();
    file.extend_from_slice(b"ftyp");
    file.extend_from_slice(major);
    file.extend_from_slice(&[0, 0, 0, 0]);
    for brand in compatible {
        file.extend_from_slice(*brand);
    }
    file.extend_from_slice(b"\0\0\0\x21meta\0\0\0\0\0\0\0\x21hdlr\0\0\0\0\0\0\0\0pict");
    file
}

/// A DICOM Part 10 file with this preamble.
fn dicom(preamble: &[u8]) -> Vec<u8> {
    let mut file = preamble.to_vec();
    file.resize(128, 0);
    file.extend_from_slice(b"DICM\x02\0\0\0UL\x04\0\xC8\0\0\0\x02\0\x01\0OB\0\0\x02\0\0\0\0\x01");
    file.extend_from_slice(b"\x02\0\x02\0UI\x1a\x001.2.840.10008.5.1.4.1.1.2\0");
    file
}

const CCD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="CDA.xsl"?>
<!-- Continuity of Care Document -->
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:sdtc="urn:hl7-org:sdtc"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <templateId root="2.16.840.1.113883.10.20.22.1.2"/>
  <title>Continuity of Care Document</title>
  <recordTarget><patientRole><patient><name><given>Zoë</given><family>Müller</family></name></patient></patientRole></recordTarget>
  <component><structuredBody><component><section>
    <title>Medications</title>
    <text>
      <table border="1" width="100%"><thead><tr><th>Medication</th><th>Dose</th></tr></thead>
        <tbody><tr><td><content ID="med1">Metformin</content></td><td>500&#160;mg &#x2013; twice daily</td></tr></tbody>
      </table><br/>
      <paragraph styleCode="Bold">Allergies &amp; notes</paragraph>
      <list listType="ordered"><item>Penicillin: rash</item><item>Glucose &lt; 4 mmol/L: eat sugar</item></list>
      <renderMultiMedia referencedObject="img1"/>
    </text>
  </section></component></structuredBody></component>
</ClinicalDocument>
"#;

#[test]
fn binary_kinds_are_recognised() {
    assert_eq!(sniff(&pdf()), Ok(Kind::Pdf));
    assert_eq!(sniff(&png()), Ok(Kind::Png));
    assert_eq!(sniff(&jpeg()), Ok(Kind::Jpeg));
    assert_eq!(sniff(&bmff(b"heic", &[b"mif1", b"heic"])), Ok(Kind::Heic));
    assert_eq!(sniff(&bmff(b"mif1", &[b"mif1", b"heic"])), Ok(Kind::Heic));
    assert_eq!(sniff(&bmff(b"msf1", &[b"msf1", b"iso8"])), Ok(Kind::Heic));
    assert_eq!(sniff(&dicom(&[])), Ok(Kind::Dicom));
    assert_eq!(
        sniff(&dicom(b"II*\0\x08\0\0\0")),
        Ok(Kind::Dicom),
        "TIFF/DICOM dual file"
    );
}

#[test]
fn other_binaries_are_unknown() {
    let avif = bmff(b"avif", &[b"avif", b"mif1", b"miaf"]);
    assert_eq!(sniff(&avif), Err(Refusal::Unknown));
    assert_eq!(
        sniff(&bmff(b"mif1", &[b"mif1", b"avif"])),
        Err(Refusal::Unknown)
    );
    assert_eq!(
        sniff(&bmff(b"isom", &[b"isom", b"mp41"])),
        Err(Refusal::Unknown)
    );
    let pe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0\xB8\0\0\0\0\0\0\0@\0\0\0This program cannot be run in DOS mode.";
    assert_eq!(sniff(pe), Err(Refusal::Unknown));
    let elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0>\0\x01\0\0\0";
    assert_eq!(sniff(elf), Err(Refusal::Unknown));
    assert_eq!(
        sniff(&dicom(pe)),
        Err(Refusal::Unknown),
        "PE/DICOM polyglot"
    );
    assert_eq!(
        sniff(&dicom(elf)),
        Err(Refusal::Unknown),
        "ELF/DICOM polyglot"
    );
    assert_eq!(sniff(b"GIF89a\x01\0\x01\0\x80\0\0"), Err(Refusal::Unknown));
    assert_eq!(sniff(b"PK\x03\x04\x14\0\0\0\x08\0"), Err(Refusal::Unknown));
    // UTF-16, with and without a BOM.
    assert_eq!(sniff(b"\xFF\xFEh\0i\0\n\0"), Err(Refusal::Unknown));
    assert_eq!(sniff(b"\xFE\xFF\0h\0i\0\n"), Err(Refusal::Unknown));
    assert_eq!(sniff(b"h\0i\0\n\0"), Err(Refusal::Unknown));
}

#[test]
fn text_is_accepted() {
    let note = "Blood pressure 120/80 mmHg\r\nTemp.\t37 °C, naïve, 日本語 ✓ 🩺\n\x0Cpage 2\n";
    assert_eq!(sniff(note.as_bytes()), Ok(Kind::Text));
    assert_eq!(sniff(b"\xEF\xBB\xBFwith a BOM\n"), Ok(Kind::Text));
    assert_eq!(
        sniff(b"If glucose < 4 mmol/L take <15 g> of sugar; <b>bold</b> later is fine\n"),
        Ok(Kind::Text)
    );
    assert_eq!(
        sniff(b"<Pasta> recipe: <p\n"),
        Ok(Kind::Text),
        "<P needs a space or > after it"
    );
    assert_eq!(
        sniff(b"MZ: initials of the referring doctor\n"),
        Ok(Kind::Text)
    );
    assert_eq!(sniff(b" \n\t"), Ok(Kind::Text));
    assert_eq!(sniff(b"x"), Ok(Kind::Text));
}

#[test]
fn ccd_is_xml() {
    assert_eq!(sniff(CCD.as_bytes()), Ok(Kind::Xml));
    let bare = CCD.split_once("-->\n").unwrap().1;
    assert!(bare.starts_with("<ClinicalDocument"));
    assert_eq!(sniff(bare.as_bytes()), Ok(Kind::Xml));
    assert_eq!(sniff(format!("\u{FEFF}{CCD}").as_bytes()), Ok(Kind::Xml));
    assert_eq!(
        sniff(b"<?xml version=\"1.0\"?><note><to>GP</to></note>"),
        Ok(Kind::Xml)
    );
}

#[test]
fn html_is_markup() {
    let page =
        b"<!DOCTYPE html>\n<html><head><title>Invoice</title></head><body>Pay</body></html>\n";
    assert_eq!(
        sniff(page),
        Err(Refusal::Markup),
        "HTML named .pdf is still HTML"
    );
    for start in HTML_STARTS {
        let start = String::from_utf8(start.to_vec()).unwrap();
        for text in [
            format!("{start}>x"),
            format!(" \n\t{} y", start.to_lowercase()),
        ] {
            assert_eq!(sniff(text.as_bytes()), Err(Refusal::Markup), "{text}");
        }
    }
    for text in [
        "notes\n<ScRiPt>alert(1)</script>",
        "notes <svg onload=alert(1)>",
        "a <iframe src=x>",
        "a <HTML>",
        "a <object data=x>",
        "a <embed src=x>",
        "a <!DocType HTML>",
        "a <body onload=x>",
        "\u{FEFF}<br>",
    ] {
        assert_eq!(sniff(text.as_bytes()), Err(Refusal::Markup), "{text}");
    }
}

#[test]
fn svg_and_xhtml_are_markup() {
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>"#;
    assert_eq!(
        sniff(svg.as_bytes()),
        Err(Refusal::Markup),
        "SVG without declaration"
    );
    let declared = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{svg}");
    assert_eq!(
        sniff(declared.as_bytes()),
        Err(Refusal::Markup),
        "SVG with declaration"
    );
    let xhtml = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body><p>x</p></body></html>"#;
    assert_eq!(sniff(xhtml.as_bytes()), Err(Refusal::Markup));
    for xml in [
        // Root element html or svg, any prefix.
        "<?xml version=\"1.0\"?><!-- c --><x:HTML xmlns:x=\"urn:x\"/>",
        "<?xml version=\"1.0\"?><s:svg xmlns:s=\"urn:x\"/>",
        // Prefixed elements deeper down.
        "<?xml version=\"1.0\"?><doc xmlns:h=\"urn:x\"><h:script>alert(1)</h:script></doc>",
        // Namespaces, also spelt with character references.
        "<?xml version=\"1.0\"?><doc><a xmlns=\"http://www.w3.org/1999/xhtml\" href=\"javascript:x\">x</a></doc>",
        "<?xml version=\"1.0\"?><doc><a xmlns=\"http&#x3A;//www.w3.org/1999/xht&#0000109;l\">x</a></doc>",
        "<?xml version=\"1.0\"?><doc><a xmlns=\"HTTP&#58;//WWW.W3.ORG/2000/&#X73;vg\">x</a></doc>",
        "<?xml version=\"1.0\"?><m:math xmlns:m=\"http://www.w3.org/1998/Math/MathML\"/>",
        "<?xml version=\"1.0\"?><xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\"/>",
        "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><text><iframe/></text></ClinicalDocument>",
    ] {
        assert_eq!(sniff(xml.as_bytes()), Err(Refusal::Markup), "{xml}");
    }
    let entity = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY n \"xhtml\">]><d>&n;</d>";
    assert_eq!(sniff(entity.as_bytes()), Err(Refusal::Unknown));
}

#[test]
fn patterns_are_found_across_chunks() {
    let mut sniffer = Sniffer::default();
    for b in b"Patient notes, nothing odd... <scr" {
        sniffer.feed(&[*b]);
    }
    sniffer.feed(b"");
    for b in b"IPT>alert(1)</script>" {
        sniffer.feed(&[*b]);
    }
    assert_eq!(sniffer.finish(), Err(Refusal::Markup));
    // Straddling a search window and the head, at every offset.
    for shift in 0..48 {
        for offset in [HEAD_LEN, WINDOW, 2 * WINDOW] {
            let mut text = vec![b'a'; offset - shift];
            text.extend_from_slice(b"<sCrIpT>");
            assert_eq!(chunked(&text, 1), Err(Refusal::Markup));
            assert_eq!(chunked(&text, 1000), Err(Refusal::Markup));
            let mut xml = b"<?xml version=\"1.0\"?><d>".to_vec();
            xml.resize(offset - shift, b' ');
            xml.extend_from_slice(b"<a xmlns=\"http://www.w3.org/1999/xhtml\"/></d>");
            assert_eq!(chunked(&xml, 3), Err(Refusal::Markup));
            assert_eq!(chunked(&xml, 4096), Err(Refusal::Markup));
        }
    }
    // Cut off by the end.
    assert_eq!(
        sniff(b"<?xml version=\"1.0\"?><d><h:svg"),
        Err(Refusal::Markup)
    );
}

#[test]
fn utf8_is_checked_across_chunks() {
    for text in ["é", "€", "🩺", "a✓b"] {
        let bytes = text.as_bytes();
        for cut in 1..bytes.len() {
            let mut sniffer = Sniffer::default();
            let (first, second) = bytes.split_at(cut);
            sniffer.feed(first);
            sniffer.feed(second);
            assert_eq!(sniffer.finish(), Ok(Kind::Text), "{text} cut at {cut}");
        }
    }
    for bad in [
        &b"caf\xE9 au lait"[..], // Latin-1
        b"truncated \xE2\x82",   // cut off by the end
        b"\xC0\xAF overlong",
        b"\xED\xA0\x80 surrogate",
        b"\xF4\x90\x80\x80 beyond U+10FFFF",
        b"stray \x80 continuation",
    ] {
        assert_eq!(sniff(bad), Err(Refusal::Unknown), "{bad:?}");
    }
}

#[test]
fn control_characters_are_unknown() {
    for bad in [
        &b"hello\0world"[..],
        b"esc \x1B[31m",
        b"del \x7F",
        b"bell \x07",
        b"<?xml?><a>\0</a>",
    ] {
        assert_eq!(sniff(bad), Err(Refusal::Unknown), "{bad:?}");
    }
    // Refusal as text wins over markup, whatever the chunking.
    assert_eq!(sniff(b"<script>\0"), Err(Refusal::Unknown));
}

#[test]
fn empty_is_empty() {
    assert_eq!(Sniffer::default().finish(), Err(Refusal::Empty));
    let mut sniffer = Sniffer::default();
    sniffer.feed(b"");
    assert_eq!(sniffer.finish(), Err(Refusal::Empty));
}

#[test]
fn large_text_in_64k_chunks() {
    let line = "2024-05-01 08:00 glucose 5.4 mmol/L, BP 118/76 — ok ✓ <ok>\n";
    let text = line.repeat(5 * 1024 * 1024 / line.len() + 1);
    let mut sniffer = Sniffer::default();
    for chunk in text.as_bytes().chunks(64 * 1024) {
        sniffer.feed(chunk);
        assert!(sniffer.head.len() <= HEAD_LEN);
        assert!(sniffer.text.window.capacity() <= WINDOW + 16);
        assert!(sniffer.text.carry.len() < 4 && sniffer.text.reference.len() < 12);
    }
    assert_eq!(sniffer.finish(), Ok(Kind::Text));
    let hidden = format!("{text}<iframe src=x>");
    assert_eq!(chunked(hidden.as_bytes(), 64 * 1024), Err(Refusal::Markup));
}

#[test]
fn kinds_describe_themselves() {
    let all = [
        Kind::Pdf,
        Kind::Png,
        Kind::Jpeg,
        Kind::Heic,
        Kind::Dicom,
        Kind::Text,
        Kind::Xml,
    ];
    let mimes: Vec<_> = all.iter().map(|k| k.mime()).collect();
    assert_eq!(
        mimes,
        [
            "application/pdf",
            "image/png",
            "image/jpeg",
            "image/heic",
            "application/dicom",
            "text/plain; charset=utf-8",
            "application/xml"
        ]
    );
    let extensions: Vec<_> = all.iter().map(|k| k.extension()).collect();
    assert_eq!(
        extensions,
        ["pdf", "png", "jpg", "heic", "dcm", "txt", "xml"]
    );
    let inline: Vec<_> = all.iter().map(|k| k.inline()).collect();
    assert_eq!(inline, [true, true, true, false, false, false, false]);
    assert!(Refusal::Unknown.to_string().contains(ACCEPTED));
}

#[test]
fn overlap_covers_every_pattern() {
    let longest = PATTERNS.iter().map(|(p, _)| p.len()).max().unwrap();
    assert_eq!(OVERLAP, longest - 1);
    for (pattern, _) in PATTERNS {
        assert_eq!(
            pattern.to_ascii_lowercase(),
            pattern,
            "patterns are lowercase"
        );
        assert!(
            matches!(pattern.first(), Some(b'<' | b'h')),
            "search starts at < or h"
        );
    }
}
