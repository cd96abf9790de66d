//! "Download CSV" for a table of the overview: the file is asked for with
//! the session's token (a plain link could not send it), then saved from a
//! blob URL under the name the server gave it.

use leptos::prelude::*;
use medtrack_shared::billing::overview::Panel;
use wasm_bindgen::JsCast;

use crate::api::billing::Download;
use crate::api::use_api;
use crate::components::action::{Act, Failure};

/// Saves `file` through a link to a blob that is let go at once (the
/// dashboards' CSV files too, made in the browser).
pub fn save(file: &Download) -> Option<()> {
    let parts = js_sys::Array::of1(&file.text.as_str().into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&format!("{};charset=utf-8", file.media_type));
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = web_sys::window()?.document()?;
    let anchor = document.create_element("a").ok()?;
    // Setting attributes and appending fail only on a document going away.
    let _ = anchor.set_attribute("href", &url);
    let _ = anchor.set_attribute("download", &file.file_name);
    let _ = document.body()?.append_child(&anchor);
    if let Some(anchor) = anchor.dyn_ref::<web_sys::HtmlElement>() {
        anchor.click();
    }
    anchor.remove();
    // Let go once the download has surely started.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    Some(())
}

/// The button of one table.
#[component]
pub fn DownloadCsv(panel: Panel) -> impl IntoView {
    let api = use_api();
    let act = Act::new();
    let download = move |_| {
        act.run(api.billing_csv(panel), move |file: Download| {
            if save(&file).is_none() {
                act.fail("The file could not be saved. Try again.");
            }
        });
    };
    view! {
        <button type="button" class="secondary" disabled=move || act.pending() on:click=download
            aria-label=format!("Download CSV: {}", panel.title()) data-testid=format!("csv-{}", panel.name())>
            "Download CSV"
        </button>
        <Failure act/>
    }
}
