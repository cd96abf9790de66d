//! What billing's operations take, with their checks.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::claims::{ClaimAction, PolicyRank};
use super::ledger::Method;
use super::{LineKind, ProcedureCode, MAX_AMOUNT, MAX_QUANTITY, MAX_TEXT_CHARS};
use crate::ids::{AppointmentId, InvoiceId, PolicyId, UserId};
use crate::rules;
use crate::validation::{FieldErrors, ValidationError};

/// The longest payer, member id, group or code part.
pub const MAX_SHORT_CHARS: usize = 40;

fn text(errors: &mut FieldErrors, field: &str, value: &str, max: usize, required: bool) {
    if !rules::chars_within(errors, field, value, max) {
        return;
    }
    if required && value.trim().is_empty() {
        errors.add(field, ValidationError::new("is required"));
    } else if value.chars().any(char::is_control) {
        errors.add(
            field,
            ValidationError::new("must not contain control characters"),
        );
    }
}

fn optional(errors: &mut FieldErrors, field: &str, value: &Option<String>, max: usize) {
    if let Some(value) = value {
        text(errors, field, value, max, false);
    }
}

fn amount(errors: &mut FieldErrors, field: &str, value: i64) {
    if value <= 0 || value > MAX_AMOUNT {
        errors.add(
            field,
            ValidationError::new("must be from 1 to 1000000000 minor units"),
        );
    }
}

fn done(errors: FieldErrors) -> Result<(), FieldErrors> {
    errors.into_result(())
}

/// `POST /api/v1/billing/invoices`: a further invoice (a draft) for a
/// patient, billed by a doctor's practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "patient": "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
    "doctor": "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c"
})))]
pub struct NewInvoice {
    /// The patient.
    pub patient: UserId,
    /// The billing doctor: the caller when a doctor; required from admins.
    pub doctor: Option<UserId>,
    /// The visit it bills, if any (the patient's, with that doctor).
    pub visit: Option<AppointmentId>,
}

/// `POST /api/v1/billing/invoices/{id}/lines`: a line on a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "kind": "procedure", "description": "Wound dressing",
    "code": {"system": "CPT", "code": "97597"}, "quantity": 1, "unit_price": 2500
})))]
pub struct NewLine {
    /// What it bills (decides the tax rate).
    pub kind: LineKind,
    /// In words.
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub description: String,
    /// A procedure code, free text with its system.
    pub code: Option<ProcedureCode>,
    /// How many (1 when absent).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000))]
    pub quantity: Option<u32>,
    /// The price of one, in minor units.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1_000_000_000_i64))]
    pub unit_price: i64,
}

impl NewLine {
    /// Lengths, the code's parts, the quantity and the price.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        text(
            &mut errors,
            "description",
            &self.description,
            MAX_TEXT_CHARS,
            true,
        );
        if let Some(code) = &self.code {
            text(
                &mut errors,
                "code.system",
                &code.system,
                MAX_SHORT_CHARS,
                true,
            );
            text(&mut errors, "code.code", &code.code, MAX_SHORT_CHARS, true);
        }
        if self.quantity.is_some_and(|q| q == 0 || q > MAX_QUANTITY) {
            errors.add("quantity", ValidationError::new("must be from 1 to 1000"));
        }
        amount(&mut errors, "unit_price", self.unit_price);
        done(errors)
    }
}

/// `POST /api/v1/billing/invoices/{id}/credit-notes`: a credit note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "amount": 1500, "reason": "Fee charged twice"
})))]
pub struct CreditInput {
    /// How much; all that may still be credited when absent (which cancels
    /// the invoice).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1_000_000_000_i64))]
    pub amount: Option<i64>,
    /// Why.
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub reason: String,
}

impl CreditInput {
    /// The reason is required; the amount, if given, in range.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        text(&mut errors, "reason", &self.reason, MAX_TEXT_CHARS, true);
        if let Some(value) = self.amount {
            amount(&mut errors, "amount", value);
        }
        done(errors)
    }
}

/// `POST /api/v1/billing/invoices/{id}/payments` and `.../refunds`: money
/// received or given back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "amount": 2000, "method": "card", "reference": "POS 4471"
})))]
pub struct MoneyInput {
    /// How much, in minor units.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1_000_000_000_i64))]
    pub amount: i64,
    /// How (an insurer's payment is recorded on its claim).
    pub method: Method,
    /// A receipt, transfer or terminal reference.
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub reference: Option<String>,
}

impl MoneyInput {
    /// The amount in range, the reference's length; insurance money goes
    /// through a claim.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        amount(&mut errors, "amount", self.amount);
        optional(&mut errors, "reference", &self.reference, MAX_TEXT_CHARS);
        if self.method == Method::Insurance {
            errors.add(
                "method",
                ValidationError::new("insurance payments are recorded on their claim"),
            );
        }
        done(errors)
    }
}

/// `POST /api/v1/billing/invoices/{id}/write-offs`: what the clinic gives up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "amount": 500, "reason": "Hardship, agreed with the patient"
})))]
pub struct WriteOffInput {
    /// How much, in minor units.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1_000_000_000_i64))]
    pub amount: i64,
    /// Why.
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub reason: String,
}

impl WriteOffInput {
    /// The amount in range, the reason required.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        amount(&mut errors, "amount", self.amount);
        text(&mut errors, "reason", &self.reason, MAX_TEXT_CHARS, true);
        done(errors)
    }
}

/// `POST /api/v1/patients/{id}/policies`: an insurance policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "payer": "Acme Health", "member_id": "AH-3392-11", "group": "ACME-EMP",
    "valid_from": "2027-01-01", "valid_to": "2027-12-31", "rank": "primary"
})))]
pub struct NewPolicy {
    /// The insurer.
    #[cfg_attr(feature = "openapi", schema(max_length = 40))]
    pub payer: String,
    /// The member id.
    #[cfg_attr(feature = "openapi", schema(max_length = 40))]
    pub member_id: String,
    /// The group, if any.
    #[cfg_attr(feature = "openapi", schema(max_length = 40))]
    pub group: Option<String>,
    /// First day covered.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub valid_from: Date,
    /// Last day covered, if it ends.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub valid_to: Option<Date>,
    /// Primary or secondary.
    pub rank: PolicyRank,
}

impl NewPolicy {
    /// Lengths, dates in range and in order.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        text(&mut errors, "payer", &self.payer, MAX_SHORT_CHARS, true);
        text(
            &mut errors,
            "member_id",
            &self.member_id,
            MAX_SHORT_CHARS,
            true,
        );
        optional(&mut errors, "group", &self.group, MAX_SHORT_CHARS);
        rules::check_date(&mut errors, "valid_from", Some(self.valid_from));
        rules::check_date(&mut errors, "valid_to", self.valid_to);
        if self.valid_to.is_some_and(|to| to < self.valid_from) {
            errors.add(
                "valid_to",
                ValidationError::new("must not be before valid_from"),
            );
        }
        done(errors)
    }
}

/// `POST /api/v1/billing/claims`: a claim (a draft) for an issued invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "invoice": "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
    "policy": "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c", "amount": 6000
})))]
pub struct NewClaim {
    /// The invoice.
    pub invoice: InvoiceId,
    /// The patient's policy (covering the day the invoice was issued).
    pub policy: PolicyId,
    /// How much to ask; the invoice's balance less what other claims in
    /// progress ask, when absent.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1_000_000_000_i64))]
    pub amount: Option<i64>,
}

impl NewClaim {
    /// The amount, if given, in range.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if let Some(value) = self.amount {
            amount(&mut errors, "amount", value);
        }
        done(errors)
    }
}

/// `POST /api/v1/billing/claims/{id}/steps`: a step of a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "action": "approve_part", "amount": 4000
})))]
pub struct ClaimStepInput {
    /// The step.
    pub action: ClaimAction,
    /// The approved part (`approve_part`), the payment (`record_payment`,
    /// the approved amount when absent), or a new amount to ask (`submit`
    /// after a denial).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1_000_000_000_i64))]
    pub amount: Option<i64>,
    /// The denial's reason (required to deny), or the payer's reference.
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub note: Option<String>,
}

impl ClaimStepInput {
    /// What each step needs.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        optional(&mut errors, "note", &self.note, MAX_TEXT_CHARS);
        match (self.action, self.amount) {
            (_, Some(value)) => amount(&mut errors, "amount", value),
            (ClaimAction::ApprovePart, None) => {
                errors.add(
                    "amount",
                    ValidationError::new("is required to approve a part"),
                );
            }
            _ => {}
        }
        let reason = self.note.as_deref().map(str::trim).unwrap_or("");
        if self.action == ClaimAction::Deny && reason.is_empty() {
            errors.add(
                "note",
                ValidationError::new("is required to deny: the reason"),
            );
        }
        done(errors)
    }
}

/// `?status=&limit=&cursor=` of the invoice lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct InvoiceQuery {
    /// Only invoices in this status (admins: `issued` when absent; doctors:
    /// all when absent).
    #[serde(default)]
    pub status: Option<super::InvoiceStatus>,
    /// Items per page, 1 to 100 (default 25).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(max_length = 1024))]
    pub cursor: Option<String>,
}

/// `?state=&limit=&cursor=` of the admins' claim list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ClaimQuery {
    /// Only claims in this state (`submitted` when absent).
    #[serde(default)]
    pub state: Option<super::ClaimState>,
    /// Items per page, 1 to 100 (default 25).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(max_length = 1024))]
    pub cursor: Option<String>,
}

/// `?panel=` of the overview's CSV export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ExportQuery {
    /// Which table.
    pub panel: super::overview::Panel,
}

impl InvoiceQuery {
    /// The paging part.
    pub fn page(&self) -> crate::PageQuery {
        crate::PageQuery {
            limit: self.limit,
            cursor: self.cursor.clone(),
        }
    }
}

impl ClaimQuery {
    /// The paging part.
    pub fn page(&self) -> crate::PageQuery {
        crate::PageQuery {
            limit: self.limit,
            cursor: self.cursor.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_checked() {
        let line = NewLine {
            kind: LineKind::Procedure,
            description: " ".into(),
            code: Some(ProcedureCode {
                system: "CPT".into(),
                code: "x".repeat(41),
            }),
            quantity: Some(0),
            unit_price: 0,
        };
        let errors = line.check().unwrap_err();
        for field in ["description", "code.code", "quantity", "unit_price"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn claim_steps_need_what_they_name() {
        let deny = ClaimStepInput {
            action: ClaimAction::Deny,
            amount: None,
            note: Some("  ".into()),
        };
        assert!(deny.check().unwrap_err().get("note").is_some());
        let part = ClaimStepInput {
            action: ClaimAction::ApprovePart,
            amount: None,
            note: None,
        };
        assert!(part.check().unwrap_err().get("amount").is_some());
        let money = MoneyInput {
            amount: 10,
            method: Method::Insurance,
            reference: None,
        };
        assert!(money.check().unwrap_err().get("method").is_some());
    }

    #[test]
    fn policies_run_forwards() {
        let policy = NewPolicy {
            payer: "Acme".into(),
            member_id: "1".into(),
            group: None,
            valid_from: jiff::civil::date(2027, 2, 1),
            valid_to: Some(jiff::civil::date(2027, 1, 1)),
            rank: PolicyRank::Primary,
        };
        assert!(policy.check().unwrap_err().get("valid_to").is_some());
    }
}
