//! A chart's frame: its heading and "Download CSV", the chart (or what
//! the days hold in words when there is nothing to draw), how its figure
//! is counted in the shared definitions' words, and the same numbers as a
//! table. The table, the drawing and the file are one `Table`.

use leptos::prelude::*;
use medtrack_shared::analytics::definitions::{Metric, Table};
use medtrack_shared::analytics::DayRange;

use super::{cell, file_name, key_text, key_value};
use crate::api::billing::Download;
use crate::components::billing::save_file;

/// One chart with its definition, table and CSV file.
#[component]
pub fn ChartPanel(
    /// The numbers drawn, listed and downloaded.
    table: Table,
    /// The days they cover, for the file's name.
    range: DayRange,
    /// Its heading; the metric's title when none.
    #[prop(optional)]
    title: Option<&'static str>,
    /// Further figures whose definitions it shows (the table's own first).
    #[prop(optional)]
    more: Vec<Metric>,
    /// Said instead of the chart when there is nothing to draw.
    #[prop(optional_no_strip)]
    empty: Option<String>,
    /// A line under the heading, e.g. the median.
    #[prop(optional, into)]
    note: Option<String>,
    /// Whether the table shows from the start.
    #[prop(optional)]
    open: bool,
    /// The panel's test id, and the base of its ids.
    testid: &'static str,
    /// Spans the whole row on a wide screen.
    #[prop(optional)]
    wide: bool,
    /// The chart.
    children: Children,
) -> impl IntoView {
    let title = title.unwrap_or_else(|| table.metric.title()).to_owned();
    let heading = format!("{testid}-heading");
    let definitions: Vec<Metric> = std::iter::once(table.metric).chain(more).collect();
    let several = definitions.len() > 1;
    let csv = table.csv();
    let file = file_name(&title, &range);
    let failed = RwSignal::new(None::<&'static str>);
    let download = move |_| {
        let saved = save_file(&Download {
            file_name: file.clone(),
            media_type: "text/csv".to_owned(),
            text: csv.clone(),
        });
        failed.set(
            saved
                .is_none()
                .then_some("The file could not be saved. Try again."),
        );
    };
    let chart = match empty {
        Some(words) => view! { <p class="empty" data-testid="empty">{words}</p> }.into_any(),
        None => children().into_any(),
    };
    view! {
        <section class="card an-panel" class:wide=wide aria-labelledby=heading.clone() data-testid=testid>
            <div class="panel-head">
                <h2 id=heading.clone()>{title.clone()}</h2>
                <button type="button" class="secondary" on:click=download
                    aria-label=format!("Download CSV: {title}") data-testid="csv">"Download CSV"</button>
            </div>
            <p class="form-error" role="alert">{move || failed.get()}</p>
            {note.map(|note| view! { <p class="an-note" data-testid="note">{note}</p> })}
            {chart}
            <details class="an-how">
                <summary>"How this is counted"</summary>
                {definitions.into_iter().map(|metric| view! {
                    <p data-testid="definition">
                        {several.then(|| view! { <strong>{metric.title()}": "</strong> })}
                        {metric.definition()}
                    </p>
                }).collect_view()}
            </details>
            <details class="an-table" open=open>
                <summary>"Show table"</summary>
                <TableView table title heading=heading.clone()/>
            </details>
        </section>
    }
}

/// The table of a panel: a row per row of the `Table`, days in words.
#[component]
fn TableView(table: Table, title: String, heading: String) -> impl IntoView {
    let columns = table.columns.clone();
    view! {
        // Scrolls sideways on a phone: reachable by keyboard.
        <div class="scroll" tabindex="0" role="region" aria-label=format!("{title}, table")>
            <table class="table an-data" aria-labelledby=heading data-testid="table">
                <thead><tr>
                    <th scope="col">{table.key}</th>
                    {columns.iter().map(|c| view! { <th scope="col" class="num">{*c}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {table.rows.iter().map(|(key, values)| view! {
                        <tr data-testid="row" data-key=key_value(key)>
                            <th scope="row">{key_text(key)}</th>
                            {values.iter().zip(&columns).map(|(value, c)| view! {
                                <td class="num" data-label=*c>{cell(*value)}</td>
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
