//! Bearer secrets (refresh tokens, calendar-feed addresses): random, shown
//! once, and stored only as their SHA-256 so that a copy of the store does not
//! hold usable secrets.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A new random secret (256 bits, URL-safe) and the hash it is stored under.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

/// The hex SHA-256 of a secret: its key in the store.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
