//! Access tokens: short-lived JWTs (HS256) naming the account, its role and
//! the session they belong to. The session is checked on every request too,
//! so that signing out or deactivation takes effect at once.

use std::time::Duration;

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use medtrack_shared::{Role, UserId};
use serde::{Deserialize, Serialize};

const ISSUER: &str = "medtrack";

/// The claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// The account.
    pub sub: UserId,
    /// The session (refresh-token family).
    pub sid: String,
    /// The account's role when the token was made.
    pub role: Role,
    /// Issuer, always `medtrack`.
    pub iss: String,
    /// Issued at (Unix seconds).
    pub iat: u64,
    /// Expires at (Unix seconds).
    pub exp: u64,
}

/// Signs and checks access tokens.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    ttl: Duration,
}

impl TokenKeys {
    /// Keys from the signing secret; tokens live for `ttl`.
    pub fn new(secret: &[u8], ttl: Duration) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            ttl,
        }
    }

    /// How long an access token lives.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// A token for this account and session, valid from `now` (Unix seconds).
    pub fn issue(
        &self,
        user: UserId,
        role: Role,
        session: &str,
        now: u64,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let claims = Claims {
            sub: user,
            sid: session.to_owned(),
            role,
            iss: ISSUER.to_owned(),
            iat: now,
            exp: now + self.ttl.as_secs(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    /// The claims of a token this server signed and that has not expired.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.leeway = 0;
        decode::<Claims>(token, &self.decoding, &validation)
            .ok()
            .map(|data| data.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> u64 {
        jiff::Timestamp::now().as_second().unsigned_abs()
    }

    #[test]
    fn tokens_verify_until_they_expire_and_only_with_their_key() {
        let keys = TokenKeys::new(
            b"0123456789abcdef0123456789abcdef",
            Duration::from_secs(600),
        );
        let user = UserId::from_uuid(uuid::Uuid::now_v7());
        let token = keys.issue(user, Role::Patient, "s1", now()).unwrap();
        let claims = keys.verify(&token).unwrap();
        assert_eq!(
            (claims.sub, claims.sid.as_str(), claims.role),
            (user, "s1", Role::Patient)
        );

        let expired = keys.issue(user, Role::Patient, "s1", now() - 601).unwrap();
        assert!(keys.verify(&expired).is_none());
        let other = TokenKeys::new(
            b"another secret of thirty-two bytes",
            Duration::from_secs(600),
        );
        assert!(other.verify(&token).is_none());
        assert!(keys.verify("not.a.token").is_none());
    }
}
