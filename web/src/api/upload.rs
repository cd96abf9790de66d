//! Uploads to the document vault: the file is the request body, sent with
//! `XMLHttpRequest` because `fetch` reports no upload progress. Like every
//! call of [`Api`] it carries the session's token, and a 401 (the token
//! expired meanwhile) renews the session and sends the file once more.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use medtrack_shared::vault::{Document, UploadQuery, VersionQuery};
use medtrack_shared::{DocumentId, ErrorBody, UserId};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Blob, ProgressEvent, XmlHttpRequest};

use super::{encode, url, Api, ApiError};

/// Told how far an upload is: the share of the file sent, from 0 to 1.
pub type Progress = Rc<dyn Fn(f64)>;

impl Api {
    /// Uploads a new document to the patient's vault.
    pub async fn upload_document(
        self,
        patient: UserId,
        query: &UploadQuery,
        file: &Blob,
        progress: Progress,
    ) -> Result<Document, ApiError> {
        let path = format!("/patients/{patient}/documents?{}", upload_query(query));
        self.upload(&path, file, progress).await
    }

    /// Uploads a new version of a document (its uploader).
    pub async fn upload_version(
        self,
        patient: UserId,
        id: DocumentId,
        query: &VersionQuery,
        file: &Blob,
        progress: Progress,
    ) -> Result<Document, ApiError> {
        let mut path = format!("/patients/{patient}/documents/{id}/versions");
        if let Some(name) = &query.file_name {
            path.push_str(&format!("?file_name={}", encode(name)));
        }
        self.upload(&path, file, progress).await
    }

    async fn upload(
        self,
        path: &str,
        file: &Blob,
        progress: Progress,
    ) -> Result<Document, ApiError> {
        let token = self.session.token().ok_or(ApiError::SignedOut)?;
        match send(path, &token, file, Rc::clone(&progress))?.await {
            Err(refused) if refused.status() == Some(401) => {
                match self.session.renewed_after(&token).await {
                    Some(fresh) => {
                        progress(0.0);
                        send(path, &fresh, file, progress)?.await
                    }
                    None => Err(refused),
                }
            }
            answer => answer,
        }
    }
}

/// The query string of a new document: what it is, the file aside.
fn upload_query(query: &UploadQuery) -> String {
    let mut pairs = vec![
        format!("title={}", encode(&query.title)),
        format!("category={}", query.category.as_str()),
        format!("about={}", query.about),
    ];
    if let Some(visit) = &query.visit {
        pairs.push(format!("visit={visit}"));
    }
    if let Some(name) = &query.file_name {
        pairs.push(format!("file_name={}", encode(name)));
    }
    pairs.join("&")
}

/// Starts sending `file` to `path`; the transfer answers the document.
fn send(path: &str, token: &str, file: &Blob, progress: Progress) -> Result<Transfer, ApiError> {
    let failed = |_| ApiError::Network;
    let xhr = XmlHttpRequest::new().map_err(failed)?;
    xhr.open_with_async("POST", &url(path), true)
        .map_err(failed)?;
    for (name, value) in [
        ("Accept", "application/json"),
        ("Content-Type", "application/octet-stream"),
        ("Authorization", &format!("Bearer {token}")),
    ] {
        xhr.set_request_header(name, value).map_err(failed)?;
    }
    let shared = Rc::new(Shared::default());
    let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
        if event.length_computable() && event.total() > 0.0 {
            progress((event.loaded() / event.total()).clamp(0.0, 1.0));
        }
    });
    let on_load = {
        let (shared, xhr) = (Rc::clone(&shared), xhr.clone());
        Closure::<dyn FnMut()>::new(move || {
            let status = xhr.status().unwrap_or(0);
            let body = xhr.response_text().ok().flatten().unwrap_or_default();
            shared.finish(answer(status, &body));
        })
    };
    let on_fail = {
        let shared = Rc::clone(&shared);
        Closure::<dyn FnMut()>::new(move || shared.finish(Err(ApiError::Network)))
    };
    xhr.upload()
        .map_err(failed)?
        .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(on_fail.as_ref().unchecked_ref()));
    xhr.set_onabort(Some(on_fail.as_ref().unchecked_ref()));
    xhr.set_ontimeout(Some(on_fail.as_ref().unchecked_ref()));
    let transfer = Transfer {
        xhr,
        shared,
        _handlers: (on_progress, on_load, on_fail),
    };
    transfer
        .xhr
        .send_with_opt_blob(Some(file))
        .map_err(failed)?;
    Ok(transfer)
}

/// What the server's answer means: the document, or why not.
fn answer(status: u16, body: &str) -> Result<Document, ApiError> {
    match status {
        // The browser gives 0 when nothing came back.
        0 => Err(ApiError::Network),
        200..=299 => serde_json::from_str(body).map_err(|_| ApiError::Unreadable),
        _ => Err(ApiError::Server {
            status,
            body: serde_json::from_str::<ErrorBody>(body).ok(),
        }),
    }
}

/// The outcome of a transfer, for the future that waits for it.
#[derive(Default)]
struct Shared {
    outcome: RefCell<Option<Result<Document, ApiError>>>,
    waker: RefCell<Option<Waker>>,
}

impl Shared {
    fn finish(&self, outcome: Result<Document, ApiError>) {
        if self.outcome.borrow().is_none() {
            self.outcome.replace(Some(outcome));
        }
        if let Some(waker) = self.waker.take() {
            waker.wake();
        }
    }
}

/// A file on its way; done when the server has answered.
struct Transfer {
    xhr: XmlHttpRequest,
    shared: Rc<Shared>,
    /// The browser calls these until the transfer ends: kept alive as long.
    _handlers: Handlers,
}

/// The progress handler, then those of the answer and of a failure.
type Handlers = (
    Closure<dyn FnMut(ProgressEvent)>,
    Closure<dyn FnMut()>,
    Closure<dyn FnMut()>,
);

impl Future for Transfer {
    type Output = Result<Document, ApiError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if let Some(outcome) = self.shared.outcome.take() {
            return Poll::Ready(outcome);
        }
        self.shared.waker.replace(Some(cx.waker().clone()));
        Poll::Pending
    }
}

impl Drop for Transfer {
    /// The handlers are about to be freed: the browser must not call them,
    /// and a transfer nobody waits for any more is stopped.
    fn drop(&mut self) {
        if let Ok(upload) = self.xhr.upload() {
            upload.set_onprogress(None);
        }
        self.xhr.set_onload(None);
        self.xhr.set_onerror(None);
        self.xhr.set_onabort(None);
        self.xhr.set_ontimeout(None);
        if self.xhr.ready_state() != XmlHttpRequest::DONE {
            // Stopping is all that is wanted; its failure changes nothing.
            let _ = self.xhr.abort();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use medtrack_shared::vault::DocumentCategory;

    #[test]
    fn the_query_names_the_document_and_encodes_what_people_typed() {
        let query = UploadQuery {
            title: "Blood test & lipids".into(),
            category: DocumentCategory::LabResult,
            about: jiff::civil::date(2026, 11, 2),
            visit: None,
            file_name: Some("blood test.pdf".into()),
        };
        assert_eq!(
            upload_query(&query),
            "title=Blood%20test%20%26%20lipids&category=lab_result&about=2026-11-02&file_name=blood%20test.pdf"
        );
    }

    #[test]
    fn answers_become_documents_or_errors() {
        assert_eq!(answer(0, ""), Err(ApiError::Network));
        assert_eq!(answer(201, "not json"), Err(ApiError::Unreadable));
        let refused = answer(
            415,
            r#"{"error":{"code":"unsupported_media_type","message":"Web pages are not accepted."}}"#,
        )
        .unwrap_err();
        assert_eq!(refused.status(), Some(415));
        assert_eq!(refused.to_string(), "Web pages are not accepted.");
    }
}
