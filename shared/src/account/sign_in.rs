//! Signing in and staying signed in: credentials, tokens, two-factor codes,
//! password changes and the single-use links that reset or confirm.

use serde::{Deserialize, Serialize};

use crate::rules;
use crate::validation::FieldErrors;

/// Where the refresh token goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RefreshTokenIn {
    /// In the response body (API clients, mobile apps).
    #[default]
    Body,
    /// In an HttpOnly, SameSite=Strict cookie (the web client).
    Cookie,
}

/// `POST /api/v1/auth/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"email": "ada@example.org", "password": "analytical engine 1843", "two_factor_code": "123456"})))]
pub struct LoginRequest {
    /// Sign-in address.
    #[cfg_attr(feature = "openapi", schema(max_length = 254))]
    pub email: String,
    /// Password.
    #[cfg_attr(feature = "openapi", schema(max_length = 128))]
    pub password: String,
    /// Where to put the refresh token (default: the body).
    #[serde(default)]
    pub refresh_token_in: RefreshTokenIn,
    /// The authenticator app's 6-digit code, or a recovery code, for
    /// accounts with two-factor sign-in (asked for with `two_factor_required`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 32))]
    pub two_factor_code: Option<String>,
}

impl LoginRequest {
    /// Checks the lengths only: whether the address and password are right
    /// is the sign-in's answer.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        rules::chars_within(&mut errors, "email", &self.email, rules::MAX_EMAIL_CHARS);
        rules::chars_within(
            &mut errors,
            "password",
            &self.password,
            rules::MAX_PASSWORD_CHARS,
        );
        let code = self.two_factor_code.as_deref().unwrap_or_default();
        rules::chars_within(&mut errors, "two_factor_code", code, rules::MAX_CODE_CHARS);
        errors.into_result(())
    }
}

/// `POST /api/v1/auth/refresh` and `/logout` from an API client; the web
/// client sends an empty body and its cookie instead.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"refresh_token": "k3mW9bXl0rT2qN5vY8zA1cE4gH7jL0pS"})))]
pub struct RefreshRequest {
    /// The refresh token, when it is not in the cookie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 512))]
    pub refresh_token: Option<String>,
}

impl RefreshRequest {
    /// Checks the token's length.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        let token = self.refresh_token.as_deref().unwrap_or_default();
        rules::chars_within(&mut errors, "refresh_token", token, rules::MAX_TOKEN_CHARS);
        errors.into_result(())
    }
}

/// `POST /api/v1/auth/password-reset`: the address of a forgotten password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"email": "ada@example.org"})))]
pub struct PasswordResetRequest {
    /// The account's email address.
    #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 254))]
    pub email: String,
}

/// `POST /api/v1/auth/password-reset/confirm`: a new password, with the
/// secret of the link that was emailed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"token": "k3mW9bXl0rT2qN5vY8zA1cE4gH7jL0pS", "new_password": "a new and longer phrase"})))]
pub struct PasswordReset {
    /// The secret from the link (after `#token=`).
    #[cfg_attr(feature = "openapi", schema(max_length = 512))]
    pub token: String,
    /// The new password: at least 12 characters, not common or guessable.
    #[cfg_attr(feature = "openapi", schema(min_length = 12, max_length = 128))]
    pub new_password: String,
}

impl PasswordReset {
    /// Checks the lengths; the new password's strength is checked with the
    /// account's details.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        rules::chars_within(&mut errors, "token", &self.token, rules::MAX_TOKEN_CHARS);
        let max = rules::MAX_PASSWORD_CHARS;
        rules::chars_within(&mut errors, "new_password", &self.new_password, max);
        errors.into_result(())
    }
}

impl EmailConfirmation {
    /// Checks the secret's length.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        rules::chars_within(&mut errors, "token", &self.token, rules::MAX_TOKEN_CHARS);
        errors.into_result(())
    }
}

impl PasswordResetRequest {
    /// Checks the address's form (whether it is an account is never told).
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if let Err(error) = rules::email(&self.email) {
            errors.add("email", error);
        }
        errors.into_result(())
    }
}

/// `POST /api/v1/auth/confirm-email`: the secret of the link that was
/// emailed to confirm the address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"token": "k3mW9bXl0rT2qN5vY8zA1cE4gH7jL0pS"})))]
pub struct EmailConfirmation {
    /// The secret from the link (after `#token=`).
    #[cfg_attr(feature = "openapi", schema(max_length = 512))]
    pub token: String,
}

/// The tokens of a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionTokens {
    /// Short-lived bearer token for the `Authorization` header.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// Single-use token for a new pair; absent when it was set as a cookie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// The start of two-factor enrolment: the secret to put in an authenticator app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TwoFactorEnrolment {
    /// The secret in base32, for typing into the app.
    pub secret: String,
    /// The `otpauth://` URI the QR code holds.
    pub otpauth_uri: String,
    /// The QR code as an SVG document.
    pub qr_svg: String,
}

/// A code from the authenticator app (6 digits) or a recovery code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"code": "123456"})))]
pub struct TwoFactorCode {
    /// The code.
    #[cfg_attr(feature = "openapi", schema(example = "123456", max_length = 32))]
    pub code: String,
}

impl TwoFactorCode {
    /// Checks the code's length.
    pub fn check(&self) -> Result<(), FieldErrors> {
        rules::check_code(&self.code)
    }
}

/// Single-use codes that stand in for the app, shown once when two-factor
/// sign-in is turned on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryCodes {
    /// Ten codes; each works once.
    pub codes: Vec<String>,
}

/// `POST /api/v1/me/two-factor/disable`: the password and a current code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"password": "analytical engine 1843", "code": "123456"})))]
pub struct DisableTwoFactor {
    /// The account's password.
    #[cfg_attr(feature = "openapi", schema(max_length = 128))]
    pub password: String,
    /// A code from the app, or a recovery code.
    #[cfg_attr(feature = "openapi", schema(max_length = 32))]
    pub code: String,
}

impl DisableTwoFactor {
    /// Checks the lengths.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        rules::chars_within(
            &mut errors,
            "password",
            &self.password,
            rules::MAX_PASSWORD_CHARS,
        );
        rules::chars_within(&mut errors, "code", &self.code, rules::MAX_CODE_CHARS);
        errors.into_result(())
    }
}

/// `POST /api/v1/me/password`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"current_password": "analytical engine 1843", "new_password": "a new and longer phrase"})))]
pub struct PasswordChange {
    /// The password now.
    #[cfg_attr(feature = "openapi", schema(max_length = 128))]
    pub current_password: String,
    /// The new password: at least 12 characters, not common or guessable.
    #[cfg_attr(feature = "openapi", schema(max_length = 128))]
    pub new_password: String,
}

impl PasswordChange {
    /// Checks the lengths; the new password's strength is checked with the
    /// account's details.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        let max = rules::MAX_PASSWORD_CHARS;
        rules::chars_within(&mut errors, "current_password", &self.current_password, max);
        rules::chars_within(&mut errors, "new_password", &self.new_password, max);
        errors.into_result(())
    }
}
