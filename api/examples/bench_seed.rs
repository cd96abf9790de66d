//! Seeds a store for a load generator run from outside (`scripts/bench-wrk`):
//! an approved doctor with bookable 5-minute slots all day, every day (UTC),
//! and `--patients N` patients `patient{n}@example.org`, all with the
//! benchmarks' password. Prints the doctor's id. The store is the one
//! `medtrack serve` would open with the same settings and environment.
//!
//!     cargo run --release -p medtrack-api --example bench_seed -- --data-dir DIR --patients 64

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[path = "support/mod.rs"]
mod support;

use clap::Parser;
use medtrack::config::StoreSettings;
use medtrack::domain::accounts;
use medtrack::startup::{init_store, open_store};
use medtrack_shared::account::{AccountFields, Registration};

#[derive(Parser)]
struct Seed {
    #[command(flatten)]
    store: StoreSettings,
    /// How many patients to register.
    #[arg(long, default_value_t = 64)]
    patients: u32,
}

#[tokio::main]
async fn main() {
    let seed = Seed::parse();
    let store = open_store(&seed.store).await.unwrap();
    init_store(&store).await.unwrap();
    let ctx = support::context(&store);
    let doctor = support::all_day_doctor(&ctx, 5).await;
    for n in 0..seed.patients {
        let patient = Registration::Patient {
            account: AccountFields {
                name: format!("Patient {n}"),
                email: format!("patient{n}@example.org"),
                password: support::PASSWORD.into(),
                phone: None,
                time_zone: "UTC".into(),
            },
            date_of_birth: jiff::civil::date(1980, 1, 1),
        };
        accounts::register(&ctx, patient).await.unwrap();
    }
    println!("{}", doctor.id);
}
