//! Sign-in throttling: attempts are limited per account (the email asked for)
//! and per client address, so that guessing passwords is slow whether one
//! account is attacked from many places or many accounts from one. Successful
//! sign-ins are rare next to guesses, so every attempt counts. The limits are
//! per replica (kept in memory): with N replicas an attacker gets N times the
//! budget, still far too little to guess a checked password.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Attempts one account may take at once, then one more per minute.
const ACCOUNT_BURST: u32 = 5;
/// Attempts one address may take at once, then one more every six seconds.
const ADDRESS_BURST: u32 = 20;
/// Keys kept before idle ones are dropped.
const MAX_KEYS: usize = 10_000;

/// The limiters of one process.
pub struct SignInThrottle {
    per_account: DefaultKeyedRateLimiter<String>,
    per_address: DefaultKeyedRateLimiter<IpAddr>,
}

impl Default for SignInThrottle {
    fn default() -> Self {
        Self::new()
    }
}

fn quota(per: Duration, burst: u32) -> Quota {
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(per)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(burst)
}

impl SignInThrottle {
    /// The limits above.
    pub fn new() -> Self {
        Self {
            per_account: RateLimiter::keyed(quota(Duration::from_secs(60), ACCOUNT_BURST)),
            per_address: RateLimiter::keyed(quota(Duration::from_secs(6), ADDRESS_BURST)),
        }
    }

    /// Counts one attempt; `Err` carries how long to wait when over the limit.
    pub fn attempt(&self, account: &str, address: Option<IpAddr>) -> Result<(), Duration> {
        let now = DefaultClock::default().now();
        if self.per_account.len() > MAX_KEYS {
            self.per_account.retain_recent();
        }
        if self.per_address.len() > MAX_KEYS {
            self.per_address.retain_recent();
        }
        self.per_account
            .check_key(&account.trim().to_lowercase())
            .map_err(|not_until| not_until.wait_time_from(now))?;
        if let Some(address) = address {
            self.per_address
                .check_key(&address)
                .map_err(|not_until| not_until.wait_time_from(now))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_gets_its_burst_then_waits() {
        let throttle = SignInThrottle::new();
        let address: IpAddr = [127, 0, 0, 1].into();
        for _ in 0..ACCOUNT_BURST {
            assert!(throttle.attempt("ada@example.org", Some(address)).is_ok());
        }
        let wait = throttle
            .attempt("ADA@example.org", Some(address))
            .unwrap_err();
        assert!(
            wait > Duration::from_secs(50) && wait <= Duration::from_secs(60),
            "{wait:?}"
        );
        assert!(
            throttle.attempt("other@example.org", Some(address)).is_ok(),
            "other accounts go on"
        );
    }

    #[test]
    fn an_address_gets_its_burst_across_accounts() {
        let throttle = SignInThrottle::new();
        let address: IpAddr = [10, 0, 0, 7].into();
        for i in 0..ADDRESS_BURST {
            assert!(throttle
                .attempt(&format!("user{i}@example.org"), Some(address))
                .is_ok());
        }
        assert!(throttle
            .attempt("fresh@example.org", Some(address))
            .is_err());
        assert!(throttle
            .attempt("fresh@example.org", Some([10, 0, 0, 8].into()))
            .is_ok());
    }
}
