//! The typed API client, over gloo-net, speaking the shared types.

pub mod catalogue;

use gloo_net::http::Request;
use medtrack_shared::ErrorBody;
use serde::de::DeserializeOwned;

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

/// GET `path` (below `/api/v1`) and read the JSON answer.
async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let url = format!("{}/api/v1{path}", base_url());
    let response = Request::get(&url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if !response.ok() {
        let body = response.json::<ErrorBody>().await.ok();
        return Err(ApiError::Server {
            status: response.status(),
            body,
        });
    }
    response.json::<T>().await.map_err(|_| ApiError::Unreadable)
}

/// Percent-encodes a query parameter value (cursors are URL-safe base64, but
/// the client does not rely on it).
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
