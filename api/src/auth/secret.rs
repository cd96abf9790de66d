//! The access-token signing secret. Production needs one from the
//! environment; development makes one and keeps it in the data directory, so a
//! laptop install keeps its sessions across restarts.

use std::path::Path;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;

/// Secrets starting with this are examples (docker-compose, docs) and are
/// refused in production.
pub const DEVELOPMENT_MARKER: &str = "development-only";
/// The shortest secret accepted in production.
pub const MIN_SECRET_BYTES: usize = 32;

/// Why no secret could be had.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// Production mode without a proper secret.
    #[error("production needs MEDTRACK_JWT_SECRET: at least {MIN_SECRET_BYTES} bytes, not a development example")]
    Unsuitable,
    /// The development secret file could not be read or written.
    #[error("development secret file: {0}")]
    Io(#[from] std::io::Error),
}

/// The production secret, checked.
pub fn production(configured: Option<&str>) -> Result<Vec<u8>, SecretError> {
    match configured {
        Some(secret)
            if secret.len() >= MIN_SECRET_BYTES && !secret.starts_with(DEVELOPMENT_MARKER) =>
        {
            Ok(secret.as_bytes().to_vec())
        }
        _ => Err(SecretError::Unsuitable),
    }
}

/// The development secret: the configured one, else the one kept in
/// `dir/jwt-secret` (made on first use), else (no directory) a fresh one.
pub fn development(configured: Option<&str>, dir: Option<&Path>) -> Result<Vec<u8>, SecretError> {
    if let Some(secret) = configured {
        return Ok(secret.as_bytes().to_vec());
    }
    let Some(dir) = dir else {
        tracing::warn!("no MEDTRACK_JWT_SECRET: sessions end when this process stops");
        return Ok(random());
    };
    let path = dir.join("jwt-secret");
    match std::fs::read(&path) {
        Ok(secret) if secret.len() >= MIN_SECRET_BYTES => Ok(secret),
        _ => {
            let secret = random();
            std::fs::create_dir_all(dir)?;
            write_private(&path, &secret)?;
            Ok(secret)
        }
    }
}

fn random() -> Vec<u8> {
    let mut bytes = [0u8; 48];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes).into_bytes()
}

#[cfg(unix)]
fn write_private(path: &Path, secret: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?
        .write_all(secret)
}

#[cfg(not(unix))]
fn write_private(path: &Path, secret: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_refuses_missing_short_and_example_secrets() {
        assert!(production(None).is_err());
        assert!(production(Some("short")).is_err());
        assert!(production(Some("development-only-secret-0123456789abcdef")).is_err());
        assert!(production(Some("3f9c1d0b7e2a45c8b6d1e0f9a8c7b6d5e4f3a2b1")).is_ok());
    }

    #[test]
    fn development_keeps_its_secret_in_the_data_dir() {
        let dir = tempfile::tempdir().unwrap();
        let first = development(None, Some(dir.path())).unwrap();
        assert!(first.len() >= MIN_SECRET_BYTES);
        assert_eq!(development(None, Some(dir.path())).unwrap(), first);
        assert_eq!(
            development(Some("given"), Some(dir.path())).unwrap(),
            b"given"
        );
    }
}
