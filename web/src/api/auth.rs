//! Accounts and sessions. The refresh token stays in its HttpOnly cookie; the
//! access token lives only in memory.

use medtrack_shared::account::{
    AccessLogEntry, AccountDecision, DecisionRequest, DisableTwoFactor, EmailConfirmation,
    LoginRequest, PasswordChange, PasswordReset, PasswordResetRequest, ProfileChanges,
    RecoveryCodes, RefreshRequest, RefreshTokenIn, Registration, SessionTokens, TwoFactorCode,
    TwoFactorEnrolment, UserSummary,
};
use medtrack_shared::{AccountStatus, Me, Page, Role, UserId};

use super::{encode, nothing, paged, public_post, read, send, Api, ApiError, Verb};

/// Registers an account.
pub async fn register(registration: &Registration) -> Result<Me, ApiError> {
    read(public_post("/auth/register", registration).await?).await
}

/// Signs in; the refresh token goes to the cookie.
pub async fn login(
    email: &str,
    password: &str,
    two_factor_code: Option<String>,
) -> Result<SessionTokens, ApiError> {
    let request = LoginRequest {
        email: email.to_owned(),
        password: password.to_owned(),
        refresh_token_in: RefreshTokenIn::Cookie,
        two_factor_code,
    };
    read(public_post("/auth/login", &request).await?).await
}

/// New tokens from the cookie's refresh token (after a reload, before
/// expiry, or when the server refused the access token).
pub async fn refresh() -> Result<SessionTokens, ApiError> {
    read(public_post("/auth/refresh", &RefreshRequest::default()).await?).await
}

/// Ends the session and clears the cookie.
pub async fn logout(token: Option<&str>) -> Result<(), ApiError> {
    let body = super::json(&RefreshRequest::default())?;
    send(Verb::Post, "/auth/logout", Some(&body), token)
        .await
        .map(drop)
}

/// The account a freshly issued access token belongs to.
pub async fn me_with(token: &str) -> Result<Me, ApiError> {
    read(send(Verb::Get, "/me", None, Some(token)).await?).await
}

/// Asks for a link to reset a forgotten password; the answer is the same
/// whether or not the address has an account.
pub async fn request_password_reset(email: String) -> Result<(), ApiError> {
    public_post("/auth/password-reset", &PasswordResetRequest { email })
        .await
        .map(drop)
}

/// Sets a new password with the secret of an emailed reset link.
pub async fn reset_password(token: String, new_password: String) -> Result<(), ApiError> {
    let reset = PasswordReset {
        token,
        new_password,
    };
    public_post("/auth/password-reset/confirm", &reset)
        .await
        .map(drop)
}

/// Confirms an email address with the secret of the emailed link.
pub async fn confirm_email(token: String) -> Result<(), ApiError> {
    public_post("/auth/confirm-email", &EmailConfirmation { token })
        .await
        .map(drop)
}

impl Api {
    /// The signed-in account as it is now.
    pub async fn me(self) -> Result<Me, ApiError> {
        self.get("/me").await
    }

    /// Sends a new link to confirm the account's email address.
    pub async fn resend_confirmation(self) -> Result<(), ApiError> {
        self.post_only("/me/email-confirmation", &nothing()).await
    }

    /// Who read the signed-in patient's data, newest first.
    pub async fn access_log(
        self,
        limit: u32,
        cursor: Option<String>,
    ) -> Result<Page<AccessLogEntry>, ApiError> {
        self.get(&paged("/me/access-log", limit, cursor.as_deref()))
            .await
    }

    /// Changes name, phone or time zone.
    pub async fn update_profile(self, changes: ProfileChanges) -> Result<Me, ApiError> {
        self.patch("/me", &changes).await
    }

    /// Changes the password.
    pub async fn change_password(self, change: PasswordChange) -> Result<(), ApiError> {
        self.post_only("/me/password", &change).await
    }

    /// Starts two-factor enrolment.
    pub async fn begin_two_factor(self) -> Result<TwoFactorEnrolment, ApiError> {
        self.post("/me/two-factor", &nothing()).await
    }

    /// Confirms enrolment; answers the recovery codes.
    pub async fn confirm_two_factor(self, code: String) -> Result<RecoveryCodes, ApiError> {
        self.post("/me/two-factor/confirm", &TwoFactorCode { code })
            .await
    }

    /// Turns two-factor sign-in off.
    pub async fn disable_two_factor(self, password: String, code: String) -> Result<(), ApiError> {
        self.post_only(
            "/me/two-factor/disable",
            &DisableTwoFactor { password, code },
        )
        .await
    }

    /// An admin's decision about an account.
    pub async fn decide(
        self,
        user: UserId,
        decision: AccountDecision,
        reason: Option<String>,
    ) -> Result<UserSummary, ApiError> {
        self.post(
            &format!("/admin/users/{user}/decision"),
            &DecisionRequest { decision, reason },
        )
        .await
    }

    /// One page of accounts with this role and status (admins).
    pub async fn users(
        self,
        role: Role,
        status: AccountStatus,
        cursor: Option<String>,
    ) -> Result<Page<UserSummary>, ApiError> {
        let mut path = format!(
            "/admin/users?role={}&status={}&limit=25",
            role.as_str(),
            status.as_str()
        );
        if let Some(cursor) = cursor {
            path.push_str(&format!("&cursor={}", encode(&cursor)));
        }
        self.get(&path).await
    }
}
