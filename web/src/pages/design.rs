//! The design system's page of examples: every component once, in the
//! page's colour mode, for whoever builds a page or reviews one. Public and
//! unlinked; it reads no data.

use leptos::prelude::*;
use medtrack_shared::vault::ScanStatus;

use crate::components::tiles::Tile;
use crate::components::vault::{FilePicker, PaperClip, ScanBadge, UploadProgress};
use crate::format;

/// The examples.
#[component]
pub fn DesignPage() -> impl IntoView {
    let today = format::today("UTC");
    let now = format::now();
    view! {
        <h1>"Design system"</h1>
        <p class="lead">"The pieces every page is made of. Light or dark follows the system setting."</p>
        <h2>"Type"</h2>
        <p>"Body text, 1 rem. " <span class="hint">"Hints are muted and smaller."</span></p>
        <h2>"Formats"</h2>
        <dl class="facts">
            <dt>"A moment"</dt><dd>{format::when(now, "UTC")}</dd>
            <dt>"A day"</dt><dd>{format::day(today)}</dd>
            <dt>"A date"</dt><dd>{format::date(today)}</dd>
            <dt>"A time"</dt><dd>{format::clock(now, "UTC")}</dd>
            <dt>"Relative"</dt><dd>{format::relative(now)}</dd>
            <dt>"A duration"</dt><dd>{format::duration(90)}</dd>
            <dt>"Money"</dt><dd>{format::money(4550, "EUR")}</dd>
            <dt>"A file's size"</dt><dd>{format::size(2_516_582)}</dd>
        </dl>
        <h2>"Buttons"</h2>
        <div class="actions">
            <button>"Primary"</button>
            <button class="secondary">"Secondary"</button>
            <button class="danger">"Danger"</button>
            <button disabled=true>"Disabled"</button>
            <a class="button" href="/design">"A link as a button"</a>
        </div>
        <h2>"Badges and chips"</h2>
        <p class="actions">
            <span class="badge">"Neutral"</span>
            <span class="badge ok">"Confirmed"</span>
            <span class="badge warn">"Waiting"</span>
            <span class="badge alert">"Emergency"</span>
            <span class="badge status-completed">"Completed"</span>
            <span class="badge status-cancelled">"Cancelled"</span>
            <button class="chip" aria-pressed="false">"09:30"</button>
            <button class="chip" aria-pressed="true">"10:00"</button>
        </p>
        <h2>"Figures"</h2>
        <ul class="tiles" aria-label="Figures">
            <Tile testid="example-figure" label="appointments today" href="/design" figure="12"/>
            <Tile testid="example-alert" label="needs action" href="/design" figure="3" alert=true/>
        </ul>
        <h2>"Cards"</h2>
        <ul class="cards">
            <li class="card"><h3>"A card"</h3><p>"Muted supporting text."</p></li>
            <li class="card next"><h3>"Marked card"</h3><p>"For what comes next."</p></li>
        </ul>
        <h2>"Table"</h2>
        <table class="table">
            <caption>"A table becomes cards on a phone"</caption>
            <thead><tr><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"Status"</th></tr></thead>
            <tbody>
                <tr><td data-label="When">{format::when(now, "UTC")}</td><td data-label="Who">"Ada Patient"</td><td data-label="Status"><span class="badge ok">"Confirmed"</span></td></tr>
            </tbody>
        </table>
        <h2>"Form"</h2>
        <form class="form" on:submit=|ev| ev.prevent_default()>
            <div class="field">
                <label for="example">"A field"</label>
                <input id="example" aria-describedby="example-hint"/>
                <p class="hint" id="example-hint">"Inline help says what is expected."</p>
            </div>
            <div class="field">
                <label for="example-bad">"A field with an error"</label>
                <input id="example-bad" aria-invalid="true" aria-describedby="example-bad-error"/>
                <p class="field-error" id="example-bad-error">"must be at most 200 characters"</p>
            </div>
        </form>
        <h2>"Files"</h2>
        <div class="form">
            <FilePicker id="example-file" file=RwSignal::new_local(None)/>
            <UploadProgress share=RwSignal::new(Some(0.42)) id="example-progress"/>
        </div>
        <p class="actions">
            <ScanBadge scan=ScanStatus::Pending finding=None/>
            <ScanBadge scan=ScanStatus::Clean finding=None/>
            <ScanBadge scan=ScanStatus::Infected finding=Some("Win.Test.EICAR_HDB-1".to_owned())/>
            <ScanBadge scan=ScanStatus::NotScanned finding=None/>
        </p>
        <h2>"Messages"</h2>
        <ol class="messages conversation">
            <li class="bubble theirs"><p class="message-text">"The other party's message, on the left."</p>
                <p class="meta">{format::when(now, "UTC")}</p></li>
            <li class="bubble mine"><p class="message-text">"The reader's own, on the right, with its read mark."</p>
                <ul class="attachments"><li><button type="button" class="attachment"><PaperClip/><span class="attachment-title">"An attachment"</span></button></li></ul>
                <p class="meta">{format::when(now, "UTC")}" · "<span class="receipt">{format!("Read {}", format::clock(now, "UTC"))}</span></p></li>
            <li class="clinic-note"><p class="clinic-note-from">"Automatic note from the clinic"</p>
                <p class="message-text">"A note across the thread, nobody's bubble."</p></li>
        </ol>
        <h2>"Notices and empty states"</h2>
        <div class="notice"><p>"A notice: a step done, or what to know first."</p></div>
        <div class="notice warning"><p>"A warning: something to do before anything else."</p></div>
        <p class="empty">"Nothing here yet. " <a href="/design">"Say what to do next"</a></p>
    }
}
