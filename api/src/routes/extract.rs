//! Request input read into its type at the edge: a JSON body ([`Body`]) and
//! a query string ([`Query`]). Input that does not fit its type is a 400
//! naming the field (`schedule.times[2]`), never echoing the value, which
//! may be someone's health data.

use std::collections::BTreeMap;
use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use actix_web::{mime, FromRequest, HttpMessage, HttpRequest};
use futures::future::{ready, LocalBoxFuture, Ready};
use medtrack_shared::ErrorCode;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A JSON request body (`Content-Type: application/json`), within the
/// configured size.
#[derive(Debug)]
pub struct Body<T>(pub T);

impl<T> Body<T> {
    /// The value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Body<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Body<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = matches!(
            request.mime_type(),
            Ok(Some(mime)) if mime.subtype() == mime::JSON || mime.suffix() == Some(mime::JSON)
        );
        let bytes = Bytes::from_request(request, payload);
        Box::pin(async move {
            if !is_json {
                return Err(ApiError::Http(ErrorCode::UnsupportedMediaType).into());
            }
            let bytes = bytes.await.map_err(|error| {
                let code =
                    if error.as_response_error().status_code() == StatusCode::PAYLOAD_TOO_LARGE {
                        ErrorCode::PayloadTooLarge
                    } else {
                        ErrorCode::InvalidJson
                    };
                ApiError::Http(code)
            })?;
            // Every body is an object; serde would also take a struct
            // written as an array of its fields.
            let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
            if first != Some(&b'{') {
                return Err(ApiError::Http(ErrorCode::InvalidJson).into());
            }
            let mut reader = serde_json::Deserializer::from_slice(&bytes);
            let value = serde_path_to_error::deserialize(&mut reader).map_err(|error| {
                let syntax = !error.inner().is_data();
                unreadable(ErrorCode::InvalidJson, error, syntax)
            })?;
            reader
                .end()
                .map_err(|_| ApiError::Http(ErrorCode::InvalidJson))?;
            Ok(Self(value))
        })
    }
}

/// A query string.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T> Query<T> {
    /// The value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Query<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let pairs = form_urlencoded::parse(request.query_string().as_bytes());
        let reader = serde_urlencoded::Deserializer::new(pairs);
        let value = serde_path_to_error::deserialize(reader)
            .map(Self)
            .map_err(|error| unreadable(ErrorCode::InvalidQuery, error, false).into());
        ready(value)
    }
}

/// The 400 for input that does not fit its type: the field it stopped at,
/// with a sentence of ours (the parser's own would quote the value).
fn unreadable<E: std::fmt::Display>(
    code: ErrorCode,
    error: serde_path_to_error::Error<E>,
    syntax: bool,
) -> ApiError {
    if syntax {
        return ApiError::Http(code);
    }
    let cause = error.inner().to_string();
    let mut field = error.path().to_string();
    let missing = cause
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next());
    let message = match missing {
        Some(name) => {
            field = match field.as_str() {
                "." => name.to_owned(),
                parent => format!("{parent}.{name}"),
            };
            "is required"
        }
        None => "is not a valid value for this field",
    };
    if field == "." {
        return ApiError::Http(code);
    }
    ApiError::Unreadable {
        code,
        fields: BTreeMap::from([(field, message.to_owned())]),
    }
}

#[cfg(test)]
mod tests {
    use actix_web::middleware::ErrorHandlers;
    use actix_web::{test, web, App};
    use serde_json::Value;

    use actix_web::http::StatusCode;
    use actix_web::HttpResponse;
    use medtrack_shared::{ErrorBody, ErrorCode};

    use super::Body;
    use crate::error::{configure_extractors, standard_error_body};

    async fn answer(request: test::TestRequest) -> (StatusCode, ErrorBody) {
        let app = test::init_service(
            App::new()
                .configure(configure_extractors(1024))
                .wrap(ErrorHandlers::new().default_handler(standard_error_body))
                .route(
                    "/echo",
                    web::post().to(|body: Body<Value>| async move {
                        HttpResponse::Ok().json(body.into_inner())
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
            (status, body.error.code),
            (StatusCode::BAD_REQUEST, ErrorCode::InvalidJson)
        );
    }

    #[actix_web::test]
    async fn oversized_json_is_a_413() {
        let big = serde_json::json!({ "text": "x".repeat(2048) });
        let (status, body) = answer(test::TestRequest::post().set_json(big)).await;
        assert_eq!(
            (status, body.error.code),
            (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge)
        );
    }

    #[actix_web::test]
    async fn a_body_that_is_not_json_is_a_415() {
        let request = test::TestRequest::post()
            .insert_header(("content-type", "text/plain"))
            .set_payload("hello");
        let (status, body) = answer(request).await;
        assert_eq!(
            (status, body.error.code),
            (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType
            )
        );
    }

    #[actix_web::test]
    async fn errors_made_by_actix_get_the_standard_body() {
        let (status, body) = answer(test::TestRequest::get()).await;
        assert_eq!(
            (status, body.error.code),
            (StatusCode::NOT_FOUND, ErrorCode::NotFound)
        );
        assert!(!body.error.message.is_empty());
    }
}
