//! The typed API client, over gloo-net, speaking the shared types. Calls
//! made as the signed-in person are methods of [`Api`], the authorized
//! handle; the few made before signing in are plain functions.

pub mod allergy_check;
pub mod analytics;
pub mod appointments;
pub mod auth;
pub mod billing;
pub mod blood;
pub mod catalogue;
pub mod delivery;
pub mod events;
pub mod fhir;
pub mod inbox;
pub mod medications;
pub mod messaging;
pub mod record;
pub mod triage;
pub mod upload;
pub mod vault;
pub mod wards;
pub mod wellbeing;

use gloo_net::http::{Request, RequestBuilder, Response};
use medtrack_shared::{ErrorBody, ErrorCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use web_sys::RequestCredentials;

use crate::state::session::{use_session, Session};

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
    /// Nobody is signed in (any more): the call was not sent.
    SignedOut,
}

impl ApiError {
    /// The server's error code, e.g. [`ErrorCode::TwoFactorRequired`].
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Server {
                body: Some(body), ..
            } => Some(body.error.code),
            _ => None,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Server { status, .. } => Some(*status),
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

    /// Every field the server named, with its message.
    pub fn fields(&self) -> std::collections::BTreeMap<String, String> {
        match self {
            Self::Server {
                body: Some(body), ..
            } => body.error.fields.clone(),
            _ => Default::default(),
        }
    }

    /// The medicines that matched the patient's allergies, when the server
    /// refused with `allergy_conflict`.
    pub fn conflicts(&self) -> Vec<medtrack_shared::record::AllergyConflict> {
        match self {
            Self::Server {
                body: Some(body), ..
            } if body.error.code == ErrorCode::AllergyConflict => body.error.conflicts.clone(),
            _ => Vec::new(),
        }
    }

    /// The error in words, naming the field when the server named one:
    /// `about("number", "The number")` gives "The number must be …".
    pub fn about(&self, field: &str, label: &str) -> String {
        self.field(field)
            .map(|message| format!("{label} {message}"))
            .unwrap_or_else(|| self.to_string())
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
            Self::SignedOut => f.write_str("You are signed out. Sign in again to go on."),
        }
    }
}

/// The API's origin: the `medtrack-api-base` meta tag of index.html (split
/// mode), or this page's origin when it is empty.
pub(crate) fn base_url() -> String {
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

/// A path of the API's version 1, or a whole path under `/api/` (FHIR's).
fn url(path: &str) -> String {
    if path.starts_with("/api/") {
        return format!("{}{path}", base_url());
    }
    format!("{}/api/v1{path}", base_url())
}

/// The HTTP methods the API uses.
#[derive(Debug, Clone, Copy)]
enum Verb {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

/// What most answers are.
const JSON: &str = "application/json";

/// Sends one request and checks its status. Cookies travel (the refresh
/// token's, scoped to /api/v1/auth) also when the API is elsewhere.
async fn send(
    verb: Verb,
    path: &str,
    body: Option<&serde_json::Value>,
    token: Option<&str>,
) -> Result<Response, ApiError> {
    send_accepting(verb, path, body, token, JSON).await
}

/// [`send`], asking for an answer of type `accept` (a file to save).
async fn send_accepting(
    verb: Verb,
    path: &str,
    body: Option<&serde_json::Value>,
    token: Option<&str>,
    accept: &str,
) -> Result<Response, ApiError> {
    let address = url(path);
    let builder: RequestBuilder = match verb {
        Verb::Get => Request::get(&address),
        Verb::Post => Request::post(&address),
        Verb::Put => Request::put(&address),
        Verb::Patch => Request::patch(&address),
        Verb::Delete => Request::delete(&address),
    }
    .header("Accept", accept)
    .credentials(RequestCredentials::Include);
    let builder = match token {
        Some(token) => builder.header("Authorization", &format!("Bearer {token}")),
        None => builder,
    };
    let sent = match body {
        Some(body) => {
            builder
                .json(body)
                .map_err(|_| ApiError::Unreadable)?
                .send()
                .await
        }
        None => builder.send().await,
    };
    let response = sent.map_err(|_| ApiError::Network)?;
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

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    response.json::<T>().await.map_err(|_| ApiError::Unreadable)
}

fn json<B: Serialize>(body: &B) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(body).map_err(|_| ApiError::Unreadable)
}

/// The body of actions that need none.
fn nothing() -> serde_json::Value {
    serde_json::json!({})
}

/// GET without signing in.
async fn public_get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    read(send(Verb::Get, path, None, None).await?).await
}

/// POST without an access token (signing in, renewing, registering).
async fn public_post<B: Serialize>(path: &str, body: &B) -> Result<Response, ApiError> {
    send(Verb::Post, path, Some(&json(body)?), None).await
}

/// The authorized handle: calls made as the signed-in person. Each carries
/// the session's access token; a call the server refuses with 401 (the
/// token expired or was revoked meanwhile) renews the session once and is
/// sent once more. When renewal fails the session ends, and the route
/// guards send the person to sign in.
#[derive(Debug, Clone, Copy)]
pub struct Api {
    session: Session,
}

/// The authorized handle of the session in the context.
pub fn use_api() -> Api {
    Api {
        session: use_session(),
    }
}

impl Api {
    /// The signed-in person's id, for calls about their own records.
    pub fn my_id(self) -> Result<medtrack_shared::UserId, ApiError> {
        self.session.me().map(|me| me.id).ok_or(ApiError::SignedOut)
    }

    async fn send(
        self,
        verb: Verb,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Result<Response, ApiError> {
        self.send_accepting(verb, path, body, JSON).await
    }

    async fn send_accepting(
        self,
        verb: Verb,
        path: &str,
        body: Option<serde_json::Value>,
        accept: &str,
    ) -> Result<Response, ApiError> {
        let token = self.session.token().ok_or(ApiError::SignedOut)?;
        match send_accepting(verb, path, body.as_ref(), Some(&token), accept).await {
            Err(refused) if refused.status() == Some(401) => {
                match self.session.renewed_after(&token).await {
                    Some(fresh) => {
                        send_accepting(verb, path, body.as_ref(), Some(&fresh), accept).await
                    }
                    None => Err(refused),
                }
            }
            answer => answer,
        }
    }

    async fn get<T: DeserializeOwned>(self, path: &str) -> Result<T, ApiError> {
        read(self.send(Verb::Get, path, None).await?).await
    }

    async fn post<B: Serialize, T: DeserializeOwned>(
        self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        read(self.send(Verb::Post, path, Some(json(body)?)).await?).await
    }

    /// POST whose answer is not needed.
    async fn post_only<B: Serialize>(self, path: &str, body: &B) -> Result<(), ApiError> {
        self.send(Verb::Post, path, Some(json(body)?))
            .await
            .map(drop)
    }

    async fn put<B: Serialize, T: DeserializeOwned>(
        self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        read(self.send(Verb::Put, path, Some(json(body)?)).await?).await
    }

    async fn patch<B: Serialize, T: DeserializeOwned>(
        self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        read(self.send(Verb::Patch, path, Some(json(body)?)).await?).await
    }

    async fn delete(self, path: &str) -> Result<(), ApiError> {
        self.send(Verb::Delete, path, None).await.map(drop)
    }

    /// DELETE whose answer is read (what was deleted, as it now stands).
    async fn delete_for<T: DeserializeOwned>(self, path: &str) -> Result<T, ApiError> {
        read(self.send(Verb::Delete, path, None).await?).await
    }
}

/// `?limit=..&cursor=..` for a list path that may already have a query.
fn paged(path: &str, limit: u32, cursor: Option<&str>) -> String {
    let separator = if path.contains('?') { '&' } else { '?' };
    match cursor {
        Some(cursor) => format!("{path}{separator}limit={limit}&cursor={}", encode(cursor)),
        None => format!("{path}{separator}limit={limit}"),
    }
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
