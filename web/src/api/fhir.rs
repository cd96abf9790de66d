//! The patient's whole record as FHIR R4, for "download my data": the
//! pages of `Patient/{id}/$everything`, followed by their next links and
//! joined into one searchset Bundle.

use medtrack_shared::UserId;
use serde_json::{json, Value};

use super::{Api, ApiError};

/// Resources asked for per page: the server's most.
const PAGE: usize = 200;

/// The part of a next link the API's own base is put before: the link is
/// absolute on the server's public address, which a split deployment's
/// client may not share.
fn api_path(link: &str) -> Option<&str> {
    link.find("/api/fhir/r4/").and_then(|at| link.get(at..))
}

impl Api {
    /// Every page of the record, told after each how many resources so far;
    /// one Bundle with all of them.
    pub async fn whole_record(
        self,
        patient: UserId,
        progress: impl Fn(usize),
    ) -> Result<Value, ApiError> {
        let first = format!("/api/fhir/r4/Patient/{patient}/$everything?_count={PAGE}");
        let mut next = Some(first.clone());
        let mut entries: Vec<Value> = Vec::new();
        while let Some(path) = next {
            let page: Value = self.get(&path).await?;
            if let Some(found) = page.get("entry").and_then(Value::as_array) {
                entries.extend(found.iter().cloned());
            }
            progress(entries.len());
            next = page
                .get("link")
                .and_then(Value::as_array)
                .and_then(|links| {
                    links
                        .iter()
                        .find(|l| l.get("relation") == Some(&json!("next")))
                })
                .and_then(|l| l.get("url"))
                .and_then(Value::as_str)
                .and_then(api_path)
                .map(str::to_owned);
        }
        Ok(json!({
            "resourceType": "Bundle",
            "type": "searchset",
            "timestamp": crate::format::now().to_string(),
            // A searchset's total counts its matches, not what comes with them.
            "total": entries
                .iter()
                .filter(|e| e.pointer("/search/mode") == Some(&json!("match")))
                .count(),
            "link": [{ "relation": "self", "url": format!("{}{first}", super::base_url()) }],
            "entry": entries,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_links_are_followed_on_the_clients_own_base() {
        let link =
            "https://api.clinic.example/api/fhir/r4/Patient/1/$everything?_count=200&_cursor=x";
        assert_eq!(
            api_path(link),
            Some("/api/fhir/r4/Patient/1/$everything?_count=200&_cursor=x")
        );
        assert_eq!(api_path("https://elsewhere.example/next"), None);
    }
}
