//! The typed API client, over gloo-net, speaking the shared types.

pub mod appointments;
pub mod auth;
pub mod catalogue;
pub mod delivery;
pub mod inbox;
pub mod medications;

use gloo_net::http::{Request, RequestBuilder, Response};
use medtrack_shared::ErrorBody;
use serde::de::DeserializeOwned;
use serde::Serialize;
use web_sys::RequestCredentials;

/// Why a call to the API failed, in words for the person using the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The server could not be reached.
    Network,
    /// The server answered with an error body.
    Server {
        /// HTTP status.
        status: u16,
        /// The server's error body, when it sent one.
        body: Option<ErrorBody>,
    },
    /// The answer was not what this client expects.
    Unreadable,
}

impl ApiError {
    /// The server's error code, e.g. `two_factor_required`.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Server {
                body: Some(body), ..
            } => Some(&body.error.code),
            _ => None,
        }
    }

    /// The server's message for one field, if it sent one.
    pub fn field(&self, name: &str) -> Option<String> {
        match self {
            Self::Server {
                body: Some(body), ..
            } => body.error.fields.get(name).cloned(),
            _ => None,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Network => {
                f.write_str("MedTrack could not be reached. Check your connection and try again.")
            }
            Self::Server {
                body: Some(body), ..
            } => f.write_str(&body.error.message),
            Self::Server { status, body: None } => {
                write!(f, "The server answered with an error ({status}).")
            }
            Self::Unreadable => f.write_str("The server's answer could not be read."),
        }
    }
}

/// The API's origin: the `medtrack-api-base` meta tag of index.html (split
/// mode), or this page's origin when it is empty.
fn base_url() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("meta[name=medtrack-api-base]")
                .ok()
                .flatten()
        })
        .and_then(|m| m.get_attribute("content"))
        .map(|base| base.trim_end_matches('/').to_owned())
        .unwrap_or_default()
}

fn url(path: &str) -> String {
    format!("{}/api/v1{path}", base_url())
}

/// A request with the headers every call carries; cookies travel (the
/// refresh token's, scoped to /api/v1/auth) also when the API is elsewhere.
fn prepare(builder: RequestBuilder, token: Option<&str>) -> RequestBuilder {
    let builder = builder
        .header("Accept", "application/json")
        .credentials(RequestCredentials::Include);
    match token {
        Some(token) => builder.header("Authorization", &format!("Bearer {token}")),
        None => builder,
    }
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    response.json::<T>().await.map_err(|_| ApiError::Unreadable)
}

async fn check(response: Response) -> Result<Response, ApiError> {
    if response.ok() {
        Ok(response)
    } else {
        let body = response.json::<ErrorBody>().await.ok();
        Err(ApiError::Server {
            status: response.status(),
            body,
        })
    }
}

/// GET `path` (below `/api/v1`) and read the JSON answer.
async fn get_json<T: DeserializeOwned>(path: &str, token: Option<&str>) -> Result<T, ApiError> {
    let response = prepare(Request::get(&url(path)), token)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read(check(response).await?).await
}

/// POST a JSON body and return the checked response.
async fn post<B: Serialize>(
    path: &str,
    body: &B,
    token: Option<&str>,
) -> Result<Response, ApiError> {
    let request = prepare(Request::post(&url(path)), token)
        .json(body)
        .map_err(|_| ApiError::Unreadable)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    check(response).await
}

/// PUT a JSON body and read the JSON answer.
async fn put_json<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    token: Option<&str>,
) -> Result<T, ApiError> {
    let request = prepare(Request::put(&url(path)), token)
        .json(body)
        .map_err(|_| ApiError::Unreadable)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    read(check(response).await?).await
}

/// DELETE `path`.
async fn delete(path: &str, token: Option<&str>) -> Result<(), ApiError> {
    let response = prepare(Request::delete(&url(path)), token)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    check(response).await.map(drop)
}

/// `?limit=..&cursor=..` for a list path that may already have a query.
fn paged(path: &str, limit: u32, cursor: Option<&str>) -> String {
    let separator = if path.contains('?') { '&' } else { '?' };
    match cursor {
        Some(cursor) => format!("{path}{separator}limit={limit}&cursor={}", encode(cursor)),
        None => format!("{path}{separator}limit={limit}"),
    }
}

/// POST a JSON body and read the JSON answer.
async fn post_json<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    token: Option<&str>,
) -> Result<T, ApiError> {
    read(post(path, body, token).await?).await
}

/// Percent-encodes a query parameter value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
