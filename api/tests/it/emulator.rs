//! What the emulator modules (DynamoDB Local, moto) share: each is started
//! once per test process on a free port, and a watchdog shell stops it when
//! the process is gone, however it ends. An endpoint in the environment
//! points the tests at one started elsewhere instead. A missing emulator
//! fails the tests that need it: they never skip.

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The endpoint in `cell`: from `variable` if set, else from `start` (once).
pub fn endpoint(
    cell: &OnceLock<Result<String, String>>,
    variable: &str,
    name: &str,
    start: fn() -> Result<String, String>,
) -> String {
    cell.get_or_init(|| std::env::var(variable).or_else(|_| start()))
        .clone()
        .unwrap_or_else(|why| panic!("{name} is needed by this test and could not start: {why}"))
}

/// Runs `command(port)` in `dir` on a free port; its endpoint once it listens.
pub fn launch(name: &str, dir: &Path, command: impl Fn(u16) -> String) -> Result<String, String> {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let script = format!(
        "{} & child=$!; \
         while kill -0 {parent} 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 0.5; done; kill $child 2>/dev/null",
        command(port),
        parent = std::process::id(),
    );
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {name}: {e}"))?;
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(format!("http://127.0.0.1:{port}"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!("nothing listened on port {port} after 60 s"))
}

/// The SDK configuration for an emulator (both take any credentials).
pub async fn sdk(endpoint: &str) -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(aws_sdk_sns::config::Credentials::new(
            "medtracktest",
            "medtracktest",
            None,
            None,
            "tests",
        ))
        .load()
        .await
}
