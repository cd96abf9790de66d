//! Billing: a patient's invoices, claims and insurance policies; an
//! invoice with its ledger and claims, a draft's lines and its issue, the
//! admins' ledger entries (payments, refunds, write-offs, credit notes);
//! claims and their steps; the doctors' and admins' lists, and the admins'
//! overview with its tables as CSV files.

use medtrack_shared::billing::overview::{Overview, Panel};
use medtrack_shared::billing::{
    Claim, ClaimState, ClaimStepInput, CreditInput, Invoice, InvoiceDetail, InvoiceStatus,
    MoneyInput, NewClaim, NewInvoice, NewLine, NewPolicy, Policy, WriteOffInput,
};
use medtrack_shared::{ClaimId, InvoiceId, Page, PolicyId, UserId};

use super::{nothing, paged, Api, ApiError, Verb};

/// How many invoices or claims a page of a list shows.
pub const BILLING_PAGE: u32 = 25;

fn invoice_path(id: InvoiceId) -> String {
    format!("/billing/invoices/{id}")
}

/// `path` with `?name=value` when a filter is chosen.
fn filtered(path: &str, name: &str, value: Option<&str>) -> String {
    match value {
        Some(value) => format!("{path}?{name}={value}"),
        None => path.to_owned(),
    }
}

/// A file the server made, to be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    /// The name it is saved under.
    pub file_name: String,
    /// Its type, e.g. `text/csv`.
    pub media_type: String,
    /// What it holds.
    pub text: String,
}

/// The file name a `Content-Disposition` header gives, if any.
fn file_name(disposition: &str) -> Option<String> {
    let start = disposition.find("filename=")? + "filename=".len();
    let name = disposition.get(start..)?.split(';').next()?.trim();
    let name = name.trim_matches('"');
    // Only a plain name: never a path.
    (!name.is_empty() && !name.contains(['/', '\\'])).then(|| name.to_owned())
}

impl Api {
    /// One page of the signed-in patient's invoices, newest first.
    pub async fn my_invoices(self, cursor: Option<String>) -> Result<Page<Invoice>, ApiError> {
        self.get(&paged("/me/invoices", BILLING_PAGE, cursor.as_deref()))
            .await
    }

    /// One page of the signed-in patient's claims.
    pub async fn my_claims(self, cursor: Option<String>) -> Result<Page<Claim>, ApiError> {
        self.get(&paged("/me/claims", BILLING_PAGE, cursor.as_deref()))
            .await
    }

    /// A patient's insurance policies.
    pub async fn policies(self, patient: UserId) -> Result<Vec<Policy>, ApiError> {
        self.get(&format!("/patients/{patient}/policies")).await
    }

    /// Adds an insurance policy.
    pub async fn add_policy(self, patient: UserId, input: &NewPolicy) -> Result<Policy, ApiError> {
        self.post(&format!("/patients/{patient}/policies"), input)
            .await
    }

    /// Removes an insurance policy.
    pub async fn remove_policy(self, patient: UserId, policy: PolicyId) -> Result<(), ApiError> {
        self.delete(&format!("/patients/{patient}/policies/{policy}"))
            .await
    }

    /// An invoice with its ledger and claims.
    pub async fn invoice(self, id: InvoiceId) -> Result<InvoiceDetail, ApiError> {
        self.get(&invoice_path(id)).await
    }

    /// A further invoice: a draft.
    pub async fn new_invoice(self, input: &NewInvoice) -> Result<Invoice, ApiError> {
        self.post("/billing/invoices", input).await
    }

    /// Adds a line to a draft.
    pub async fn add_line(self, id: InvoiceId, line: &NewLine) -> Result<Invoice, ApiError> {
        self.post(&format!("{}/lines", invoice_path(id)), line)
            .await
    }

    /// Removes a line from a draft.
    pub async fn remove_line(self, id: InvoiceId, number: u32) -> Result<Invoice, ApiError> {
        self.delete_for(&format!("{}/lines/{number}", invoice_path(id)))
            .await
    }

    /// Issues a draft: numbered, charged, told to the patient.
    pub async fn issue_invoice(self, id: InvoiceId) -> Result<Invoice, ApiError> {
        self.post(&format!("{}/issue", invoice_path(id)), &nothing())
            .await
    }

    /// A credit note (all that may still be credited when no amount).
    pub async fn credit_note(
        self,
        id: InvoiceId,
        input: &CreditInput,
    ) -> Result<Invoice, ApiError> {
        self.post(&format!("{}/credit-notes", invoice_path(id)), input)
            .await
    }

    /// Money received.
    pub async fn record_payment(
        self,
        id: InvoiceId,
        input: &MoneyInput,
    ) -> Result<Invoice, ApiError> {
        self.post(&format!("{}/payments", invoice_path(id)), input)
            .await
    }

    /// Money given back.
    pub async fn refund(self, id: InvoiceId, input: &MoneyInput) -> Result<Invoice, ApiError> {
        self.post(&format!("{}/refunds", invoice_path(id)), input)
            .await
    }

    /// What the clinic gives up collecting.
    pub async fn write_off(
        self,
        id: InvoiceId,
        input: &WriteOffInput,
    ) -> Result<Invoice, ApiError> {
        self.post(&format!("{}/write-offs", invoice_path(id)), input)
            .await
    }

    /// One page of the signed-in doctor's invoices, newest first.
    pub async fn doctor_invoices(
        self,
        status: Option<InvoiceStatus>,
        cursor: Option<String>,
    ) -> Result<Page<Invoice>, ApiError> {
        let path = filtered(
            "/doctors/me/invoices",
            "status",
            status.map(InvoiceStatus::name),
        );
        self.get(&paged(&path, BILLING_PAGE, cursor.as_deref()))
            .await
    }

    /// One page of every invoice (admins), newest first.
    pub async fn all_invoices(
        self,
        status: Option<InvoiceStatus>,
        cursor: Option<String>,
    ) -> Result<Page<Invoice>, ApiError> {
        let path = filtered("/admin/invoices", "status", status.map(InvoiceStatus::name));
        self.get(&paged(&path, BILLING_PAGE, cursor.as_deref()))
            .await
    }

    /// A claim for an invoice: a draft, to submit.
    pub async fn make_claim(self, input: &NewClaim) -> Result<Claim, ApiError> {
        self.post("/billing/claims", input).await
    }

    /// A step of a claim.
    pub async fn claim_step(self, id: ClaimId, step: &ClaimStepInput) -> Result<Claim, ApiError> {
        self.post(&format!("/billing/claims/{id}/steps"), step)
            .await
    }

    /// One page of every claim (admins), in a state or all.
    pub async fn all_claims(
        self,
        state: Option<ClaimState>,
        cursor: Option<String>,
    ) -> Result<Page<Claim>, ApiError> {
        let path = filtered("/admin/claims", "state", state.map(ClaimState::name));
        self.get(&paged(&path, BILLING_PAGE, cursor.as_deref()))
            .await
    }

    /// The admins' billing overview.
    pub async fn billing_overview(self) -> Result<Overview, ApiError> {
        self.get("/admin/billing").await
    }

    /// One table of the overview as a CSV file.
    pub async fn billing_csv(self, panel: Panel) -> Result<Download, ApiError> {
        let path = format!("/admin/billing/export?panel={}", panel.name());
        let response = self
            .send_accepting(Verb::Get, &path, None, "text/csv")
            .await?;
        let file_name = response
            .headers()
            .get("content-disposition")
            .as_deref()
            .and_then(file_name)
            .unwrap_or_else(|| format!("billing-{}.csv", panel.name()));
        let text = response.text().await.map_err(|_| ApiError::Unreadable)?;
        Ok(Download {
            file_name,
            media_type: "text/csv".to_owned(),
            text,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_come_from_the_disposition() {
        assert_eq!(
            file_name("attachment; filename=\"billing-ageing-2027-03-01.csv\"").as_deref(),
            Some("billing-ageing-2027-03-01.csv")
        );
        assert_eq!(
            file_name("attachment; filename=revenue.csv; size=10").as_deref(),
            Some("revenue.csv")
        );
        assert_eq!(file_name("attachment"), None);
        assert_eq!(file_name("attachment; filename=\"../x.csv\""), None);
    }

    #[test]
    fn filters_are_added_only_when_chosen() {
        assert_eq!(
            filtered("/admin/invoices", "status", Some("draft")),
            "/admin/invoices?status=draft"
        );
        assert_eq!(filtered("/admin/claims", "state", None), "/admin/claims");
    }
}
