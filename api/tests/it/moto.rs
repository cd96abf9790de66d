//! moto_server, the AWS emulator, for the SNS tests: started once per test
//! process on a free port from the virtual environment `scripts/setup test`
//! fills, stopped when the process ends. `MEDTRACK_TEST_MOTO_ENDPOINT` points
//! the tests at one started elsewhere. A missing moto fails the tests that
//! need it: they never skip. Tests share it, each with a topic of its own.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use medtrack::domain::ports::Messages;
use medtrack::ports::SnsGateway;
use serde_json::{json, Value};

use crate::emulator;

/// The endpoint of the shared moto_server, starting it on first use.
pub fn endpoint() -> String {
    static ENDPOINT: OnceLock<Result<String, String>> = OnceLock::new();
    emulator::endpoint(
        &ENDPOINT,
        "MEDTRACK_TEST_MOTO_ENDPOINT",
        "moto_server",
        start,
    )
}

fn venv() -> PathBuf {
    if let Ok(dir) = std::env::var("MEDTRACK_VENV") {
        return dir.into();
    }
    let cache = std::env::var("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cache")
        });
    cache.join("medtrack/venv")
}

fn start() -> Result<String, String> {
    let server = venv().join("bin/moto_server");
    if !server.is_file() {
        return Err(format!(
            "{} is missing: run `scripts/setup test`",
            server.display()
        ));
    }
    emulator::launch("moto_server", Path::new("."), |port| {
        format!("'{}' -H 127.0.0.1 -p {port}", server.display())
    })
}

pub use emulator::sdk;

/// A topic of the test's own on the shared moto, and an SNS client.
pub struct Topic {
    pub arn: String,
    pub client: aws_sdk_sns::Client,
}

impl Topic {
    pub async fn new() -> Self {
        let client = aws_sdk_sns::Client::new(&sdk(&endpoint()).await);
        let name = format!("medtrack-{}", uuid::Uuid::now_v7().simple());
        let arn = client
            .create_topic()
            .name(name)
            .send()
            .await
            .expect("create topic")
            .topic_arn()
            .expect("topic arn")
            .to_owned();
        Self { arn, client }
    }

    /// A messenger publishing to this topic through `endpoint` (moto, or a proxy to it).
    pub async fn gateway(&self, endpoint: &str) -> Messages {
        std::sync::Arc::new(SnsGateway::with_sdk_config(&sdk(endpoint).await, &self.arn))
    }

    /// What the topic received: (message, subject, attributes by name).
    pub async fn published(&self) -> Vec<Published> {
        state().await["sns"]["Topic"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["arn"] == self.arn.as_str())
            .flat_map(|t| t["sent_notifications"].as_array().unwrap().clone())
            .map(|n| Published {
                message: n[1].as_str().unwrap_or_default().to_owned(),
                subject: n[2].as_str().unwrap_or_default().to_owned(),
                attributes: n[3].clone(),
            })
            .collect()
    }

    /// The filter policy of each email subscription of the topic, by address.
    /// (Asked through the API: moto's state dump still lists removed ones.)
    pub async fn email_policies(&self) -> Vec<(String, Value)> {
        let listed = self
            .client
            .list_subscriptions_by_topic()
            .topic_arn(&self.arn)
            .send()
            .await
            .expect("list subscriptions");
        let mut policies = vec![];
        for subscription in listed.subscriptions() {
            if subscription.protocol() != Some("email") {
                continue;
            }
            let attributes = self
                .client
                .get_subscription_attributes()
                .subscription_arn(subscription.subscription_arn().unwrap())
                .send()
                .await
                .expect("subscription attributes");
            let policy = attributes
                .attributes()
                .and_then(|a| a.get("FilterPolicy"))
                .map_or(Value::Null, |p| serde_json::from_str(p).unwrap());
            policies.push((subscription.endpoint().unwrap().to_owned(), policy));
        }
        policies.sort_by(|a, b| a.0.cmp(&b.0));
        policies
    }

    /// A queue subscribed to the topic with `policy`: a mailbox that receives
    /// exactly what an email subscription with that policy would (moto does
    /// not deliver email, but routes to queues by the same filter).
    pub async fn mailbox(&self, policy: &Value) -> Mailbox {
        let name = format!("box-{}", uuid::Uuid::now_v7().simple());
        let url = sqs("CreateQueue", json!({ "QueueName": name })).await["QueueUrl"]
            .as_str()
            .unwrap()
            .to_owned();
        let arn = format!("arn:aws:sqs:us-east-1:123456789012:{name}");
        self.client
            .subscribe()
            .topic_arn(&self.arn)
            .protocol("sqs")
            .endpoint(arn)
            .attributes("FilterPolicy", policy.to_string())
            .attributes("RawMessageDelivery", "true")
            .send()
            .await
            .expect("subscribe queue");
        Mailbox { url }
    }
}

/// One publish to the topic.
#[derive(Debug, Clone)]
pub struct Published {
    pub message: String,
    pub subject: String,
    pub attributes: Value,
}

impl Published {
    pub fn attribute(&self, name: &str) -> &str {
        self.attributes[name]["Value"].as_str().unwrap_or_default()
    }
}

/// A queue standing in for an email inbox.
pub struct Mailbox {
    url: String,
}

impl Mailbox {
    /// The routing attribute (`user_id` or `caregiver`) of every message
    /// received so far.
    pub async fn recipients(&self) -> Vec<String> {
        let mut all = vec![];
        loop {
            let answer = sqs(
                "ReceiveMessage",
                json!({ "QueueUrl": self.url, "MaxNumberOfMessages": 10, "MessageAttributeNames": ["All"] }),
            )
            .await;
            let Some(messages) = answer["Messages"].as_array().filter(|m| !m.is_empty()) else {
                return all;
            };
            for message in messages {
                let attributes = &message["MessageAttributes"];
                let route = attributes["user_id"]["StringValue"]
                    .as_str()
                    .or(attributes["caregiver"]["StringValue"].as_str());
                all.push(route.unwrap_or_default().to_owned());
                sqs(
                    "DeleteMessage",
                    json!({ "QueueUrl": self.url, "ReceiptHandle": message["ReceiptHandle"] }),
                )
                .await;
            }
        }
    }
}

/// Calls moto's SQS (JSON protocol); the credential scope routes it.
async fn sqs(action: &str, body: Value) -> Value {
    reqwest::Client::new()
        .post(endpoint())
        .header(
            "Authorization",
            "AWS4-HMAC-SHA256 Credential=medtracktest/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0",
        )
        .header("X-Amz-Target", format!("AmazonSQS.{action}"))
        .header("Content-Type", "application/x-amz-json-1.0")
        .body(body.to_string())
        .send()
        .await
        .expect("sqs request")
        .json()
        .await
        .unwrap_or(Value::Null)
}

/// Everything moto holds (its internal format: moto's version is pinned).
pub async fn state() -> Value {
    reqwest::get(format!("{}/moto-api/data.json", endpoint()))
        .await
        .expect("moto state")
        .json()
        .await
        .expect("moto state json")
}

/// The text messages sent to `number`.
pub async fn texts_to(number: &str) -> Vec<String> {
    state().await["sns"]["SMS"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["phone_number"] == number)
        .map(|m| m["message"].as_str().unwrap().to_owned())
        .collect()
}

/// A phone number no other test uses; `suffix` ends it (moto treats numbers
/// ending in 99 as opted out).
pub fn fresh_number(suffix: &str) -> String {
    let digits = uuid::Uuid::now_v7().as_u128() % 1_000_000;
    format!("+1415{digits:06}{suffix}")
}

/// A TCP proxy to moto that can be cut off: SNS unreachable, then restored.
#[derive(Clone)]
pub struct Switch {
    pub endpoint: String,
    up: Arc<AtomicBool>,
}

impl Switch {
    pub async fn new() -> Self {
        let target = endpoint().trim_start_matches("http://").to_owned();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let up = Arc::new(AtomicBool::new(true));
        let serving = Arc::clone(&up);
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !serving.load(Ordering::SeqCst) {
                    // Cut: the connection closes before any answer.
                    drop(inbound);
                    continue;
                }
                let target = target.clone();
                let serving = Arc::clone(&serving);
                tokio::spawn(async move {
                    let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await else {
                        return;
                    };
                    // Pooled connections are cut too, not only new ones.
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
        });
        Self { endpoint, up }
    }

    pub fn set_up(&self, up: bool) {
        self.up.store(up, Ordering::SeqCst);
    }
}
