//! Search parameters and the searchset Bundle: parameters are parsed once
//! into the domain's `Search`; the self and next links carry every
//! parameter the search used, as the caller gave it (the page size as in
//! force), with the opaque `_cursor`.

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::Timestamp;
use medtrack_shared::ErrorCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::fhir::{self, Found, ResourceType, Search};
use crate::error::ApiError;

/// The parameters of `$everything` and of a search by patient.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FhirQuery {
    /// For a search: the patient, as an id or `Patient/{id}`.
    #[param(max_length = 80)]
    pub patient: Option<String>,
    /// `$everything`: care on or after this date (`YYYY-MM-DD`) or instant.
    #[param(max_length = 40)]
    pub start: Option<String>,
    /// `$everything`: care on or before this date (`YYYY-MM-DD`) or instant.
    #[param(max_length = 40)]
    pub end: Option<String>,
    /// Only resources changed at or after this instant (e.g. `2026-01-31T09:00:00Z`).
    #[serde(rename = "_since")]
    #[param(rename = "_since", max_length = 40)]
    pub since: Option<String>,
    /// `$everything`: resource types to give, separated by commas.
    #[serde(rename = "_type")]
    #[param(rename = "_type", max_length = 400)]
    pub types: Option<String>,
    /// Resources per page, 1 to 200 (default 50); more is taken as 200.
    #[serde(rename = "_count")]
    #[param(rename = "_count", max_length = 10)]
    pub count: Option<String>,
    /// The opaque position of a next page, from a next link.
    #[serde(rename = "_cursor")]
    #[param(rename = "_cursor", max_length = 1024)]
    pub cursor: Option<String>,
}

pub(super) fn refuse(field: &str, problem: &str) -> ApiError {
    ApiError::Unreadable {
        code: ErrorCode::InvalidQuery,
        fields: BTreeMap::from([(field.to_owned(), problem.to_owned())]),
    }
}

/// A date as the start or end of its day in UTC, or an instant.
fn moment(field: &str, text: &str, end_of_day: bool) -> Result<Timestamp, ApiError> {
    if let Ok(at) = text.parse::<Timestamp>() {
        return Ok(at);
    }
    let day: Date = text.parse().map_err(|_| {
        refuse(
            field,
            "must be a date (YYYY-MM-DD) or an instant with its offset",
        )
    })?;
    let start = day
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .map_err(|_| refuse(field, "is out of range"))?
        .timestamp();
    Ok(if end_of_day {
        start + jiff::SignedDuration::from_hours(24) - jiff::SignedDuration::from_nanos(1)
    } else {
        start
    })
}

impl FhirQuery {
    /// The search these parameters ask for.
    pub fn search(&self) -> Result<Search, ApiError> {
        let limits = [
            ("patient", &self.patient, 80),
            ("start", &self.start, 40),
            ("end", &self.end, 40),
            ("_since", &self.since, 40),
            ("_type", &self.types, 400),
            ("_count", &self.count, 10),
            ("_cursor", &self.cursor, 1024),
        ];
        for (field, value, max) in limits {
            if value.as_ref().is_some_and(|v| v.chars().count() > max) {
                return Err(refuse(field, &format!("must be at most {max} characters")));
            }
        }
        let count = match self.count.as_deref() {
            None => fhir::DEFAULT_COUNT,
            Some(text) => match text.parse::<u64>() {
                Ok(0) | Err(_) => return Err(refuse("_count", "must be a whole number from 1")),
                Ok(n) => usize::try_from(n)
                    .unwrap_or(usize::MAX)
                    .min(fhir::MAX_COUNT),
            },
        };
        let types = match self.types.as_deref() {
            None => Vec::new(),
            Some(list) => {
                let mut types = Vec::new();
                for name in list.split(',').map(str::trim) {
                    let kind = ResourceType::parse(name).ok_or_else(|| {
                        refuse("_type", "names a type this server does not export")
                    })?;
                    if !types.contains(&kind) {
                        types.push(kind);
                    }
                }
                types.sort();
                types
            }
        };
        let since = self
            .since
            .as_deref()
            .map(|t| {
                t.parse::<Timestamp>()
                    .map_err(|_| refuse("_since", "must be an instant with its offset"))
            })
            .transpose()?;
        let start = self
            .start
            .as_deref()
            .map(|t| moment("start", t, false))
            .transpose()?;
        let end = self
            .end
            .as_deref()
            .map(|t| moment("end", t, true))
            .transpose()?;
        if let (Some(start), Some(end)) = (start, end) {
            if end < start {
                return Err(refuse("end", "must not be before start"));
            }
        }
        Ok(Search {
            types,
            since,
            start,
            end,
            count,
        })
    }

    /// The query string of this search at `cursor`: every parameter given,
    /// as given, in one order, and the page size in force.
    pub fn link(&self, url: &str, search: &Search, cursor: Option<&str>) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if let Some(patient) = &self.patient {
            query.append_pair("patient", patient);
        }
        let given = [
            ("start", &self.start),
            ("end", &self.end),
            ("_since", &self.since),
            ("_type", &self.types),
        ];
        for (name, value) in given {
            if let Some(value) = value {
                query.append_pair(name, value);
            }
        }
        query.append_pair("_count", &search.count.to_string());
        if let Some(cursor) = cursor {
            query.append_pair("_cursor", cursor);
        }
        format!("{url}?{}", query.finish())
    }
}

/// A searchset Bundle.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Bundle {
    /// Always `Bundle`.
    #[schema(example = "Bundle")]
    pub resource_type: String,
    /// Always `searchset`.
    #[serde(rename = "type")]
    #[schema(example = "searchset")]
    pub kind: String,
    /// When the page was made.
    pub timestamp: String,
    /// `self`, and `next` while there is more.
    pub link: Vec<BundleLink>,
    /// The resources of this page.
    pub entry: Vec<BundleEntry>,
}

/// A link of a Bundle.
#[derive(Debug, Serialize, ToSchema)]
pub struct BundleLink {
    /// `self` or `next`.
    pub relation: String,
    /// Absolute.
    pub url: String,
}

/// One resource of a Bundle.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BundleEntry {
    /// The resource's absolute address.
    pub full_url: String,
    /// A FHIR R4 resource.
    #[schema(value_type = Object)]
    pub resource: serde_json::Value,
    /// Why it is here.
    pub search: BundleEntrySearch,
}

/// Why an entry is in a search's Bundle.
#[derive(Debug, Serialize, ToSchema)]
pub struct BundleEntrySearch {
    /// `match`, or `include` for what a match refers to.
    pub mode: String,
}

fn text_of<'a>(resource: &'a serde_json::Value, field: &str) -> &'a str {
    resource
        .get(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
}

impl Bundle {
    /// A page of `entries` under the FHIR `base`, with its links.
    pub fn page(
        base: &str,
        self_link: String,
        next_link: Option<String>,
        entries: Vec<Found>,
    ) -> Self {
        let mut link = vec![BundleLink {
            relation: "self".to_owned(),
            url: self_link,
        }];
        if let Some(url) = next_link {
            link.push(BundleLink {
                relation: "next".to_owned(),
                url,
            });
        }
        let entry = entries
            .into_iter()
            .map(|found| {
                let full_url = format!(
                    "{base}/{}/{}",
                    text_of(&found.resource, "resourceType"),
                    text_of(&found.resource, "id")
                );
                BundleEntry {
                    full_url,
                    resource: found.resource,
                    search: BundleEntrySearch {
                        mode: if found.included { "include" } else { "match" }.to_owned(),
                    },
                }
            })
            .collect();
        Self {
            resource_type: "Bundle".to_owned(),
            kind: "searchset".to_owned(),
            timestamp: Timestamp::now()
                .round(jiff::Unit::Millisecond)
                .unwrap_or(Timestamp::now())
                .to_string(),
            link,
            entry,
        }
    }
}
