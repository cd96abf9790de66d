//! The `medtrack` command as an operator runs it: `store init` (twice) and
//! `serve`, configured by `MEDTRACK_*` variables, on DynamoDB Local and on SQLite.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use medtrack_shared::{Page, Specialization};

use crate::dynamodb_local;

/// Serving on free ports.
const SERVE: [&str; 5] = [
    "serve",
    "--bind",
    "127.0.0.1:0",
    "--metrics-bind",
    "127.0.0.1:0",
];

pub const BIN: &str = env!("CARGO_BIN_EXE_medtrack");

fn dynamodb_env<'c>(command: &'c mut Command, table: &str) -> &'c mut Command {
    command
        .env("MEDTRACK_STORE", "dynamodb")
        .env("MEDTRACK_DYNAMODB_ENDPOINT", dynamodb_local::endpoint())
        .env("MEDTRACK_DYNAMODB_TABLE", table)
        .env("MEDTRACK_AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "medtracktest")
        .env("AWS_SECRET_ACCESS_KEY", "medtracktest")
}

/// A running `medtrack serve`, killed when dropped.
pub struct Server {
    child: Child,
    pub url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn serve(mut command: Command) -> Server {
    let mut child = command
        .args(SERVE)
        .env("MEDTRACK_LOG_FORMAT", "text")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("medtrack serve starts");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let url = loop {
        let line = lines
            .next()
            .expect("medtrack serve printed its address")
            .expect("log line");
        if let Some(at) = line.find("listening on http://") {
            break line[at + "listening on ".len()..].trim().to_owned();
        }
    };
    // Keep draining the logs so the server never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    Server { child, url }
}

async fn specializations(server: &Server) -> Page<Specialization> {
    let ready = reqwest::get(format!("{}/readyz", server.url))
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
    reqwest::get(format!("{}/api/v1/specializations?limit=100", server.url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// `medtrack store init` on a DynamoDB Local table.
fn init_table(table: &str) {
    let status = dynamodb_env(&mut Command::new(BIN), table)
        .args(["store", "init"])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "store init failed");
}

#[tokio::test]
async fn store_init_then_serve_on_dynamodb() {
    let table = format!("cli{}", uuid::Uuid::now_v7().simple());
    let mut command = Command::new(BIN);
    dynamodb_env(&mut command, &table);
    let before = serve(command);
    let not_ready = reqwest::get(format!("{}/readyz", before.url))
        .await
        .unwrap();
    assert_eq!(
        not_ready.status(),
        503,
        "ready before `store init` made the table"
    );
    drop(before);

    for _ in 0..2 {
        init_table(&table);
    }
    let mut command = Command::new(BIN);
    dynamodb_env(&mut command, &table);
    let server = serve(command);
    let page = specializations(&server).await;
    assert!(page.items.iter().any(|s| s.slug.as_str() == "cardiology"));
    let slugs: std::collections::HashSet<_> = page.items.iter().map(|s| s.slug.clone()).collect();
    assert_eq!(
        slugs.len(),
        page.items.len(),
        "init twice wrote an entry twice"
    );
}

#[tokio::test]
async fn serve_alone_makes_its_sqlite_store() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("nested").join("data");
    let mut command = Command::new(BIN);
    command
        .env("MEDTRACK_DATA_DIR", &data)
        .env("MEDTRACK_WEB_DIR", dir.path());
    let server = serve(command);
    assert!(!specializations(&server).await.items.is_empty());
    assert!(data.join("medtrack.sqlite3").is_file());
}

fn admin_create(data: &std::path::Path, email: &str, password: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .args([
            "admin",
            "create",
            "--email",
            email,
            "--name",
            "Root Admin",
            "--password-stdin",
        ])
        .env("MEDTRACK_DATA_DIR", data)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn the_first_admin_is_created_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let weak = admin_create(dir.path(), "root@example.org", "admin");
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("password"));

    let made = admin_create(dir.path(), "root@example.org", crate::auth::PASSWORD);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let twice = admin_create(dir.path(), "ROOT@example.org", crate::auth::PASSWORD);
    assert!(!twice.status.success(), "an email is taken once");

    let mut command = Command::new(BIN);
    command
        .env("MEDTRACK_DATA_DIR", dir.path())
        .env("MEDTRACK_WEB_DIR", dir.path());
    let server = serve(command);
    let login = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/login", server.url))
        .json(&serde_json::json!({"email": "root@example.org", "password": crate::auth::PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
}

#[test]
fn production_refuses_to_start_without_a_proper_secret() {
    let dir = tempfile::tempdir().unwrap();
    for secret in [
        None,
        Some("too-short"),
        Some("development-only-secret-for-docker-compose-0000"),
    ] {
        let mut command = Command::new(BIN);
        command
            .args(SERVE)
            .env("MEDTRACK_ENV", "production")
            .env("MEDTRACK_DATA_DIR", dir.path())
            .env_remove("MEDTRACK_JWT_SECRET");
        if let Some(secret) = secret {
            command.env("MEDTRACK_JWT_SECRET", secret);
        }
        let output = command.output().unwrap();
        assert!(!output.status.success(), "started with {secret:?}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("MEDTRACK_JWT_SECRET"));
    }
    assert!(
        !dir.path().join("medtrack.sqlite3").exists(),
        "refused before touching the store"
    );
}

/// Two `medtrack serve` processes on one DynamoDB table, as two replicas
/// behind a load balancer: each dose reminder is sent exactly once.
#[tokio::test]
async fn two_servers_on_one_dynamodb_table_send_each_reminder_once() {
    let table = format!("cli{}", uuid::Uuid::now_v7().simple());
    init_table(&table);
    let replica = || {
        let mut command = Command::new(BIN);
        dynamodb_env(&mut command, &table)
            .env("MEDTRACK_JWT_SECRET", crate::helpers::TEST_JWT_SECRET);
        serve(command)
    };
    let (a, b) = (replica(), replica());
    let client = reqwest::Client::new();
    let mut tokens = Vec::new();
    for n in 0..6 {
        // Alternate replicas, as a load balancer would.
        let url = if n % 2 == 0 { &a.url } else { &b.url };
        let email = format!("replica{n}@example.org");
        let registered = client
            .post(format!("{url}/api/v1/auth/register"))
            .json(&serde_json::json!({
                "role": "patient", "name": format!("Patient {n}"), "email": email,
                "password": crate::auth::PASSWORD, "time_zone": "UTC", "date_of_birth": "1980-01-01",
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(registered.status(), 201);
        let signed_in: medtrack_shared::account::SessionTokens = client
            .post(format!("{url}/api/v1/auth/login"))
            .json(&serde_json::json!({"email": email, "password": crate::auth::PASSWORD}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        tokens.push((url.clone(), signed_in.access_token));
    }
    // Doses a few seconds from now, on each patient's UTC clock, to the second.
    let due = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(6);
    let clock = due.to_zoned_datetime(jiff::tz::TimeZone::UTC);
    let time = format!(
        "{:02}:{:02}:{:02}",
        clock.hour(),
        clock.minute(),
        clock.second()
    );
    for (url, token) in &tokens {
        let added = client
            .post(format!("{url}/api/v1/me/medications"))
            .bearer_auth(token)
            .json(&serde_json::json!({
                "name": "Atorvastatin", "schedule": {
                    "times": [time], "frequency": {"kind": "every_day"},
                    "start": clock.date().to_string(), "zone": {"kind": "follow_me"}
                }
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(added.status(), 201);
    }
    let tokens: Vec<String> = tokens.into_iter().map(|(_, token)| token).collect();
    // Both replicas' schedulers and dispatchers race for every reminder.
    tokio::time::sleep(std::time::Duration::from_secs(6)).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    for token in &tokens {
        loop {
            let reminders = dose_reminders(&client, &a.url, token).await;
            if reminders > 0 || std::time::Instant::now() > deadline {
                assert_eq!(reminders, 1, "one reminder, from one replica");
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        }
    }
    // Nothing more arrives later.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    for token in &tokens {
        assert_eq!(dose_reminders(&client, &b.url, token).await, 1);
    }
}

/// How many dose reminders the holder of `token` has, read through the server at `url`.
async fn dose_reminders(client: &reqwest::Client, url: &str, token: &str) -> usize {
    let inbox: Page<medtrack_shared::notification::Notification> = client
        .get(format!("{url}/api/v1/me/notifications"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    inbox
        .items
        .iter()
        .filter(|n| n.event == "medication.dose_due")
        .count()
}
