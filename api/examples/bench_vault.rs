//! Benchmark of the document vault on disk: upload and download throughput
//! (MB/s) of 1 MB and 20 MB files with 8 concurrent clients, and the
//! process's resident memory idle, at its peak during one 25 MB upload, and
//! at its peak during the runs. The clients stream their bodies and count
//! what they download without keeping it, so the memory is the server's.
//!
//!     cargo run --release -p medtrack-api --example bench_vault [-- --clients 8 --files 32 --store sqlite|dynamodb]
//!
//! `--files` is the number of 1 MB files per run; 20 MB runs send a quarter
//! as many (at least one per client).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[path = "support/mod.rs"]
mod support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use medtrack_shared::vault::{Document, DownloadLink};
use support::{argument, register_patient, PASSWORD};

const MB: u64 = 1024 * 1024;
const CHUNK: usize = 64 * 1024;

/// The process's resident memory in MB (Linux).
fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

/// Samples the resident memory every 20 ms; the peak so far, in kB.
fn sample_peak() -> Arc<AtomicU64> {
    let peak = Arc::new(AtomicU64::new(0));
    let writer = Arc::clone(&peak);
    tokio::spawn(async move {
        loop {
            let now = (rss_mb() * 1024.0) as u64;
            writer.fetch_max(now, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    peak
}

/// A PDF-headed body of `size` bytes, different for each `n`, as a stream.
fn body(n: u64, size: u64) -> reqwest::Body {
    let chunks = size.div_ceil(CHUNK as u64);
    let stream = futures::stream::iter(0..chunks).map(move |i| {
        let mut chunk = vec![b' '; CHUNK.min((size - i * CHUNK as u64) as usize)];
        if i == 0 {
            let head = format!("%PDF-1.4\n% file {n}\n");
            chunk[..head.len()].copy_from_slice(head.as_bytes());
        }
        Ok::<_, std::io::Error>(chunk)
    });
    reqwest::Body::wrap_stream(stream)
}

struct Run {
    base: String,
    patient: String,
    token: String,
    client: reqwest::Client,
}

impl Run {
    async fn upload(&self, n: u64, size: u64) -> Document {
        let url = format!(
            "{}/api/v1/patients/{}/documents?title=Scan%20{n}&category=imaging&about=2026-11-01",
            self.base, self.patient
        );
        let answer = self
            .client
            .post(url)
            .bearer_auth(&self.token)
            .header("Content-Length", size)
            .body(body(n, size))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 201);
        answer.json().await.unwrap()
    }

    async fn download(&self, document: &Document) -> u64 {
        let url = format!(
            "{}/api/v1/patients/{}/documents/{}/download",
            self.base, self.patient, document.id
        );
        let link: DownloadLink = self
            .client
            .post(url)
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let mut stream = self
            .client
            .get(&link.url)
            .send()
            .await
            .unwrap()
            .bytes_stream();
        let mut read = 0;
        while let Some(chunk) = stream.next().await {
            read += chunk.unwrap().len() as u64;
        }
        read
    }
}

/// Uploads then downloads `files` files of `size` with `clients` clients;
/// prints MB/s of each.
async fn measure(run: &Arc<Run>, clients: u64, files: u64, size: u64, first: u64) {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let run = Arc::clone(run);
        tasks.push(tokio::spawn(async move {
            let mut made = Vec::new();
            for n in (c..files).step_by(clients as usize) {
                made.push(run.upload(first + n, size).await);
            }
            made
        }));
    }
    let mut documents = Vec::new();
    for task in tasks {
        documents.push(task.await.unwrap());
    }
    let up = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for mine in documents {
        let run = Arc::clone(run);
        tasks.push(tokio::spawn(async move {
            let mut read = 0;
            for document in &mine {
                read += run.download(document).await;
            }
            read
        }));
    }
    let mut read = 0;
    for task in tasks {
        read += task.await.unwrap();
    }
    let down = started.elapsed().as_secs_f64();
    let total = (files * size) as f64 / MB as f64;
    assert_eq!(read, files * size, "every byte came back");
    println!(
        "{:>3} MB files x {files:<3} {clients} clients: upload {:>7.1} MB/s   download {:>7.1} MB/s",
        size / MB,
        total / up,
        total / down
    );
}

#[tokio::main]
async fn main() {
    let clients = argument("--clients", 8);
    let files = argument("--files", 32);
    let (base, _store, _dir) = support::start_server_from_args().await;
    let client = reqwest::Client::new();
    let me = register_patient(&client, &base, "vault@example.org", "Vera Vault", PASSWORD).await;
    let tokens: medtrack_shared::account::SessionTokens = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"email": "vault@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let run = Arc::new(Run {
        base,
        patient: me.id.to_string(),
        token: tokens.access_token,
        client,
    });
    // Warm up the connections and the allocator, then settle.
    run.upload(0, MB).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle = rss_mb();
    let peak = sample_peak();
    run.upload(1, 25 * MB).await;
    let during = peak.load(Ordering::Relaxed) as f64 / 1024.0;
    println!("resident memory: idle {idle:.0} MB, peak during one 25 MB upload {during:.0} MB");
    measure(&run, clients, files, MB, 100).await;
    measure(&run, clients, (files / 4).max(clients), 20 * MB, 1000).await;
    let top = peak.load(Ordering::Relaxed) as f64 / 1024.0;
    println!("resident memory: peak over the runs {top:.0} MB");
}
