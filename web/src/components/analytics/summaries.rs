//! Billing and blood beside the clinic's dashboard, in brief, from what
//! their own pages read: revenue by month with what is still owed (the
//! billing overview's months and its CSV export), and the blood stock by
//! group with days of cover. Neither follows the dashboard's days: the
//! overview covers the last 12 months, the stock is as it stands now.

use leptos::prelude::*;
use medtrack_shared::billing::overview::{Overview, Panel};
use medtrack_shared::blood::stock::StockLine;
use medtrack_shared::blood::Component;

use crate::components::billing::{DownloadCsv, RevenueChart};
use crate::components::blood::{cover, group_name, ComponentChips, StockChart};
use crate::components::status::{Loaded, Loader};
use crate::format;

/// Revenue by month per currency and what is owed, linking to the
/// billing overview.
#[component]
pub fn BillingSummary() -> impl IntoView {
    let overview = Loader::new(|api| api.billing_overview());
    view! {
        <section class="card an-panel" aria-labelledby="panel-billing-heading" data-testid="panel-billing">
            <div class="panel-head">
                <h2 id="panel-billing-heading">"Billing"</h2>
                <DownloadCsv panel=Panel::Revenue/>
            </div>
            <Loaded from=overview what="billing" let:overview>
                <BillingBody overview/>
            </Loaded>
            <p><a href="/admin/billing">"Open the billing overview"</a></p>
        </section>
    }
}

#[component]
fn BillingBody(overview: Overview) -> impl IntoView {
    let mut currencies: Vec<String> = overview
        .revenue
        .iter()
        .map(|r| r.currency.clone())
        .collect();
    currencies.sort();
    currencies.dedup();
    let owed = overview
        .ageing
        .iter()
        .filter(|a| a.total() != 0)
        .map(|a| {
            let invoices = match a.invoices {
                1 => "1 invoice".to_owned(),
                n => format!("{n} invoices"),
            };
            view! { <li data-testid="owed">{format!("{} on {invoices}", format::amount(a.total(), &a.currency))}</li> }
        })
        .collect::<Vec<_>>();
    let charts = currencies
        .into_iter()
        .map(|currency| {
            let months = overview
                .revenue
                .iter()
                .filter(|r| r.currency == currency)
                .cloned()
                .collect::<Vec<_>>();
            view! { <RevenueChart currency months/> }
        })
        .collect::<Vec<_>>();
    let header = Panel::Revenue.header();
    let rows = overview.rows(Panel::Revenue);
    view! {
        <p class="an-note">{format!("Revenue over the last 12 months, as of {}.", format::date(overview.as_of))}</p>
        <h3>"Outstanding"</h3>
        {if owed.is_empty() {
            view! { <p data-testid="owed-none">"Nothing is owed."</p> }.into_any()
        } else {
            view! { <ul class="an-owed">{owed}</ul> }.into_any()
        }}
        {if charts.is_empty() {
            view! { <p class="empty">"No invoices in the last 12 months."</p> }.into_any()
        } else {
            charts.into_any()
        }}
        {(!rows.is_empty()).then(|| view! {
            <details class="an-table">
                <summary>"Show table"</summary>
                <div class="scroll" tabindex="0" role="region" aria-label="Revenue by month, table">
                    <table class="table an-data" aria-labelledby="panel-billing-heading">
                        <thead><tr>{header.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {rows.into_iter().map(|row| {
                                let mut cells = row.into_iter();
                                let month = cells.next().unwrap_or_default();
                                view! {
                                    <tr>
                                        <th scope="row">{format::month(&month)}</th>
                                        {cells.map(|cell| view! { <td>{cell}</td> }).collect_view()}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
        })}
    }
}

/// The blood stock of a component by group with its days of cover,
/// linking to the blood bank.
#[component]
pub fn BloodSummary() -> impl IntoView {
    let stock = Loader::new(|api| api.blood_stock());
    let chosen = RwSignal::new(Component::RedCells);
    view! {
        <section class="card an-panel" aria-labelledby="panel-blood-heading" data-testid="panel-blood">
            <div class="panel-head">
                <h2 id="panel-blood-heading">"Blood stock"</h2>
            </div>
            <Loaded from=stock what="the blood stock" let:stock>
                <p class="an-note">"As it stands now. Days of cover: how long the units available last at the pace of the last 30 days' issues."</p>
                <ComponentChips chosen label="Component shown"/>
                {
                    let lines = StoredValue::new(stock.lines);
                    move || {
                        let component = chosen.get();
                        let shown: Vec<StockLine> = lines.with_value(|lines| {
                            lines.iter().filter(|l| l.component == component).cloned().collect()
                        });
                        view! {
                            <StockChart component lines=shown.clone()/>
                            <CoverTable component lines=shown/>
                        }
                    }
                }
            </Loaded>
            <p><a href="/admin/blood">"Open the blood bank"</a></p>
        </section>
    }
}

/// Each group's units and days of cover.
#[component]
fn CoverTable(component: Component, lines: Vec<StockLine>) -> impl IntoView {
    view! {
        <details class="an-table" open>
            <summary>"Show table"</summary>
            <div class="scroll" tabindex="0" role="region" aria-label=format!("{}: days of cover, table", component.label())>
                <table class="table an-data" data-testid="cover-table">
                    <caption class="visually-hidden">{format!("{}: units and days of cover per group", component.label())}</caption>
                    <thead><tr>
                        <th scope="col">"Group"</th>
                        <th scope="col" class="num">"Available"</th>
                        <th scope="col" class="num">"Days of cover"</th>
                    </tr></thead>
                    <tbody>
                        {lines.into_iter().map(|line| view! {
                            <tr data-group=line.group.code()>
                                <th scope="row">
                                    {group_name(line.group)}
                                    {line.low.then(|| view! { " " <span class="badge alert">"Low"</span> })}
                                </th>
                                <td class="num" data-label="Available">{line.available}</td>
                                <td class="num" data-label="Days of cover">{cover(line.days_of_cover)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
}
