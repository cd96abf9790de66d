//! The HTTP layer's error type and the one place where errors become responses.

use std::collections::BTreeMap;

use actix_web::body::MessageBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use medtrack_shared::{ErrorBody, ErrorDetail, FieldErrors};

use crate::domain::DomainError;
use crate::store::StoreError;

/// An error answered to an HTTP client.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Fields that break validation rules (422).
    #[error("validation failed")]
    Validation(FieldErrors),
    /// A request the server cannot read (400), with a stable code.
    #[error("bad request: {code}")]
    BadRequest {
        /// Machine-readable code.
        code: &'static str,
        /// Sentence for people.
        message: String,
    },
    /// No valid access token (401).
    #[error("unauthenticated")]
    Unauthenticated,
    /// Unknown email or wrong password (401).
    #[error("invalid credentials")]
    InvalidCredentials,
    /// The refresh token or session is no longer valid (401).
    #[error("session ended")]
    SessionEnded,
    /// The password was right; a two-factor code is needed too (401).
    #[error("two-factor code required")]
    TwoFactorRequired,
    /// The two-factor code was wrong or used (401).
    #[error("invalid two-factor code")]
    InvalidTwoFactorCode,
    /// This operation needs the caller to turn on two-factor sign-in first (403).
    #[error("two-factor setup required")]
    TwoFactorSetupRequired,
    /// The caller's role may not do this (403).
    #[error("forbidden")]
    Forbidden,
    /// The caller's account is pending or rejected (403).
    #[error("account not active")]
    AccountNotActive,
    /// The account was deactivated (403).
    #[error("account deactivated")]
    AccountDeactivated,
    /// Nothing at this address (404).
    #[error("not found")]
    NotFound,
    /// The request conflicts with the stored state (409).
    #[error("conflict: {code}")]
    Conflict {
        /// Machine-readable code.
        code: &'static str,
        /// Sentence for people.
        message: &'static str,
    },
    /// Too many attempts; try again after this many seconds (429).
    #[error("rate limited")]
    RateLimited {
        /// Seconds to wait, for the Retry-After header.
        retry_after: u64,
    },
    /// The body is larger than the limit (413).
    #[error("payload too large")]
    PayloadTooLarge,
    /// The body is not JSON (415).
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// The store is not ready (503).
    #[error("unavailable")]
    Unavailable,
    /// Email or SMS cannot be sent now (503).
    #[error("delivery unavailable")]
    DeliveryUnavailable,
    /// Something failed on the server's side (500); the cause is logged, never sent.
    #[error("internal error")]
    Internal,
}

impl ApiError {
    fn body(&self) -> ErrorBody {
        match self {
            Self::Validation(fields) => ErrorBody {
                error: ErrorDetail {
                    code: "validation_failed".into(),
                    message: "Some fields are not valid.".into(),
                    fields: fields.clone().into_map(),
                },
            },
            Self::BadRequest { code, message } => ErrorBody::new(*code, message.clone()),
            Self::Unauthenticated => ErrorBody::new("unauthenticated", "Sign in to continue."),
            Self::InvalidCredentials => ErrorBody::new(
                "invalid_credentials",
                "The email address or the password is not right.",
            ),
            Self::SessionEnded => {
                ErrorBody::new("session_ended", "The session has ended; sign in again.")
            }
            Self::TwoFactorRequired => ErrorBody::new(
                "two_factor_required",
                "Enter the code from your authenticator app, or a recovery code.",
            ),
            Self::InvalidTwoFactorCode => ErrorBody::new(
                "invalid_two_factor_code",
                "That code is not right, has expired, or was already used.",
            ),
            Self::TwoFactorSetupRequired => ErrorBody::new(
                "two_factor_setup_required",
                "Turn on two-factor sign-in for your account first.",
            ),
            Self::Forbidden => ErrorBody::new("forbidden", "Your account may not do this."),
            Self::AccountNotActive => ErrorBody::new(
                "account_not_active",
                "Your account is waiting for an administrator's approval or was not approved.",
            ),
            Self::AccountDeactivated => {
                ErrorBody::new("account_deactivated", "This account has been deactivated.")
            }
            Self::NotFound => ErrorBody::new("not_found", "Nothing was found at this address."),
            Self::Conflict { code, message } => ErrorBody::new(*code, *message),
            Self::RateLimited { .. } => {
                ErrorBody::new("rate_limited", "Too many attempts; try again later.")
            }
            Self::PayloadTooLarge => {
                ErrorBody::new("payload_too_large", "The request body is too large.")
            }
            Self::UnsupportedMediaType => ErrorBody::new(
                "unsupported_media_type",
                "The body must be JSON (Content-Type: application/json).",
            ),
            Self::Unavailable => ErrorBody::new(
                "unavailable",
                "The service is not ready; try again shortly.",
            ),
            Self::DeliveryUnavailable => ErrorBody::new(
                "delivery_unavailable",
                "Messages cannot be sent right now; try again in a few minutes.",
            ),
            Self::Internal => ErrorBody::new("internal", "Something went wrong on our side."),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::Unauthenticated
            | Self::InvalidCredentials
            | Self::SessionEnded
            | Self::TwoFactorRequired
            | Self::InvalidTwoFactorCode => StatusCode::UNAUTHORIZED,
            Self::Forbidden
            | Self::AccountNotActive
            | Self::AccountDeactivated
            | Self::TwoFactorSetupRequired => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Unavailable | Self::DeliveryUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        if self.status_code() == StatusCode::UNAUTHORIZED {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        if let Self::RateLimited { retry_after } = self {
            response.insert_header((header::RETRY_AFTER, retry_after.to_string()));
        }
        response.json(self.body())
    }
}

impl From<DomainError> for ApiError {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::Invalid(fields) => Self::Validation(fields),
            DomainError::InvalidCursor => {
                let mut fields = FieldErrors::default();
                fields.add(
                    "cursor",
                    medtrack_shared::ValidationError::new("is not a valid cursor"),
                );
                Self::Validation(fields)
            }
            DomainError::NotFound => Self::NotFound,
            DomainError::Forbidden => Self::Forbidden,
            DomainError::Conflict { code, message } => Self::Conflict { code, message },
            DomainError::InvalidCredentials => Self::InvalidCredentials,
            DomainError::SessionEnded => Self::SessionEnded,
            DomainError::AccountDeactivated => Self::AccountDeactivated,
            DomainError::TwoFactorRequired => Self::TwoFactorRequired,
            DomainError::InvalidTwoFactorCode => Self::InvalidTwoFactorCode,
            DomainError::RateLimited { retry_after } => Self::RateLimited { retry_after },
            DomainError::DeliveryUnavailable(cause) => {
                tracing::warn!(%cause, "message not sent");
                Self::DeliveryUnavailable
            }
            DomainError::Internal(cause) => {
                tracing::error!(%cause, "internal failure");
                Self::Internal
            }
            DomainError::Store(error) => error.into(),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotInitialised => {
                tracing::error!("store is not initialised; run `medtrack store init`");
                Self::Unavailable
            }
            StoreError::Conflict => Self::Conflict {
                code: "busy",
                message: "Too many changes to the same records at once; try again.",
            },
            other => {
                // Store errors name keys and backend causes, never attribute values.
                tracing::error!(error = %other, "storage failure");
                Self::Internal
            }
        }
    }
}

impl From<FieldErrors> for ApiError {
    fn from(fields: FieldErrors) -> Self {
        Self::Validation(fields)
    }
}

/// How the extractors answer bad input: JSON bodies up to `max_body` bytes,
/// and the standard error body for anything they cannot read.
pub fn configure_extractors(max_body: usize) -> impl FnOnce(&mut actix_web::web::ServiceConfig) {
    use actix_web::web;
    move |config| {
        config
            .app_data(
                web::JsonConfig::default()
                    .limit(max_body)
                    .error_handler(json_error),
            )
            .app_data(web::PayloadConfig::default().limit(max_body))
            .app_data(web::QueryConfig::default().error_handler(query_error))
            .app_data(web::PathConfig::default().error_handler(path_error));
    }
}

/// Answers JSON bodies that actix-web rejected (malformed, wrong type, too large).
fn json_error(error: actix_web::error::JsonPayloadError, _: &HttpRequest) -> actix_web::Error {
    use actix_web::error::JsonPayloadError as E;
    let api = match &error {
        E::Overflow { .. } | E::OverflowKnownLength { .. } => ApiError::PayloadTooLarge,
        E::ContentType => ApiError::UnsupportedMediaType,
        _ => ApiError::BadRequest {
            code: "invalid_json",
            message: "The body is not valid JSON for this operation.".into(),
        },
    };
    api.into()
}

/// Answers query strings that do not parse.
fn query_error(_: actix_web::error::QueryPayloadError, _: &HttpRequest) -> actix_web::Error {
    ApiError::BadRequest {
        code: "invalid_query",
        message: "The query string is not valid for this operation.".into(),
    }
    .into()
}

/// Answers path parameters that do not parse.
fn path_error(_: actix_web::error::PathError, _: &HttpRequest) -> actix_web::Error {
    ApiError::NotFound.into()
}

/// The catch-all for error responses made outside our handlers (no route,
/// method not allowed, payload errors of actix itself): gives each the
/// standard JSON body unless it already has one.
pub fn standard_error_body<B: MessageBody + 'static>(
    response: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if is_json {
        return Ok(ErrorHandlerResponse::Response(
            response.map_into_left_body(),
        ));
    }
    let status = response.status();
    let body = body_for_status(status);
    let (request, mut old) = response.into_parts();
    let mut new = HttpResponse::build(status).json(body);
    // Keep headers such as Allow or Retry-After; the body and its type change.
    for (name, value) in old.headers_mut().drain() {
        if let Some(name) = name {
            if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
                new.headers_mut().insert(name, value);
            }
        }
    }
    new.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(request, new).map_into_right_body(),
    ))
}

fn body_for_status(status: StatusCode) -> ErrorBody {
    let (code, message) = match status {
        StatusCode::NOT_FOUND => ("not_found", "Nothing was found at this address."),
        StatusCode::METHOD_NOT_ALLOWED => {
            ("method_not_allowed", "This method is not allowed here.")
        }
        StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "The request body is too large."),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "unsupported_media_type",
            "This content type is not supported.",
        ),
        StatusCode::TOO_MANY_REQUESTS => ("rate_limited", "Too many requests; try again later."),
        s if s.is_client_error() => ("bad_request", "The request could not be understood."),
        _ => ("internal", "Something went wrong on our side."),
    };
    ErrorBody {
        error: ErrorDetail {
            code: code.into(),
            message: message.into(),
            fields: BTreeMap::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use actix_web::middleware::ErrorHandlers;
    use actix_web::{test, web, App};
    use serde_json::Value;

    use super::*;

    async fn answer(request: test::TestRequest) -> (StatusCode, ErrorBody) {
        let app = test::init_service(
            App::new()
                .configure(configure_extractors(1024))
                .wrap(ErrorHandlers::new().default_handler(standard_error_body))
                .route(
                    "/echo",
                    web::post().to(|body: web::Json<Value>| async move {
                        HttpResponse::Ok().json(body.0)
                    }),
                ),
        )
        .await;
        let response = test::call_service(&app, request.uri("/echo").to_request()).await;
        let status = response.status();
        (status, test::read_body_json(response).await)
    }

    #[actix_web::test]
    async fn bad_json_is_a_400() {
        let request = test::TestRequest::post()
            .insert_header(("content-type", "application/json"))
            .set_payload("{nope");
        let (status, body) = answer(request).await;
        assert_eq!(
            (status, body.error.code.as_str()),
            (StatusCode::BAD_REQUEST, "invalid_json")
        );
    }

    #[actix_web::test]
    async fn oversized_json_is_a_413() {
        let big = serde_json::json!({ "text": "x".repeat(2048) });
        let (status, body) = answer(test::TestRequest::post().set_json(big)).await;
        assert_eq!(
            (status, body.error.code.as_str()),
            (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
        );
    }

    #[actix_web::test]
    async fn a_body_that_is_not_json_is_a_415() {
        let request = test::TestRequest::post()
            .insert_header(("content-type", "text/plain"))
            .set_payload("hello");
        let (status, body) = answer(request).await;
        assert_eq!(
            (status, body.error.code.as_str()),
            (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
        );
    }

    #[actix_web::test]
    async fn errors_made_by_actix_get_the_standard_body() {
        let (status, body) = answer(test::TestRequest::get()).await;
        assert_eq!(
            (status, body.error.code.as_str()),
            (StatusCode::NOT_FOUND, "not_found")
        );
        assert!(!body.error.message.is_empty());
    }
}
