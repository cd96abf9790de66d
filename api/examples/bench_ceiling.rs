//! The machine's own ceiling for the SQLite driver's kind of writes: single-
//! row and eight-row transactions committed one after another from one
//! thread, WAL, `synchronous=NORMAL` and `FULL`, on a row shaped like an item
//! (two keys, two index keys, a version and 600 bytes of JSON). Compare
//! bookings/s with the eight-row figure (a booking writes about eight items).
//!
//!     cargo run --release -p medtrack-api --example bench_ceiling [-- --seconds 5]

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/mod.rs"]
mod support;

use std::time::Instant;

use rusqlite::Connection;
use support::argument;

fn main() {
    let seconds = argument("--seconds", 5);
    for synchronous in ["NORMAL", "FULL"] {
        for rows in [1, 8] {
            let dir = tempfile::tempdir().unwrap();
            let conn = Connection::open(dir.path().join("ceiling.sqlite3")).unwrap();
            conn.execute_batch(&format!(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous};
                 CREATE TABLE items (pk TEXT NOT NULL, sk TEXT NOT NULL, g1pk TEXT, g1sk TEXT,
                   v INTEGER NOT NULL, d TEXT NOT NULL, PRIMARY KEY (pk, sk)) WITHOUT ROWID;
                 CREATE INDEX items_gsi1 ON items (g1pk, g1sk, pk, sk) WHERE g1pk IS NOT NULL;"
            ))
            .unwrap();
            let data = format!("{{\"note\":\"{}\"}}", "x".repeat(600));
            let started = Instant::now();
            let mut commits = 0u64;
            while started.elapsed().as_secs() < seconds {
                let tx = conn.unchecked_transaction().unwrap();
                for row in 0..rows {
                    let key = format!("{commits:012}-{row}");
                    tx.prepare_cached(
                        "INSERT INTO items (pk, sk, g1pk, g1sk, v, d) VALUES (?1, ?2, ?3, ?4, 1, ?5)",
                    )
                    .unwrap()
                    .execute([&key, &key, &key, &key, &data])
                    .unwrap();
                }
                tx.commit().unwrap();
                commits += 1;
            }
            let per_second = commits as f64 / started.elapsed().as_secs_f64();
            println!(
                "synchronous={synchronous}: {per_second:.0} transactions/s of {rows} row(s) ({:.0} rows/s)",
                per_second * rows as f64
            );
        }
    }
}
