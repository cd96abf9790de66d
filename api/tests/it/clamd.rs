//! A ClamAV daemon for the vault's scanning tests, and the client's tests.
//!
//! clamd is started once per test process (see `emulator`) from the package
//! `scripts/setup test` installs, in a directory of its own, on a free TCP
//! port of 127.0.0.1. Its only signature database is written here: one body
//! signature matching `TEST_SIGNATURE_TEXT` anywhere in a file. No freshclam,
//! no downloads: it listens within a second. `MEDTRACK_TEST_CLAMD` points the
//! tests at one started elsewhere (an address `Clamd::parse` reads), which
//! must load the same signature (see `database`). A missing clamd fails the
//! tests that need it: they never skip.

use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

use medtrack::domain::ports::{ScanError, Scanner, Verdict};
use medtrack::ports::clamd::Clamd;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};

use crate::emulator;

/// Text that the test database flags wherever it appears in a file.
pub const TEST_SIGNATURE_TEXT: &str = "MEDTRACK-VAULT-TEST-SIGNATURE-5d1c0e2a";

/// The name clamd gives a file holding `TEST_SIGNATURE_TEXT`: the name in the
/// database, and the `.UNOFFICIAL` clamd adds to signatures of unsigned ones.
pub const TEST_SIGNATURE_NAME: &str = "MedTrack.Test.VaultSignature.UNOFFICIAL";

/// The address (`127.0.0.1:port`) of the shared clamd, starting it on first use.
pub fn address() -> String {
    static ADDRESS: OnceLock<Result<String, String>> = OnceLock::new();
    emulator::endpoint(&ADDRESS, "MEDTRACK_TEST_CLAMD", "clamd", start)
}

/// A client of the shared clamd.
pub fn scanner() -> Clamd {
    Clamd::parse(&address()).unwrap()
}

/// The test database (a `.ndb` file): `TEST_SIGNATURE_TEXT` in hex, at any
/// offset (`*`) of any type of file (`0`).
fn database() -> String {
    let name = TEST_SIGNATURE_NAME.trim_end_matches(".UNOFFICIAL");
    let hex: String = TEST_SIGNATURE_TEXT
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{name}:0:*:{hex}\n")
}

fn program() -> Result<PathBuf, String> {
    // Debian puts it in /usr/sbin, which a user's PATH may not hold.
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/usr/local/sbin")])
        .map(|dir| dir.join("clamd"))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| "clamd is missing: run `scripts/setup test`".to_owned())
}

/// A fresh directory for this process's clamd, once those of test
/// processes that have ended are removed (their clamd stopped with them).
fn directory() -> Result<PathBuf, String> {
    const PREFIX: &str = "medtrack-clamd-";
    let temp = std::env::temp_dir();
    if Path::new("/proc/self").exists() {
        for entry in fs::read_dir(&temp).into_iter().flatten().flatten() {
            let name = entry.file_name();
            let Some(pid) = name.to_str().and_then(|n| n.strip_prefix(PREFIX)) else {
                continue;
            };
            if !Path::new("/proc").join(pid).exists() {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
    }
    let dir = temp.join(format!("{PREFIX}{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    for sub in ["db", "tmp"] {
        fs::create_dir_all(dir.join(sub)).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    Ok(dir)
}

fn start() -> Result<String, String> {
    let clamd = program()?;
    let dir = directory()?;
    let written = fs::write(dir.join("db/medtrack-test.ndb"), database()).and_then(|()| {
        // No User: it runs as whoever runs the tests (root included).
        // Streams up to 64 MiB, so a 25 MB upload is scanned whole.
        let config = format!(
            "Foreground yes\n\
             DatabaseDirectory {dir}/db\n\
             TemporaryDirectory {dir}/tmp\n\
             LogFile {dir}/clamd.log\n\
             LogTime yes\n\
             TCPAddr 127.0.0.1\n\
             StreamMaxLength 64M\n",
            dir = dir.display()
        );
        fs::write(dir.join("clamd.conf"), config)
    });
    written.map_err(|e| format!("{}: {e}", dir.display()))?;
    // The port is known only here: its line ends the configuration.
    emulator::launch("clamd", &dir, |port| {
        format!(
            "echo 'TCPSocket {port}' >> clamd.conf && exec '{}' --config-file=clamd.conf",
            clamd.display()
        )
    })
    .map(|endpoint| endpoint.trim_start_matches("http://").to_owned())
    .map_err(|why| {
        let log = fs::read_to_string(dir.join("clamd.log")).unwrap_or_default();
        format!("{why}; its log:\n{log}")
    })
}

/// A small, well-formed PDF of one page showing `text` (no parentheses or
/// backslashes in it).
pub fn pdf_showing(text: &str) -> Vec<u8> {
    let page = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!("<< /Length {} >>\nstream\n{page}\nendstream", page.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = vec![];
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).bytes());
    }
    let xref = pdf.len();
    let size = objects.len() + 1;
    pdf.extend(format!("xref\n0 {size}\n0000000000 65535 f \n").bytes());
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    pdf.extend(
        format!("trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").bytes(),
    );
    pdf
}

/// A socket of either kind.
trait Stream: AsyncRead + AsyncWrite + Unpin + Send {}

impl<T: AsyncRead + AsyncWrite + Unpin + Send> Stream for T {}

/// A proxy to the shared clamd that can be cut (the scanner unreachable:
/// new connections close at once, open ones are dropped), then restored.
#[derive(Clone)]
pub struct Switch {
    /// Where the scanner is reached through it: `127.0.0.1:port`, or
    /// `unix:<path>` for `Switch::unix`.
    pub address: String,
    up: Arc<AtomicBool>,
    _dir: Option<Arc<tempfile::TempDir>>,
}

impl Switch {
    /// A switch on a free TCP port.
    pub async fn new() -> Self {
        let target = address();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let up = Arc::new(AtomicBool::new(true));
        let serving = Arc::clone(&up);
        tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                relay(Box::new(inbound), &target, &serving);
            }
        });
        Self {
            address,
            up,
            _dir: None,
        }
    }

    /// A switch on a Unix socket of its own.
    pub async fn unix() -> Self {
        let target = address();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("clamd.sock");
        let listener = tokio::net::UnixListener::bind(&path).unwrap();
        let up = Arc::new(AtomicBool::new(true));
        let serving = Arc::clone(&up);
        tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                relay(Box::new(inbound), &target, &serving);
            }
        });
        Self {
            address: format!("unix:{}", path.display()),
            up,
            _dir: Some(Arc::new(dir)),
        }
    }

    /// Cuts (`false`) or restores (`true`) the way to clamd.
    pub fn set_up(&self, up: bool) {
        self.up.store(up, Ordering::SeqCst);
    }
}

/// Carries one connection to `target` while `serving` holds.
fn relay(mut inbound: Box<dyn Stream>, target: &str, serving: &Arc<AtomicBool>) {
    if !serving.load(Ordering::SeqCst) {
        // Cut: the connection closes before any answer.
        return;
    }
    let target = target.to_owned();
    let serving = Arc::clone(serving);
    tokio::spawn(async move {
        let outbound: std::io::Result<Box<dyn Stream>> = match target.strip_prefix("unix:") {
            Some(path) => tokio::net::UnixStream::connect(path)
                .await
                .map(|s| Box::new(s) as Box<dyn Stream>),
            None if target.starts_with('/') => tokio::net::UnixStream::connect(&target)
                .await
                .map(|s| Box::new(s) as Box<dyn Stream>),
            None => tokio::net::TcpStream::connect(&target)
                .await
                .map(|s| Box::new(s) as Box<dyn Stream>),
        };
        let Ok(mut outbound) = outbound else {
            return;
        };
        let cut = async {
            while serving.load(Ordering::SeqCst) {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        };
        tokio::select! {
            _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
            () = cut => {}
        }
    });
}

async fn scan_at(
    address: &str,
    content: impl AsyncRead + Send + 'static,
) -> Result<Verdict, ScanError> {
    Clamd::parse(address).unwrap().scan(Box::pin(content)).await
}

async fn scan(content: impl AsyncRead + Send + 'static) -> Result<Verdict, ScanError> {
    scanner().scan(Box::pin(content)).await
}

fn found() -> Result<Verdict, ScanError> {
    Ok(Verdict::Infected(TEST_SIGNATURE_NAME.to_owned()))
}

const MB: u64 = 1 << 20;

#[tokio::test]
async fn clean_text_and_a_clean_pdf_are_clean() {
    scanner().ping().await.unwrap();
    let text = "Blood pressure 120/80, pulse 64. Next visit in March.\n";
    assert_eq!(scan(Cursor::new(text)).await, Ok(Verdict::Clean));
    assert_eq!(
        scan(Cursor::new(pdf_showing(text.trim()))).await,
        Ok(Verdict::Clean)
    );
    assert_eq!(scan(tokio::io::empty()).await, Ok(Verdict::Clean));
}

#[tokio::test]
async fn the_test_signature_is_found_in_text_and_in_a_pdf() {
    let text = format!("A letter.\nIt holds {TEST_SIGNATURE_TEXT} in its middle.\n");
    assert_eq!(scan(Cursor::new(text)).await, found());
    let pdf = pdf_showing(&format!("Results: {TEST_SIGNATURE_TEXT}"));
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(scan(Cursor::new(pdf)).await, found());
}

#[tokio::test]
async fn a_large_stream_is_scanned_to_its_end() {
    // 25 MB, made as it is read.
    let large = || tokio::io::repeat(b'a').take(25 * MB);
    assert_eq!(scan(large()).await, Ok(Verdict::Clean));
    let tail = Cursor::new(format!(" {TEST_SIGNATURE_TEXT}\n"));
    assert_eq!(scan(large().chain(tail)).await, found());
}

#[tokio::test]
async fn a_unix_socket_is_served_like_tcp() {
    let switch = Switch::unix().await;
    assert!(switch.address.starts_with("unix:/"));
    let clamd = Clamd::parse(&switch.address).unwrap();
    clamd.ping().await.unwrap();
    assert_eq!(
        scan_at(&switch.address, Cursor::new(TEST_SIGNATURE_TEXT)).await,
        found()
    );
    switch.set_up(false);
    assert!(matches!(clamd.ping().await, Err(ScanError::Unreachable(_))));
}

#[tokio::test]
async fn a_cut_scanner_is_unreachable_until_restored() {
    let switch = Switch::new().await;
    let clamd = Clamd::parse(&switch.address).unwrap();
    switch.set_up(false);
    assert!(matches!(clamd.ping().await, Err(ScanError::Unreachable(_))));
    let verdict = scan_at(&switch.address, Cursor::new("clean")).await;
    assert!(
        matches!(verdict, Err(ScanError::Unreachable(_))),
        "{verdict:?}"
    );
    switch.set_up(true);
    assert_eq!(
        scan_at(&switch.address, Cursor::new("clean")).await,
        Ok(Verdict::Clean)
    );

    // Cut while the content is on its way.
    let content = CutAfter {
        switch: switch.clone(),
        cut_at: MB,
        left: 50 * MB,
    };
    let verdict = scan_at(&switch.address, content).await;
    assert!(
        matches!(verdict, Err(ScanError::Unreachable(_))),
        "{verdict:?}"
    );

    // Nothing listens.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let verdict = scan_at(&closed.to_string(), Cursor::new("clean")).await;
    assert!(
        matches!(verdict, Err(ScanError::Unreachable(_))),
        "{verdict:?}"
    );
    let verdict = scan_at("unix:/nonexistent/clamd.sock", Cursor::new("clean")).await;
    assert!(
        matches!(verdict, Err(ScanError::Unreachable(_))),
        "{verdict:?}"
    );
}

/// `left` bytes of `a`, cutting `switch` once `cut_at` of them are read.
struct CutAfter {
    switch: Switch,
    cut_at: u64,
    left: u64,
}

impl AsyncRead for CutAfter {
    fn poll_read(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        let n = buf.remaining().min(usize::try_from(this.left).unwrap());
        buf.put_slice(&vec![b'a'; n]);
        this.left -= n as u64;
        this.cut_at = this.cut_at.saturating_sub(n as u64);
        if this.cut_at == 0 {
            this.switch.set_up(false);
        }
        Poll::Ready(Ok(()))
    }
}

/// A fake daemon: reads `before` bytes of the first connection, answers
/// `words` and closes it, unread bytes and all (as clamd does at a limit).
async fn fake(words: &'static [u8], before: usize) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut read = vec![0; before];
        let _ = socket.read_exact(&mut read).await;
        let _ = socket.write_all(words).await;
    });
    address
}

#[tokio::test]
async fn answers_before_the_end_and_odd_answers_are_errors() {
    // A limit, answered while the content is still on its way.
    let at = fake(b"INSTREAM size limit exceeded. ERROR\0", 200_000).await;
    let verdict = scan_at(&at, tokio::io::repeat(b'a').take(10 * MB)).await;
    assert_eq!(
        verdict,
        Err(ScanError::Failed(
            "INSTREAM size limit exceeded.".to_owned()
        ))
    );
    // The real one, past its 64 MiB.
    let verdict = scan(tokio::io::repeat(b'a').take(65 * MB)).await;
    assert!(matches!(verdict, Err(ScanError::Failed(_))), "{verdict:?}");

    let at = fake(b"stream: Eicar-Signature FOUND\0", 10 + 4 + 5 + 4).await;
    let verdict = scan_at(&at, Cursor::new("hello")).await;
    assert_eq!(verdict, Ok(Verdict::Infected("Eicar-Signature".to_owned())));
    let at = fake(b"who knows\0", 10).await;
    let verdict = scan_at(&at, Cursor::new("hello")).await;
    assert!(matches!(verdict, Err(ScanError::Failed(_))), "{verdict:?}");
    let at = fake(b"", 10).await;
    let verdict = scan_at(&at, Cursor::new("hello")).await;
    assert!(
        matches!(verdict, Err(ScanError::Unreachable(_))),
        "{verdict:?}"
    );
}

#[test]
fn addresses_are_a_socket_path_or_host_and_port() {
    for good in [
        "/run/x.sock",
        "unix:/run/x.sock",
        "127.0.0.1:3310",
        "clamav:3310",
        "[::1]:3310",
    ] {
        assert!(Clamd::parse(good).is_ok(), "{good}");
    }
    assert_eq!(
        Clamd::parse("unix:/run/x.sock"),
        Clamd::parse("/run/x.sock")
    );
    assert_eq!(
        Clamd::parse("/run/x.sock").unwrap().to_string(),
        "unix:/run/x.sock"
    );
    assert_eq!(
        Clamd::parse("127.0.0.1:3310").unwrap().to_string(),
        "127.0.0.1:3310"
    );
    for bad in [
        "",
        "unix:",
        "garbage",
        "clamav",
        "clamav:",
        ":3310",
        "clamav:port",
        "clamav:0",
        "clamav:70000",
        "http://clamav:3310",
        "::1:3310",
        "two words:3310",
    ] {
        assert!(Clamd::parse(bad).is_err(), "{bad}");
    }
}
