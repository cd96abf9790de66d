//! Drafts: the invoice a completed visit produces (once, however often the
//! job runs and on however many replicas: a guard item named by the visit
//! is written with it, on the condition that it does not exist), further
//! invoices made by a doctor or an admin, and their lines.

use jiff::Timestamp;
use medtrack_shared::appointment::{AppointmentStatus, Party};
use medtrack_shared::billing::{
    tax_on, Invoice, InvoiceStatus, Line, LineKind, NewInvoice, NewLine, Totals, MAX_AMOUNT,
    MAX_LINES,
};
use medtrack_shared::{AppointmentId, ErrorCode, InvoiceId, JobId, Role};
use serde::{Deserialize, Serialize};

use super::{load, may_edit, retrying, write_ops, InvoiceRecord};
use crate::domain::accounts::{self, Account};
use crate::domain::jobs::{self, Outcome, Runner};
use crate::domain::patients::{self, Access};
use crate::domain::{appointments, practice, Context, DomainError};
use crate::store::{keys, Condition, Item, StoreError, TxOp};

/// Makes the draft invoice of a completed visit (scheduled by completion).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceVisit {
    /// The visit.
    pub appointment: AppointmentId,
}

impl Runner for InvoiceVisit {
    fn id(&self) -> JobId {
        JobId::compose("invoice_visit", &[&self.appointment])
    }

    async fn run(&self, ctx: &Context, now: Timestamp) -> Result<Outcome, DomainError> {
        let guard = keys::invoice_of_visit(&self.appointment);
        if ctx.store.get(&guard).await?.is_some() {
            return Ok(Outcome::done());
        }
        let visit = appointments::load(&ctx.store, &self.appointment)
            .await?
            .appointment;
        if visit.status != AppointmentStatus::Completed {
            return Ok(Outcome::done());
        }
        let Some(doctor) = accounts::get(&ctx.store, &visit.doctor.id).await? else {
            return Ok(Outcome::done());
        };
        let mut record = new_record(&doctor, visit.patient.clone(), Some(visit.id), now)?;
        let fee = practice::of(&doctor).fee_minor_units.unwrap_or(0);
        if fee > 0 {
            let line = NewLine {
                kind: LineKind::Consultation,
                description: format!("Consultation with {}", doctor.name),
                code: None,
                quantity: Some(1),
                unit_price: i64::from(fee),
            };
            push_line(ctx, &mut record.invoice, &line)?;
        }
        let mut ops = write_ops(None, &record, Condition::NotExists)?;
        let id = record.invoice.id;
        ops.push(TxOp::Put(
            Item::from_record(guard, &VisitInvoice { invoice: id })?,
            Condition::NotExists,
        ));
        if let Some(after) = ctx.billing.issue_drafts_after {
            ops.push(jobs::schedule(&IssueDraft { invoice: id }, now + after)?);
        }
        tracing::info!(invoice = %id, appointment = %visit.id, "visit invoiced");
        Ok(Outcome { ops, next: None })
    }
}

/// Issues a visit's draft its doctor left as it was (a change to the draft
/// cancels this job: the draft then waits for a person to issue it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueDraft {
    /// The draft.
    pub invoice: InvoiceId,
}

impl Runner for IssueDraft {
    fn id(&self) -> JobId {
        JobId::compose("issue_draft", &[&self.invoice])
    }

    async fn run(&self, ctx: &Context, _now: Timestamp) -> Result<Outcome, DomainError> {
        super::issue::issue_draft_as_clinic(ctx, &self.invoice).await?;
        Ok(Outcome::done())
    }
}

#[derive(Serialize, Deserialize)]
struct VisitInvoice {
    invoice: InvoiceId,
}

/// A new draft for `patient`, billed by `doctor`'s practice.
fn new_record(
    doctor: &Account,
    patient: Party,
    visit: Option<AppointmentId>,
    now: Timestamp,
) -> Result<InvoiceRecord, DomainError> {
    let published = practice::of(doctor);
    Ok(InvoiceRecord {
        zone: practice::zone(&published)?,
        invoice: Invoice {
            id: InvoiceId::from_uuid(uuid::Uuid::now_v7()),
            number: None,
            status: InvoiceStatus::Draft,
            patient,
            doctor: Party {
                id: doctor.id,
                name: doctor.name.clone(),
            },
            visit,
            currency: published.currency,
            lines: Vec::new(),
            net: 0,
            tax: 0,
            total: 0,
            created_at: now,
            issued_at: None,
            due_on: None,
            credit_notes: Vec::new(),
            claims: Vec::new(),
            totals: Totals::default(),
            payment: None,
        },
    })
}

/// Adds a line, taxed by the clinic's rule for its kind, and the sums.
fn push_line(ctx: &Context, invoice: &mut Invoice, line: &NewLine) -> Result<(), DomainError> {
    if invoice.lines.len() >= MAX_LINES {
        return Err(DomainError::conflict(
            ErrorCode::LimitReached,
            "An invoice holds at most 50 lines; make a further invoice.",
        ));
    }
    let quantity = line.quantity.unwrap_or(1);
    let net = line.unit_price.saturating_mul(i64::from(quantity));
    let rate = ctx.billing.tax_rate(line.kind);
    let number = invoice.lines.last().map_or(1, |last| last.number + 1);
    invoice.lines.push(Line {
        number,
        kind: line.kind,
        description: line.description.trim().to_owned(),
        code: line.code.clone().map(|mut code| {
            code.system = code.system.trim().to_owned();
            code.code = code.code.trim().to_owned();
            code
        }),
        quantity,
        unit_price: line.unit_price,
        net,
        tax_rate_bp: rate,
        tax: tax_on(net, rate),
    });
    sum_lines(invoice)
}

/// The invoice's net, tax and total from its lines; a total the ledger
/// could not charge in one entry is refused.
fn sum_lines(invoice: &mut Invoice) -> Result<(), DomainError> {
    invoice.net = invoice.lines.iter().map(|l| l.net).sum();
    invoice.tax = invoice.lines.iter().map(|l| l.tax).sum();
    invoice.total = invoice.net + invoice.tax;
    if invoice.total > MAX_AMOUNT {
        return Err(DomainError::field(
            "unit_price",
            "would make the invoice's total more than 1000000000 minor units",
        ));
    }
    Ok(())
}

/// A further invoice (a draft): by a doctor for a patient of theirs, or by
/// an admin naming the billing doctor.
pub async fn create(
    ctx: &Context,
    caller: &Account,
    request: &NewInvoice,
) -> Result<Invoice, DomainError> {
    let doctor_id = match caller.role {
        Role::Doctor => {
            if request.doctor.is_some_and(|d| d != caller.id) {
                return Err(DomainError::Forbidden);
            }
            // Their own patients only: emergency access reads, never bills.
            if patients::access(&ctx.store, caller, &request.patient).await? != Access::CareTeam {
                return Err(DomainError::Forbidden);
            }
            caller.id
        }
        Role::Admin => request
            .doctor
            .ok_or(DomainError::field("doctor", "is required"))?,
        Role::Patient => return Err(DomainError::Forbidden),
    };
    let doctor = accounts::get(&ctx.store, &doctor_id)
        .await?
        .filter(|d| d.role == Role::Doctor)
        .ok_or(DomainError::field(
            "doctor",
            "is not a doctor of the clinic",
        ))?;
    let patient = accounts::get(&ctx.store, &request.patient)
        .await?
        .filter(|p| p.role == Role::Patient)
        .ok_or(DomainError::field(
            "patient",
            "is not a patient of the clinic",
        ))?;
    if let Some(visit) = &request.visit {
        let visit = appointments::load(&ctx.store, visit)
            .await
            .map_err(|_| DomainError::field("visit", "is not a visit of the clinic"))?
            .appointment;
        if visit.status != AppointmentStatus::Completed {
            return Err(DomainError::field("visit", "is not a completed visit"));
        }
        if visit.patient.id != patient.id || visit.doctor.id != doctor.id {
            return Err(DomainError::field(
                "visit",
                "is not this patient's with this doctor",
            ));
        }
    }
    let party = Party {
        id: patient.id,
        name: patient.name.clone(),
    };
    let record = new_record(&doctor, party, request.visit, ctx.now())?;
    ctx.commit(write_ops(None, &record, Condition::NotExists)?)
        .await?;
    Ok(record.invoice)
}

/// Changes a draft with `change`, on the version read.
async fn change_draft(
    ctx: &Context,
    caller: &Account,
    id: &InvoiceId,
    change: impl Fn(&mut Invoice) -> Result<(), DomainError>,
) -> Result<Invoice, DomainError> {
    retrying(|| async {
        let stored = load(&ctx.store, id).await?;
        let before = stored.record;
        if !may_edit(caller, &before.invoice) {
            return Err(DomainError::Forbidden);
        }
        if before.invoice.status != InvoiceStatus::Draft {
            return Err(DomainError::conflict(
                ErrorCode::InvalidTransition,
                "An issued invoice is never changed: make a credit note or a further invoice.",
            ));
        }
        let mut after = before.clone();
        change(&mut after.invoice)?;
        let mut ops = write_ops(Some(&before), &after, Condition::Version(stored.version))?;
        // A draft someone works on waits for them to issue it.
        ops.push(jobs::cancel(&IssueDraft { invoice: *id }.id()));
        match ctx.commit(ops).await {
            Ok(()) => Ok(Some(after.invoice)),
            Err(StoreError::ConditionFailed { .. }) => Ok(None),
            Err(other) => Err(other.into()),
        }
    })
    .await
}

/// Adds a line to a draft (its doctor or an admin).
pub async fn add_line(
    ctx: &Context,
    caller: &Account,
    id: &InvoiceId,
    line: &NewLine,
) -> Result<Invoice, DomainError> {
    line.check()?;
    change_draft(ctx, caller, id, |invoice| push_line(ctx, invoice, line)).await
}

/// Removes a line from a draft (its doctor or an admin).
pub async fn remove_line(
    ctx: &Context,
    caller: &Account,
    id: &InvoiceId,
    number: u32,
) -> Result<Invoice, DomainError> {
    change_draft(ctx, caller, id, |invoice| {
        let before = invoice.lines.len();
        invoice.lines.retain(|line| line.number != number);
        if invoice.lines.len() == before {
            return Err(DomainError::NotFound);
        }
        sum_lines(invoice)
    })
    .await
}
