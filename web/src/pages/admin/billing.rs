//! The clinic's billing at a glance: what is owed by age, claims by state,
//! revenue by month (billed beside collected) and by doctor. Each table is
//! drawn from the overview's own rows and headings, the very ones its CSV
//! file holds, so what is downloaded is what is seen.

use leptos::prelude::*;
use medtrack_shared::billing::overview::{decimal, Overview, Panel};

use crate::components::billing::{Bar, Bars, DownloadCsv, RevenueChart};
use crate::components::status::{Loaded, Loader};
use crate::format;

/// The billing pages of admins, as links; `current` is the page shown.
#[component]
pub fn BillingNav(current: &'static str) -> impl IntoView {
    let links = [
        ("overview", "/admin/billing", "Overview"),
        ("invoices", "/admin/invoices", "Invoices"),
        ("claims", "/admin/claims", "Claims"),
    ];
    view! {
        <nav class="subnav" aria-label="Billing" data-testid="billing-nav">
            <ul>
                {links.map(|(key, href, label)| view! {
                    <li><a href=href aria-current=(key == current).then_some("page")>{label}</a></li>
                }).collect_view()}
            </ul>
        </nav>
    }
}

/// The overview page.
#[component]
pub fn BillingOverviewPage() -> impl IntoView {
    let overview = Loader::new(|api| api.billing_overview());
    view! {
        <h1>"Billing"</h1>
        <BillingNav current="overview"/>
        <Loaded from=overview what="the billing overview" let:overview>
            <p class="lead" data-testid="as-of">{format!(
                "As of {}. Amounts in different currencies are never added together.",
                format::date(overview.as_of)
            )}</p>
            <div class="panels">
                {Panel::ALL.map(|panel| view! { <PanelView overview=overview.clone() panel/> }).collect_view()}
            </div>
        </Loaded>
    }
}

/// Whether a cell holds a figure (right-aligned): digits with at most a
/// leading minus and a point.
fn figure(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().any(|c| c.is_ascii_digit())
}

/// One panel: its heading and CSV button, its picture, its table.
#[component]
fn PanelView(overview: Overview, panel: Panel) -> impl IntoView {
    let name = panel.name();
    let heading = format!("panel-{name}-heading");
    let table_heading = heading.clone();
    let region_heading = heading.clone();
    let header = panel.header();
    let rows = overview.rows(panel);
    let empty = rows.is_empty();
    // A column of figures is right-aligned, its heading too.
    let figures: Vec<bool> = (0..header.len())
        .map(|n| {
            rows.iter()
                .all(|row| row.get(n).is_some_and(|cell| figure(cell)))
        })
        .collect();
    let heading_figures = figures.clone();
    view! {
        <section class=format!("card panel panel-{name}") aria-labelledby=heading.clone() data-testid=format!("panel-{name}")>
            <div class="panel-head">
                <h2 id=heading.clone()>{panel.title()}</h2>
                <DownloadCsv panel/>
            </div>
            <Picture overview=overview.clone() panel/>
            {if empty {
                view! { <p class="empty">"Nothing to show yet."</p> }.into_any()
            } else {
                view! {
                    // Scrolls sideways on a phone: reachable by keyboard.
                    <div class="scroll" tabindex="0" role="region" aria-labelledby=region_heading>
                        <table class="table overview-table" aria-labelledby=table_heading data-testid=format!("table-{name}")>
                            <thead><tr>
                                {header.iter().zip(heading_figures).map(|(h, figure)| view! {
                                    <th scope="col" class:num=figure>{*h}</th>
                                }).collect_view()}
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|row| view! {
                                    <tr data-testid="overview-row">
                                        {row.into_iter().zip(header.iter()).zip(figures.iter()).map(|((cell, h), figure)| {
                                            view! { <td class:num=*figure data-label=*h>{cell}</td> }
                                        }).collect_view()}
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// A panel's picture: bars of the ageing per currency, of the claims per
/// state, the revenue chart per currency; none for the doctors' table.
#[component]
fn Picture(overview: Overview, panel: Panel) -> impl IntoView {
    match panel {
        Panel::Ageing => overview
            .ageing
            .iter()
            .filter(|a| a.total() != 0)
            .map(|a| {
                let c = a.currency.clone();
                let bar = |label: &str, value: i64| Bar {
                    label: label.to_owned(),
                    value,
                    shown: format::amount(value, &c),
                };
                let bars = vec![
                    bar("Not yet due", a.current),
                    bar("1–30 days", a.days_1_30),
                    bar("31–60 days", a.days_31_60),
                    bar("61–90 days", a.days_61_90),
                    bar("Over 90 days", a.over_90),
                ];
                view! {
                    <Bars caption=format!("Owed in {c}, by days past due: {} on {} invoices", decimal(a.total(), &c), a.invoices)
                        bars testid=format!("ageing-bars-{c}")/>
                }
            })
            .collect_view()
            .into_any(),
        Panel::Claims => {
            let bars = overview
                .claims
                .iter()
                .map(|c| Bar {
                    label: c.state.label().to_owned(),
                    value: i64::try_from(c.count).unwrap_or(i64::MAX),
                    shown: c.count.to_string(),
                })
                .collect::<Vec<_>>();
            let any = bars.iter().any(|b| b.value > 0);
            any.then(|| view! { <Bars caption="Claims in each state now" bars testid="claims-bars"/> })
                .into_any()
        }
        Panel::Revenue => {
            let mut currencies: Vec<String> = overview.revenue.iter().map(|r| r.currency.clone()).collect();
            currencies.sort();
            currencies.dedup();
            currencies
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
                .collect_view()
                .into_any()
        }
        Panel::Doctors => ().into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_told_from_names() {
        assert!(figure("60.00"));
        assert!(figure("-12.50"));
        assert!(figure("3"));
        assert!(!figure("2027-03"));
        assert!(!figure("EUR"));
        assert!(!figure("In review"));
        assert!(!figure("-"));
    }
}
