//! The caller's stream of live changes (Server-Sent Events), fed by this
//! replica's reader of messaging's change feed.

use std::time::Duration;

use actix_web::http::header;
use actix_web::web::{Bytes, Data};
use actix_web::{get, HttpRequest, HttpResponse};
use futures::{stream, StreamExt};
use medtrack_shared::{ErrorBody, ErrorCode};

use super::guard::{bearer_token, Authenticated, PatientOrDoctor};
use super::AppState;
use crate::domain::messaging::feed::Signal;
use crate::error::ApiError;

/// How often an idle stream says it is alive (load balancers close
/// connections idle for a minute).
const PING_EVERY: Duration = Duration::from_secs(15);

/// The caller's live changes as Server-Sent Events: `event: thread` with
/// `{"thread": <id>}` when a message arrives in, or a read mark moves in, one
/// of their threads; `event: resync` when changes were missed (read again);
/// a `: ping` comment every 15 seconds. Authorized by the bearer token
/// (read it with `fetch`: an `EventSource` cannot send one) and asked for
/// with `Accept: text/event-stream` (else 406); the stream ends
/// when the token expires, and the client reconnects with a fresh one.
#[utoipa::path(
    tag = "messaging",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A stream of events.", content_type = "text/event-stream", body = String),
        (status = 406, description = "Asked for without `Accept: text/event-stream` (`not_acceptable`).", body = ErrorBody),
    )
)]
#[get("/events")]
pub async fn events(
    state: Data<AppState>,
    caller: Authenticated<PatientOrDoctor>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let accepts = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/event-stream"));
    if !accepts {
        return Err(ApiError::Http(ErrorCode::NotAcceptable));
    }
    let expires = bearer_token(&request)
        .and_then(|token| state.tokens.verify(&token))
        .map_or(0, |claims| claims.exp);
    let now = u64::try_from(state.ctx.now().as_second()).unwrap_or(0);
    let lasts = Duration::from_secs(expires.saturating_sub(now));
    let deadline = tokio::time::Instant::now() + lasts;
    let listener = state.ctx.feed.listen(caller.account.id);
    let opening = Bytes::from_static(b"retry: 3000\n: open\n\n");
    let events = stream::unfold(listener, move |mut listener| async move {
        let chunk = tokio::select! {
            signal = listener.next() => match signal {
                Signal::Thread(thread) => {
                    format!("event: thread\ndata: {{\"thread\":\"{thread}\"}}\n\n")
                }
                Signal::Resync => "event: resync\ndata: {}\n\n".to_owned(),
            },
            () = tokio::time::sleep(PING_EVERY) => ": ping\n\n".to_owned(),
            () = tokio::time::sleep_until(deadline) => return None,
        };
        Some((Ok::<_, actix_web::Error>(Bytes::from(chunk)), listener))
    });
    let body = stream::once(async move { Ok::<_, actix_web::Error>(opening) }).chain(events);
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        // Compression would hold events back in its buffer.
        .insert_header((header::CONTENT_ENCODING, "identity"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(body))
}
