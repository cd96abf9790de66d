//! The admins' billing overview, and the one definition of each of its
//! tables: the web client draws [`Overview::rows`], and the CSV export is
//! [`Overview::csv`] of the same rows, so the file always matches the screen.
//!
//! Definitions:
//! - **Outstanding by age**: issued invoices with a positive balance, by
//!   how many days past their due date (a day in the billing practice's
//!   time zone) they are on the overview's day (UTC): not yet due, 1–30, 31–60, 61–90,
//!   over 90 days. Each bucket is the sum of those invoices' balances, per
//!   currency.
//! - **Claims by state**: how many claims are in each state now.
//! - **Revenue by month**: per currency and calendar month (the practice's
//!   time zone): *billed* is what invoices issued that month charge less
//!   what credit notes of that month credit; *collected* is what was
//!   received that month (patients and insurers) less what was refunded;
//!   *written off* is what the clinic gave up that month.
//! - **Revenue by doctor**: the same billed and collected sums over the
//!   overview's months, per billing doctor and currency.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::claims::ClaimState;
use crate::appointment::Party;

/// How many months the revenue tables cover, ending with the current one.
pub const REVENUE_MONTHS: usize = 12;

/// One currency's outstanding balances by age.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ageing {
    /// ISO 4217 code.
    pub currency: String,
    /// Not yet due.
    pub current: i64,
    /// 1 to 30 days past due.
    pub days_1_30: i64,
    /// 31 to 60 days past due.
    pub days_31_60: i64,
    /// 61 to 90 days past due.
    pub days_61_90: i64,
    /// More than 90 days past due.
    pub over_90: i64,
    /// How many invoices are open.
    pub invoices: u32,
}

impl Ageing {
    /// Adds an open invoice's balance `days_past_due` after its due date
    /// (negative: before it).
    pub fn add(&mut self, balance: i64, days_past_due: i64) {
        let bucket = match days_past_due {
            ..=0 => &mut self.current,
            1..=30 => &mut self.days_1_30,
            31..=60 => &mut self.days_31_60,
            61..=90 => &mut self.days_61_90,
            _ => &mut self.over_90,
        };
        *bucket += balance;
        self.invoices += 1;
    }

    /// All buckets together.
    pub fn total(&self) -> i64 {
        self.current + self.days_1_30 + self.days_31_60 + self.days_61_90 + self.over_90
    }
}

/// How many claims are in one state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimCount {
    /// The state.
    pub state: ClaimState,
    /// How many.
    pub count: u64,
}

/// One month's revenue in one currency.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevenueMonth {
    /// `YYYY-MM`.
    #[cfg_attr(feature = "openapi", schema(example = "2027-03"))]
    pub month: String,
    /// ISO 4217 code.
    pub currency: String,
    /// Issued less credited.
    pub billed: i64,
    /// Received less refunded.
    pub collected: i64,
    /// Written off.
    pub written_off: i64,
}

/// One doctor's revenue in one currency over the overview's months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoctorRevenue {
    /// The billing doctor.
    pub doctor: Party,
    /// ISO 4217 code.
    pub currency: String,
    /// Issued less credited.
    pub billed: i64,
    /// Received less refunded.
    pub collected: i64,
}

/// `GET /api/v1/admin/billing`: the admins' billing page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overview {
    /// The day the ages are counted to (UTC).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub as_of: Date,
    /// The revenue tables' months, oldest first (`YYYY-MM`).
    pub months: Vec<String>,
    /// Outstanding by age, per currency.
    pub ageing: Vec<Ageing>,
    /// Claims by state, every state listed.
    pub claims: Vec<ClaimCount>,
    /// Revenue by month, per currency, every month listed.
    pub revenue: Vec<RevenueMonth>,
    /// Revenue by doctor, per currency, the highest billed first.
    pub doctors: Vec<DoctorRevenue>,
}

/// A table of the overview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Panel {
    /// Outstanding by age.
    Ageing,
    /// Claims by state.
    Claims,
    /// Revenue by month.
    Revenue,
    /// Revenue by doctor.
    Doctors,
}

impl Panel {
    /// Every table, in the page's order.
    pub const ALL: [Self; 4] = [Self::Ageing, Self::Claims, Self::Revenue, Self::Doctors];

    /// Its name in the API (and the CSV file's).
    pub fn name(self) -> &'static str {
        match self {
            Self::Ageing => "ageing",
            Self::Claims => "claims",
            Self::Revenue => "revenue",
            Self::Doctors => "doctors",
        }
    }

    /// Its heading.
    pub fn title(self) -> &'static str {
        match self {
            Self::Ageing => "Outstanding by age",
            Self::Claims => "Claims by state",
            Self::Revenue => "Revenue by month",
            Self::Doctors => "Revenue by doctor",
        }
    }

    /// Its column headings.
    pub fn header(self) -> &'static [&'static str] {
        match self {
            Self::Ageing => &[
                "Currency",
                "Not yet due",
                "1-30 days",
                "31-60 days",
                "61-90 days",
                "Over 90 days",
                "Total",
                "Invoices",
            ],
            Self::Claims => &["State", "Claims"],
            Self::Revenue => &["Month", "Currency", "Billed", "Collected", "Written off"],
            Self::Doctors => &["Doctor", "Currency", "Billed", "Collected"],
        }
    }
}

/// The digits after the decimal point of a currency's minor unit (ISO 4217;
/// 2 unless listed).
pub fn minor_digits(currency: &str) -> u32 {
    const NONE: [&str; 16] = [
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
        "VUV", "XAF", "XOF",
    ];
    const THREE: [&str; 7] = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
    if NONE.contains(&currency) {
        0
    } else if THREE.contains(&currency) {
        3
    } else {
        2
    }
}

/// An amount in minor units as a decimal in the currency's major unit,
/// e.g. `-1234.50` (no grouping, no symbol: what a spreadsheet reads).
pub fn decimal(minor: i64, currency: &str) -> String {
    let digits = minor_digits(currency);
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    if digits == 0 {
        return format!("{sign}{abs}");
    }
    let scale = 10_u64.pow(digits);
    let width = digits as usize;
    format!("{sign}{}.{:0width$}", abs / scale, abs % scale)
}

fn csv_field(value: &str) -> String {
    // Quote what needs it; a leading formula character is neutralised so a
    // spreadsheet shows a name instead of running it.
    let value = if value.starts_with(['=', '+', '-', '@']) && value.parse::<f64>().is_err() {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

impl Overview {
    /// A table's rows, as the page shows them and the CSV holds them.
    pub fn rows(&self, panel: Panel) -> Vec<Vec<String>> {
        match panel {
            Panel::Ageing => self
                .ageing
                .iter()
                .map(|a| {
                    let c = &a.currency;
                    vec![
                        c.clone(),
                        decimal(a.current, c),
                        decimal(a.days_1_30, c),
                        decimal(a.days_31_60, c),
                        decimal(a.days_61_90, c),
                        decimal(a.over_90, c),
                        decimal(a.total(), c),
                        a.invoices.to_string(),
                    ]
                })
                .collect(),
            Panel::Claims => self
                .claims
                .iter()
                .map(|c| vec![c.state.label().to_owned(), c.count.to_string()])
                .collect(),
            Panel::Revenue => self
                .revenue
                .iter()
                .map(|r| {
                    let c = &r.currency;
                    vec![
                        r.month.clone(),
                        c.clone(),
                        decimal(r.billed, c),
                        decimal(r.collected, c),
                        decimal(r.written_off, c),
                    ]
                })
                .collect(),
            Panel::Doctors => self
                .doctors
                .iter()
                .map(|d| {
                    let c = &d.currency;
                    vec![
                        d.doctor.name.clone(),
                        c.clone(),
                        decimal(d.billed, c),
                        decimal(d.collected, c),
                    ]
                })
                .collect(),
        }
    }

    /// A table as CSV (RFC 4180, CRLF line ends), header first.
    pub fn csv(&self, panel: Panel) -> String {
        let header = panel.header().iter().map(|h| (*h).to_owned()).collect();
        std::iter::once(header)
            .chain(self.rows(panel))
            .map(|row: Vec<String>| {
                let fields: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
                fields.join(",") + "\r\n"
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
