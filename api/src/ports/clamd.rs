//! A ClamAV daemon (clamd), as the vault's malware scanner: every upload is
//! scanned before anyone may read it. clamd is the scanner the Debian and
//! Docker images ship, and its `zINSTREAM` command takes the file over the
//! socket, so the daemon needs no access to our disk or bucket.
//!
//! The content goes in length-prefixed chunks of 64 KiB as it is read, so a
//! file is never held whole. Every step has a timeout: a daemon that stops
//! answering is an unreachable scanner, not a stuck upload. Errors name a
//! kind of failure or clamd's own words, never the content.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use async_trait::async_trait;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpStream, UnixStream};
use tokio::time::timeout;

use crate::domain::ports::{ObjectReader, ScanError, Scanner, Verdict};

/// How long connecting may take.
const CONNECT: Duration = Duration::from_secs(5);
/// How long one write, one read of the content, or the answer may take.
const IO: Duration = Duration::from_secs(60);
/// How long to wait for clamd's words once it has stopped taking the stream
/// (it answers a limit, then closes).
const LAST_WORDS: Duration = Duration::from_secs(1);
/// The size of one chunk of the stream.
const CHUNK: usize = 64 * 1024;
/// The longest answer read (clamd's are a line).
const ANSWER_MAX: u64 = 4096;

/// Where the daemon listens.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Address {
    Unix(PathBuf),
    Tcp(String),
}

/// A ClamAV daemon, reached on a Unix socket or over TCP; one connection
/// per scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clamd {
    address: Address,
}

impl Clamd {
    /// Reads an address: a Unix socket (`/run/clamav/clamd.ctl`, or with
    /// `unix:` before it) or `host:port` (`127.0.0.1:3310`, `clamav:3310`,
    /// `[::1]:3310`).
    pub fn parse(address: &str) -> Result<Self, String> {
        let address = address.trim();
        let path = address.strip_prefix("unix:");
        if let Some(path) = path.or(address.starts_with('/').then_some(address)) {
            if path.is_empty() {
                return Err("the socket path is empty".to_owned());
            }
            return Ok(Self {
                address: Address::Unix(PathBuf::from(path)),
            });
        }
        let Some((host, port)) = address.rsplit_once(':') else {
            return Err("expected a socket path or host:port".to_owned());
        };
        let host_ok = !host.is_empty()
            && !host.contains(['/', '@', '?', '#'])
            && !host.chars().any(char::is_whitespace)
            && (host.starts_with('[') || !host.contains(':'));
        if !host_ok {
            return Err("expected a socket path or host:port".to_owned());
        }
        match port.parse::<u16>() {
            Ok(port) if port > 0 => Ok(Self {
                address: Address::Tcp(address.to_owned()),
            }),
            _ => Err("the port is not a number from 1 to 65535".to_owned()),
        }
    }

    /// Asks the daemon whether it is there (`PING`, answered `PONG`).
    pub async fn ping(&self) -> Result<(), ScanError> {
        let connection = self.connect().await?;
        let (reader, mut writer) = tokio::io::split(connection);
        write(&mut writer, b"zPING\0").await?;
        let answer = in_time(read_answer(reader)).await?;
        if answer == "PONG" {
            Ok(())
        } else {
            Err(ScanError::Failed("unexpected answer to PING".to_owned()))
        }
    }

    async fn connect(&self) -> Result<Box<dyn Connection>, ScanError> {
        let connecting = async {
            let connection: Box<dyn Connection> = match &self.address {
                Address::Unix(path) => Box::new(UnixStream::connect(path).await?),
                Address::Tcp(address) => {
                    let stream = TcpStream::connect(address.as_str()).await?;
                    // Each chunk is one write: nothing to gain from Nagle.
                    stream.set_nodelay(true)?;
                    Box::new(stream)
                }
            };
            Ok(connection)
        };
        within(CONNECT, "connect", connecting).await
    }
}

impl fmt::Display for Clamd {
    /// The address, as `parse` reads it (for logs).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.address {
            Address::Unix(path) => write!(f, "unix:{}", path.display()),
            Address::Tcp(address) => f.write_str(address),
        }
    }
}

#[async_trait]
impl Scanner for Clamd {
    async fn scan(&self, mut content: ObjectReader) -> Result<Verdict, ScanError> {
        let connection = self.connect().await?;
        let (reader, mut writer) = tokio::io::split(connection);
        // clamd may answer before the stream ends (a size limit) and close:
        // the answer is read while the content is sent.
        let answer = read_answer(reader);
        tokio::pin!(answer);
        let answer = tokio::select! {
            biased;
            early = &mut answer => early?,
            sent = send(&mut content, &mut writer) => match sent {
                Ok(()) => in_time(answer).await?,
                Err(Halt::Content(error)) => return Err(error),
                // Its words, if it said why it stopped taking the stream.
                Err(Halt::Scanner(error)) => match timeout(LAST_WORDS, answer).await {
                    Ok(Ok(words)) => words,
                    _ => return Err(error),
                },
            },
        };
        verdict(&answer)
    }
}

/// A socket to the daemon, of either kind.
trait Connection: AsyncRead + AsyncWrite + Send + Unpin {}

impl<T: AsyncRead + AsyncWrite + Send + Unpin> Connection for T {}

/// Why sending stopped.
enum Halt {
    /// Reading the content failed: no fault of the scanner.
    Content(ScanError),
    /// Writing to the scanner failed.
    Scanner(ScanError),
}

/// Sends `zINSTREAM` and the content: each chunk after its length (4 bytes,
/// big-endian), then a chunk of length zero.
async fn send(
    content: &mut ObjectReader,
    writer: &mut (impl AsyncWrite + Unpin),
) -> Result<(), Halt> {
    write(writer, b"zINSTREAM\0").await.map_err(Halt::Scanner)?;
    let mut frame = Vec::with_capacity(4 + CHUNK);
    loop {
        frame.clear();
        frame.extend_from_slice(&[0; 4]);
        let mut chunk = (&mut *content).take(CHUNK as u64);
        let reading = chunk.read_to_end(&mut frame);
        // A store that stalls or fails may do better later: not a verdict.
        let read = match timeout(IO, reading).await {
            Ok(Ok(read)) => read,
            Ok(Err(error)) => {
                return Err(Halt::Content(ScanError::Unreachable(format!(
                    "reading the content: {}",
                    error.kind()
                ))))
            }
            Err(_) => {
                return Err(Halt::Content(ScanError::Unreachable(
                    "reading the content: timed out".to_owned(),
                )))
            }
        };
        let length = u32::try_from(read).unwrap_or(u32::MAX);
        if let Some(head) = frame.get_mut(..4) {
            head.copy_from_slice(&length.to_be_bytes());
        }
        write(writer, &frame).await.map_err(Halt::Scanner)?;
        if read == 0 {
            return Ok(());
        }
    }
}

/// Writes all of `bytes`.
async fn write(writer: &mut (impl AsyncWrite + Unpin), bytes: &[u8]) -> Result<(), ScanError> {
    within(IO, "write", async {
        writer.write_all(bytes).await?;
        writer.flush().await
    })
    .await
}

/// Reads the answer up to its NUL (or the end of the connection).
async fn read_answer(reader: impl AsyncRead + Unpin) -> Result<String, ScanError> {
    let mut answer = Vec::new();
    BufReader::new(reader.take(ANSWER_MAX))
        .read_until(0, &mut answer)
        .await
        .map_err(|error| ScanError::Unreachable(format!("answer: {}", error.kind())))?;
    match answer.pop() {
        Some(0) => Ok(String::from_utf8_lossy(&answer).trim().to_owned()),
        None => Err(ScanError::Unreachable(
            "closed without an answer".to_owned(),
        )),
        Some(_) if answer.len() + 1 >= ANSWER_MAX as usize => {
            Err(ScanError::Failed("answer too long".to_owned()))
        }
        Some(_) => Err(ScanError::Unreachable("closed mid-answer".to_owned())),
    }
}

/// The answer, if it comes within `IO`.
async fn in_time(
    answer: impl std::future::Future<Output = Result<String, ScanError>>,
) -> Result<String, ScanError> {
    timeout(IO, answer)
        .await
        .unwrap_or_else(|_| Err(ScanError::Unreachable("answer: timed out".to_owned())))
}

/// Reads clamd's answer to `INSTREAM`: `stream: OK`, `stream: <name> FOUND`,
/// or words ending in `ERROR` (e.g. `INSTREAM size limit exceeded. ERROR`).
fn verdict(answer: &str) -> Result<Verdict, ScanError> {
    if let Some(error) = answer.strip_suffix("ERROR") {
        let words = error.trim().trim_start_matches("stream:").trim();
        let words: String = words.chars().take(200).collect();
        return Err(ScanError::Failed(if words.is_empty() {
            "error".to_owned()
        } else {
            words
        }));
    }
    let result = answer.strip_prefix("stream:").map(str::trim);
    match result {
        Some("OK") => Ok(Verdict::Clean),
        Some(found) => match found.strip_suffix("FOUND").map(str::trim) {
            Some(name) if !name.is_empty() => Ok(Verdict::Infected(name.to_owned())),
            _ => Err(ScanError::Failed("unexpected answer".to_owned())),
        },
        None => Err(ScanError::Failed("unexpected answer".to_owned())),
    }
}

/// Runs an IO step under `limit`; failures and timeouts make the scanner
/// unreachable, named by `step` and the error's kind.
async fn within<T>(
    limit: Duration,
    step: &str,
    io: impl std::future::Future<Output = std::io::Result<T>>,
) -> Result<T, ScanError> {
    match timeout(limit, io).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(ScanError::Unreachable(format!("{step}: {}", error.kind()))),
        Err(_) => Err(ScanError::Unreachable(format!("{step}: timed out"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_as_clamd_words_them() {
        assert_eq!(verdict("stream: OK"), Ok(Verdict::Clean));
        assert_eq!(
            verdict("stream: Win.Test.EICAR_HDB-1 FOUND"),
            Ok(Verdict::Infected("Win.Test.EICAR_HDB-1".to_owned()))
        );
        assert_eq!(
            verdict("INSTREAM size limit exceeded. ERROR"),
            Err(ScanError::Failed(
                "INSTREAM size limit exceeded.".to_owned()
            ))
        );
        assert_eq!(
            verdict("stream: Can't allocate memory ERROR"),
            Err(ScanError::Failed("Can't allocate memory".to_owned()))
        );
        for odd in ["", "PONG", "stream:", "stream: FOUND", "stream: maybe"] {
            assert!(matches!(verdict(odd), Err(ScanError::Failed(_))), "{odd}");
        }
    }
}
