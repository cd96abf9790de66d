//! Password hashes: argon2id with OWASP's parameters (the `argon2` crate's
//! defaults: 19 MiB, 2 passes, 1 lane), computed on the blocking pool so that
//! 20 ms of hashing never stalls the async executor.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::RngCore;

/// Why hashing failed (never the caller's fault).
#[derive(Debug, thiserror::Error)]
#[error("password hashing: {0}")]
pub struct HashError(String);

/// The PHC string of `password`'s argon2id hash.
pub async fn hash(password: String) -> Result<String, HashError> {
    tokio::task::spawn_blocking(move || {
        let salt = new_salt()?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| HashError(e.to_string()))
    })
    .await
    .map_err(|e| HashError(e.to_string()))?
}

/// Whether `password` matches `stored`. With no stored hash (unknown email),
/// a dummy hash is checked instead, so both answers take the same time.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, HashError> {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let stored = match stored {
            Some(stored) => stored,
            None => dummy_hash()?,
        };
        let parsed = PasswordHash::new(&stored).map_err(|e| HashError(e.to_string()))?;
        let matches = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(known && matches)
    })
    .await
    .map_err(|e| HashError(e.to_string()))?
}

fn new_salt() -> Result<SaltString, HashError> {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    SaltString::encode_b64(&bytes).map_err(|e| HashError(e.to_string()))
}

fn dummy_hash() -> Result<String, HashError> {
    static DUMMY: OnceLock<Result<String, String>> = OnceLock::new();
    DUMMY
        .get_or_init(|| {
            let salt = new_salt().map_err(|e| e.0)?;
            Argon2::default()
                .hash_password(b"no account has this password", &salt)
                .map(|hash| hash.to_string())
                .map_err(|e| e.to_string())
        })
        .clone()
        .map_err(HashError)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_unknown_accounts_never_match() {
        let stored = hash("correct horse battery staple".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(
            verify("correct horse battery staple".into(), Some(stored.clone()))
                .await
                .unwrap()
        );
        assert!(!verify("wrong horse battery staple".into(), Some(stored))
            .await
            .unwrap());
        assert!(!verify("no account has this password".into(), None)
            .await
            .unwrap());
    }
}
