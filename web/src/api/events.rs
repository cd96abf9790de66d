//! The live stream of what changes for the signed-in person:
//! `GET /api/v1/me/events`, Server-Sent Events. `EventSource` cannot send
//! the `Authorization` header, so the stream is a `fetch` whose body is
//! read as it comes. Like every call of [`Api`] it carries the session's
//! token, and a 401 renews the session once. Reconnecting is the caller's
//! business (`state::messages`).

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use gloo_net::http::Request;
use js_sys::{Promise, Reflect, Uint8Array};
use medtrack_shared::messaging::ThreadChanged;
use medtrack_shared::ErrorBody;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortSignal, ReadableStreamDefaultReader};

use super::{url, Api, ApiError};

/// The most bytes kept of a line that has not ended: past it, the line is
/// dropped (the server's lines are short).
const MAX_LINE: usize = 64 * 1024;

/// Something the server pushed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pushed {
    /// A message came in, or a read mark moved, in one of the caller's threads.
    Thread(ThreadChanged),
    /// Changes were missed: anything may have changed.
    Resync,
    /// An event this client does not know: there is nothing to do about it.
    Other,
}

/// An open stream, read event by event.
pub struct EventStream {
    reader: ReadableStreamDefaultReader,
    parser: SseParser,
    ready: std::collections::VecDeque<SseEvent>,
}

impl Api {
    /// Opens the caller's stream of events; `signal` ends it (on sign-out).
    pub async fn events(self, signal: &AbortSignal) -> Result<EventStream, ApiError> {
        let token = self.session.token().ok_or(ApiError::SignedOut)?;
        match open(&token, signal).await {
            Err(refused) if refused.status() == Some(401) => {
                match self.session.renewed_after(&token).await {
                    Some(fresh) => open(&fresh, signal).await,
                    None => Err(refused),
                }
            }
            answer => answer,
        }
    }
}

async fn open(token: &str, signal: &AbortSignal) -> Result<EventStream, ApiError> {
    let response = Request::get(&url("/me/events"))
        .header("Accept", "text/event-stream")
        .header("Authorization", &format!("Bearer {token}"))
        .abort_signal(Some(signal))
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
    let body = response.body().ok_or(ApiError::Unreadable)?;
    Ok(EventStream {
        reader: body.get_reader().unchecked_into(),
        parser: SseParser::default(),
        ready: Default::default(),
    })
}

impl EventStream {
    /// The next event; `Ok(None)` when the server ended the stream (as it
    /// does when the access token expires), an error when the connection
    /// broke or was aborted.
    pub async fn next(&mut self) -> Result<Option<Pushed>, ApiError> {
        loop {
            if let Some(event) = self.ready.pop_front() {
                return Ok(Some(pushed(&event)));
            }
            let chunk = Settled::new(&self.reader.read())
                .await
                .map_err(|_| ApiError::Network)?;
            let done = Reflect::get(&chunk, &"done".into())
                .ok()
                .and_then(|d| d.as_bool())
                .unwrap_or(true);
            if done {
                return Ok(None);
            }
            if let Ok(value) = Reflect::get(&chunk, &"value".into()) {
                if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
                    self.ready.extend(self.parser.feed(&bytes.to_vec()));
                }
            }
        }
    }
}

/// What an event means to this client.
fn pushed(event: &SseEvent) -> Pushed {
    match event.event.as_str() {
        "thread" => serde_json::from_str(&event.data)
            .map(Pushed::Thread)
            .unwrap_or(Pushed::Other),
        "resync" => Pushed::Resync,
        _ => Pushed::Other,
    }
}

/// Waits `duration` (between attempts to reconnect).
pub async fn sleep(duration: Duration) {
    let slot = Rc::new(Slot::default());
    let woken = Rc::clone(&slot);
    leptos::prelude::set_timeout(move || woken.finish(Ok(JsValue::UNDEFINED)), duration);
    let _ = Waiting(slot).await;
}

/// One event of the stream: its type (`message` unless named) and data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    /// The `event:` field.
    pub event: String,
    /// The `data:` lines, joined by newlines.
    pub data: String,
}

/// Reads Server-Sent Events from the bytes of a stream, as they come in
/// chunks that may end anywhere (within a line, within a character).
#[derive(Debug, Default)]
pub struct SseParser {
    /// Bytes of a line not yet ended.
    line: Vec<u8>,
    event: String,
    data: Option<String>,
}

impl SseParser {
    /// Takes the next chunk; answers the events it completed.
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<SseEvent> {
        let mut events = Vec::new();
        for &byte in chunk {
            if byte == b'\n' {
                let raw = std::mem::take(&mut self.line);
                let text = String::from_utf8_lossy(&raw);
                self.take_line(text.strip_suffix('\r').unwrap_or(&text), &mut events);
            } else if self.line.len() < MAX_LINE {
                self.line.push(byte);
            }
        }
        events
    }

    fn take_line(&mut self, line: &str, events: &mut Vec<SseEvent>) {
        if line.is_empty() {
            let event = std::mem::take(&mut self.event);
            if let Some(data) = self.data.take() {
                events.push(SseEvent {
                    event: if event.is_empty() {
                        "message".to_owned()
                    } else {
                        event
                    },
                    data,
                });
            }
            return;
        }
        if line.starts_with(':') {
            // A comment: the server's keep-alive ping.
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "event" => value.clone_into(&mut self.event),
            "data" => match &mut self.data {
                Some(data) => {
                    data.push('\n');
                    data.push_str(value);
                }
                None => self.data = Some(value.to_owned()),
            },
            _ => {}
        }
    }
}

/// How a promise (or a timer) settled, for the future that waits for it.
#[derive(Default)]
struct Slot {
    outcome: RefCell<Option<Result<JsValue, JsValue>>>,
    waker: RefCell<Option<Waker>>,
}

impl Slot {
    fn finish(&self, outcome: Result<JsValue, JsValue>) {
        if self.outcome.borrow().is_none() {
            self.outcome.replace(Some(outcome));
        }
        if let Some(waker) = self.waker.take() {
            waker.wake();
        }
    }

    fn poll(&self, cx: &mut Context<'_>) -> Poll<Result<JsValue, JsValue>> {
        if let Some(outcome) = self.outcome.take() {
            return Poll::Ready(outcome);
        }
        self.waker.replace(Some(cx.waker().clone()));
        Poll::Pending
    }
}

/// Waits for a [`Slot`] to be filled.
struct Waiting(Rc<Slot>);

impl Future for Waiting {
    type Output = Result<JsValue, JsValue>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.0.poll(cx)
    }
}

/// A promise's handlers: of its value, and of its failure.
type Handlers = (Closure<dyn FnMut(JsValue)>, Closure<dyn FnMut(JsValue)>);

/// A promise awaited. Its handlers live as long as this future: it is
/// always awaited until the promise settles (an aborted read settles too).
struct Settled {
    slot: Rc<Slot>,
    _handlers: Handlers,
}

impl Settled {
    fn new(promise: &Promise) -> Self {
        let slot = Rc::new(Slot::default());
        let fulfilled = {
            let slot = Rc::clone(&slot);
            Closure::<dyn FnMut(JsValue)>::new(move |value| slot.finish(Ok(value)))
        };
        let rejected = {
            let slot = Rc::clone(&slot);
            Closure::<dyn FnMut(JsValue)>::new(move |reason| slot.finish(Err(reason)))
        };
        let _ = promise.then2(&fulfilled, &rejected);
        Self {
            slot,
            _handlers: (fulfilled, rejected),
        }
    }
}

impl Future for Settled {
    type Output = Result<JsValue, JsValue>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.slot.poll(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(event: &str, data: &str) -> SseEvent {
        SseEvent {
            event: event.to_owned(),
            data: data.to_owned(),
        }
    }

    #[test]
    fn events_are_read_across_chunks_and_pings_are_skipped() {
        let mut parser = SseParser::default();
        assert_eq!(parser.feed(b": ping\n\nevent: thr"), vec![]);
        assert_eq!(
            parser.feed(b"ead\ndata: {\"thread\":\"a\"}\n"),
            Vec::<SseEvent>::new()
        );
        assert_eq!(
            parser.feed(b"\n: ping\n\n"),
            vec![event("thread", "{\"thread\":\"a\"}")]
        );
    }

    #[test]
    fn crlf_lines_data_lines_and_unnamed_events() {
        let mut parser = SseParser::default();
        let events = parser.feed(b"data: one\r\ndata:two\r\n\r\nevent: x\r\n\r\n");
        // An event without data is not dispatched.
        assert_eq!(events, vec![event("message", "one\ntwo")]);
    }

    #[test]
    fn a_character_split_between_chunks_is_kept_whole() {
        let mut parser = SseParser::default();
        let text = "data: café\n\n".as_bytes();
        let (first, second) = text.split_at(10);
        assert!(parser.feed(first).is_empty());
        assert_eq!(parser.feed(second), vec![event("message", "café")]);
    }

    #[test]
    fn thread_events_are_understood_and_others_ignored() {
        let id = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
        let known = event("thread", &format!("{{\"thread\":\"{id}\"}}"));
        assert!(matches!(pushed(&known), Pushed::Thread(t) if t.thread.to_string() == id));
        assert_eq!(pushed(&event("thread", "not json")), Pushed::Other);
        assert_eq!(pushed(&event("resync", "{}")), Pushed::Resync);
        assert_eq!(pushed(&event("message", "{}")), Pushed::Other);
    }
}
