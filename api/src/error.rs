//! The HTTP layer's error type and the one place where errors become responses.

use std::borrow::Cow;
use std::collections::BTreeMap;

use actix_web::body::MessageBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use medtrack_shared::record::AllergyConflict;
use medtrack_shared::{ErrorBody, ErrorCode, ErrorDetail, FieldErrors};

use crate::domain::DomainError;
use crate::store::StoreError;

/// An error answered to an HTTP client: what the domain refused or failed
/// at, or what the HTTP layer refuses before the domain is asked (the
/// request guard, the extractors, readiness).
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The domain's answer.
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// Refused or failed by the HTTP layer itself.
    #[error("{0}")]
    Http(ErrorCode),
    /// Input that does not fit its type, by field.
    #[error("{code}")]
    Unreadable {
        /// `invalid_json` or `invalid_query`.
        code: ErrorCode,
        /// The field and what is wrong with it.
        fields: BTreeMap<String, String>,
    },
}

/// What each code answers with: its status, and the sentence for people
/// when the domain gave none. The one place codes become statuses.
fn meaning(code: ErrorCode) -> (StatusCode, &'static str) {
    use ErrorCode as C;
    use StatusCode as S;
    match code {
        C::ValidationFailed => (S::UNPROCESSABLE_ENTITY, "Some fields are not valid."),
        C::InvalidJson => (
            S::BAD_REQUEST,
            "The body is not valid JSON for this operation.",
        ),
        C::InvalidQuery => (
            S::BAD_REQUEST,
            "The query string is not valid for this operation.",
        ),
        C::BadRequest => (S::BAD_REQUEST, "The request could not be understood."),
        C::Unauthenticated => (S::UNAUTHORIZED, "Sign in to continue."),
        C::InvalidCredentials => (
            S::UNAUTHORIZED,
            "The email address or the password is not right.",
        ),
        C::SessionEnded => (S::UNAUTHORIZED, "The session has ended; sign in again."),
        C::TwoFactorRequired => (
            S::UNAUTHORIZED,
            "Enter the code from your authenticator app, or a recovery code.",
        ),
        C::InvalidTwoFactorCode => (
            S::UNAUTHORIZED,
            "That code is not right, has expired, or was already used.",
        ),
        C::TwoFactorSetupRequired => (
            S::FORBIDDEN,
            "Turn on two-factor sign-in for your account first.",
        ),
        C::Forbidden => (S::FORBIDDEN, "Your account may not do this."),
        C::AccountNotActive => (
            S::FORBIDDEN,
            "Your account is waiting for an administrator's approval or was not approved.",
        ),
        C::AccountDeactivated => (S::FORBIDDEN, "This account has been deactivated."),
        C::NotFound => (S::NOT_FOUND, "Nothing was found at this address."),
        C::MethodNotAllowed => (S::METHOD_NOT_ALLOWED, "This method is not allowed here."),
        C::PayloadTooLarge => (S::PAYLOAD_TOO_LARGE, "The request body is too large."),
        C::UnsupportedMediaType => (
            S::UNSUPPORTED_MEDIA_TYPE,
            "The body must be JSON (Content-Type: application/json).",
        ),
        C::NotAcceptable => (
            S::NOT_ACCEPTABLE,
            "This is an event stream: ask for it with Accept: text/event-stream.",
        ),
        C::RateLimited => (S::TOO_MANY_REQUESTS, "Too many attempts; try again later."),
        C::Unavailable => (
            S::SERVICE_UNAVAILABLE,
            "The service is not ready; try again shortly.",
        ),
        C::DeliveryUnavailable => (
            S::SERVICE_UNAVAILABLE,
            "Messages cannot be sent right now; try again in a few minutes.",
        ),
        C::Busy => (
            S::CONFLICT,
            "Too many changes to the same records at once; try again.",
        ),
        C::Internal | C::Unknown => (
            S::INTERNAL_SERVER_ERROR,
            "Something went wrong on our side.",
        ),
        // Conflicts with what is stored: the domain says which, in its words.
        _ => (
            S::CONFLICT,
            "This conflicts with what is stored; reload and try again.",
        ),
    }
}

/// What a response says: its code, the domain's own sentence if any, and
/// field problems.
struct Answer {
    code: ErrorCode,
    message: Option<Cow<'static, str>>,
    fields: BTreeMap<String, String>,
    conflicts: Vec<AllergyConflict>,
}

impl From<ErrorCode> for Answer {
    fn from(code: ErrorCode) -> Self {
        Self {
            code,
            message: None,
            fields: BTreeMap::new(),
            conflicts: Vec::new(),
        }
    }
}

impl ApiError {
    fn answer(&self) -> Answer {
        match self {
            Self::Domain(error) => domain_answer(error),
            Self::Http(code) => (*code).into(),
            Self::Unreadable { code, fields } => Answer {
                fields: fields.clone(),
                ..(*code).into()
            },
        }
    }
}

/// The answer to a domain error. Causes are logged here (kinds and keys,
/// never values), never sent.
fn domain_answer(error: &DomainError) -> Answer {
    use ErrorCode as C;
    let invalid = |fields| Answer {
        fields,
        ..C::ValidationFailed.into()
    };
    match error {
        DomainError::Invalid(fields) => invalid(fields.clone().into_map()),
        DomainError::InvalidCursor => invalid(BTreeMap::from([(
            "cursor".to_owned(),
            "is not a valid cursor".to_owned(),
        )])),
        DomainError::Conflict { code, message } => Answer {
            message: Some(Cow::Borrowed(message)),
            ..(*code).into()
        },
        DomainError::TooLarge { limit } => Answer {
            message: Some(Cow::Owned(format!(
                "The file is larger than the limit of {} MB.",
                limit.div_ceil(1024 * 1024)
            ))),
            ..C::PayloadTooLarge.into()
        },
        DomainError::UnsupportedFile { message } => Answer {
            message: Some(Cow::Borrowed(message)),
            ..C::UnsupportedMediaType.into()
        },
        DomainError::Objects(cause) => {
            tracing::error!(%cause, "object store or scanner failure");
            C::Unavailable.into()
        }
        DomainError::AllergyConflict(conflicts) => Answer {
            message: Some(Cow::Borrowed(
                "The medicine matches allergies on the record; give a reason to prescribe it all the same.",
            )),
            conflicts: conflicts.clone(),
            ..C::AllergyConflict.into()
        },
        DomainError::Forbidden => C::Forbidden.into(),
        DomainError::NotFound => C::NotFound.into(),
        DomainError::InvalidCredentials => C::InvalidCredentials.into(),
        DomainError::SessionEnded => C::SessionEnded.into(),
        DomainError::TwoFactorRequired => C::TwoFactorRequired.into(),
        DomainError::InvalidTwoFactorCode => C::InvalidTwoFactorCode.into(),
        DomainError::AccountDeactivated => C::AccountDeactivated.into(),
        DomainError::RateLimited { .. } => C::RateLimited.into(),
        DomainError::DeliveryUnavailable(cause) => {
            tracing::warn!(%cause, "message not sent");
            C::DeliveryUnavailable.into()
        }
        DomainError::Internal(cause) => {
            tracing::error!(%cause, "internal failure");
            C::Internal.into()
        }
        DomainError::Store(StoreError::NotInitialised) => {
            tracing::error!("store is not initialised; run `medtrack store init`");
            C::Unavailable.into()
        }
        DomainError::Store(StoreError::Conflict) => C::Busy.into(),
        DomainError::Store(other) => {
            // Store errors name keys and backend causes, never attribute values.
            tracing::error!(error = %other, "storage failure");
            C::Internal.into()
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        meaning(self.answer().code).0
    }

    fn error_response(&self) -> HttpResponse {
        let Answer {
            code,
            message,
            fields,
            conflicts,
        } = self.answer();
        let (status, default_message) = meaning(code);
        let mut response = HttpResponse::build(status);
        if status == StatusCode::UNAUTHORIZED {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        if let Self::Domain(DomainError::RateLimited { retry_after }) = self {
            response.insert_header((header::RETRY_AFTER, retry_after.to_string()));
        }
        response.json(ErrorBody {
            error: ErrorDetail {
                code,
                message: message.map_or_else(|| default_message.to_owned(), Cow::into_owned),
                fields,
                conflicts,
            },
        })
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        Self::Domain(error.into())
    }
}

impl From<FieldErrors> for ApiError {
    fn from(fields: FieldErrors) -> Self {
        Self::Domain(DomainError::Invalid(fields))
    }
}

/// How the extractors answer bad input: bodies up to `max_body` bytes (read
/// by [`crate::routes::extract`]), and the standard error body for paths
/// that do not parse.
pub fn configure_extractors(max_body: usize) -> impl FnOnce(&mut actix_web::web::ServiceConfig) {
    use actix_web::web;
    move |config| {
        config
            .app_data(web::PayloadConfig::default().limit(max_body))
            .app_data(web::PathConfig::default().error_handler(path_error));
    }
}

/// Answers path parameters that do not parse.
fn path_error(_: actix_web::error::PathError, _: &HttpRequest) -> actix_web::Error {
    ApiError::Domain(DomainError::NotFound).into()
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
    let code = match status {
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
        StatusCode::TOO_MANY_REQUESTS => ErrorCode::RateLimited,
        s if s.is_client_error() => ErrorCode::BadRequest,
        _ => ErrorCode::Internal,
    };
    ErrorBody::new(code, meaning(code).1)
}
