//! Billing: invoices, their lines and ledger, and the lists of patients,
//! doctors and admins. Insurance and the admins' overview are in
//! `insurance.rs`.

use actix_web::web::{Data, Json, Path};
use actix_web::{delete, get, post, HttpResponse};
use medtrack_shared::billing::{
    CreditInput, Invoice, InvoiceDetail, InvoiceQuery, InvoiceStatus, MoneyInput, NewInvoice,
    NewLine, WriteOffInput,
};
use medtrack_shared::{ErrorBody, InvoiceId, Page, PageQuery};

use super::extract::{Body, Query};
use super::guard::{
    ActiveAccount, AdminOnly, Authenticated, DoctorOnly, DoctorOrAdmin, PatientOnly,
};
use super::AppState;
use crate::domain::billing::{self, drafts, issue, ledger, overview};
use crate::error::ApiError;

/// `{id}` of `/billing/invoices/{id}/...`.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct InvoicePath {
    /// The invoice.
    id: InvoiceId,
}

/// `{id}` and `{number}` of `/billing/invoices/{id}/lines/{number}`.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct LinePath {
    /// The invoice.
    id: InvoiceId,
    /// The line's number.
    number: u32,
}

/// The calling patient's invoices (issued or cancelled), newest first.
#[utoipa::path(
    tag = "billing",
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = Page<Invoice>))
)]
#[get("/invoices")]
pub async fn mine(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    page: Query<PageQuery>,
) -> Result<Json<Page<Invoice>>, ApiError> {
    Ok(Json(
        overview::mine(&state.ctx, &caller.account, &page).await?,
    ))
}

/// The calling doctor's invoices, newest first, all or in one status.
#[utoipa::path(
    tag = "billing",
    security(("bearer" = [])),
    params(InvoiceQuery),
    responses((status = 200, body = Page<Invoice>))
)]
#[get("/invoices")]
pub async fn doctors(
    state: Data<AppState>,
    caller: Authenticated<DoctorOnly>,
    query: Query<InvoiceQuery>,
) -> Result<Json<Page<Invoice>>, ApiError> {
    let page = query.page();
    Ok(Json(
        overview::doctors(&state.ctx, &caller.account, query.status, &page).await?,
    ))
}

/// The clinic's invoices in a status (`issued` when absent), newest first.
#[utoipa::path(
    tag = "billing",
    security(("bearer" = [])),
    params(InvoiceQuery),
    responses((status = 200, body = Page<Invoice>))
)]
#[get("/invoices")]
pub async fn all(
    state: Data<AppState>,
    _caller: Authenticated<AdminOnly>,
    query: Query<InvoiceQuery>,
) -> Result<Json<Page<Invoice>>, ApiError> {
    let status = query.status.unwrap_or(InvoiceStatus::Issued);
    Ok(Json(
        overview::in_status(&state.ctx, status, &query.page()).await?,
    ))
}

/// A further invoice, as a draft: by a doctor for a patient of theirs, or
/// by an admin naming the billing doctor.
#[utoipa::path(
    tag = "billing",
    security(("bearer" = [])),
    request_body = NewInvoice,
    responses(
        (status = 201, body = Invoice),
        (status = 403, description = "Not the doctor's patient.", body = ErrorBody),
    )
)]
#[post("/invoices")]
pub async fn create(
    state: Data<AppState>,
    caller: Authenticated<DoctorOrAdmin>,
    body: Body<NewInvoice>,
) -> Result<HttpResponse, ApiError> {
    let invoice = drafts::create(&state.ctx, &caller.account, &body).await?;
    Ok(HttpResponse::Created().json(invoice))
}

/// An invoice with its ledger and claims: its patient (once issued), its
/// doctor, admins. Reads by others than the patient are in the patient's
/// access log.
#[utoipa::path(
    tag = "billing",
    security(("bearer" = [])),
    params(InvoicePath),
    responses(
        (status = 200, body = InvoiceDetail),
        (status = 403, description = "Not the caller's invoice.", body = ErrorBody),
    )
)]
#[get("/invoices/{id}")]
pub async fn get(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<InvoiceId>,
) -> Result<Json<InvoiceDetail>, ApiError> {
    Ok(Json(billing::get(&state.ctx, &caller.account, &id).await?))
}

/// Adds a line to a draft (its doctor or an admin), taxed by the clinic's
/// rate for its kind.
#[utoipa::path(
    tag = "billing",
    security(("bearer" = [])),
    params(InvoicePath),
    request_body = NewLine,
    responses(
        (status = 200, body = Invoice),
        (status = 409, description = "The invoice is issued (`invalid_transition`) or full (`limit_reached`).", body = ErrorBody),
    )
)]
#[post("/invoices/{id}/lines")]
pub async fn add_line(
    state: Data<AppState>,
    caller: Authenticated<DoctorOrAdmin>,
    id: Path<InvoiceId>,
    body: Body<NewLine>,
) -> Result<Json<Invoice>, ApiError> {
    Ok(Json(
        drafts::add_line(&state.ctx, &caller.account, &id, &body).await?,
    ))
}

/// Removes a line from a draft (its doctor or an admin).
#[utoipa::path(
    tag = "billing",
    security(("bearer" = [])),
    params(LinePath),
    responses(
        (status = 200, body = Invoice),
        (status = 409, description = "The invoice is issued.", body = ErrorBody),
    )
)]
#[delete("/invoices/{id}/lines/{number}")]
pub async fn remove_line(
    state: Data<AppState>,
    caller: Authenticated<DoctorOrAdmin>,
    path: Path<(InvoiceId, u32)>,
) -> Result<Json<Invoice>, ApiError> {
    let (id, number) = path.into_inner();
    Ok(Json(
        drafts::remove_line(&state.ctx, &caller.account, &id, number).await?,
    ))
}

/// Issues a draft (its doctor or an admin): its number (gapless per year),
/// its charge in the ledger, its due date; the patient is told.
#[utoipa::path(
    tag = "billing",
    security(("bearer" = [])),
    params(InvoicePath),
    responses(
        (status = 200, body = Invoice),
        (status = 409, description = "Not a draft, or nothing to charge.", body = ErrorBody),
    )
)]
#[post("/invoices/{id}/issue")]
pub async fn issue_invoice(
    state: Data<AppState>,
    caller: Authenticated<DoctorOrAdmin>,
    id: Path<InvoiceId>,
) -> Result<Json<Invoice>, ApiError> {
    Ok(Json(issue::issue(&state.ctx, &caller.account, &id).await?))
}

/// A credit note on an issued invoice (admins): the amount given, or all
/// that may still be credited, which cancels the invoice.
#[utoipa::path(
    tag = "billing",
    security(("bearer" = [])),
    params(InvoicePath),
    request_body = CreditInput,
    responses(
        (status = 200, body = Invoice),
        (status = 409, description = "Not issued, or more than may be credited (`ledger_refused`).", body = ErrorBody),
    )
)]
#[post("/invoices/{id}/credit-notes")]
pub async fn credit(
    state: Data<AppState>,
    caller: Authenticated<AdminOnly>,
    id: Path<InvoiceId>,
    body: Body<CreditInput>,
) -> Result<Json<Invoice>, ApiError> {
    Ok(Json(
        issue::credit(&state.ctx, &caller.account, &id, &body).await?,
    ))
}

/// Money received from the patient (admins). More than is owed stays as
/// the patient's credit; the patient is told (never the amount).
#[utoipa::path(
    tag = "billing",
    security(("bearer" = [])),
    params(InvoicePath),
    request_body = MoneyInput,
    responses(
        (status = 200, body = Invoice),
        (status = 409, description = "The invoice is not issued.", body = ErrorBody),
    )
)]
#[post("/invoices/{id}/payments")]
pub async fn pay(
    state: Data<AppState>,
    caller: Authenticated<AdminOnly>,
    id: Path<InvoiceId>,
    body: Body<MoneyInput>,
) -> Result<Json<Invoice>, ApiError> {
    Ok(Json(
        ledger::record_payment(&state.ctx, &caller.account, &id, &body).await?,
    ))
}

/// Money given back, up to what was received (admins).
#[utoipa::path(
    tag = "billing",
    security(("bearer" = [])),
    params(InvoicePath),
    request_body = MoneyInput,
    responses(
        (status = 200, body = Invoice),
        (status = 409, description = "More than was received (`ledger_refused`).", body = ErrorBody),
    )
)]
#[post("/invoices/{id}/refunds")]
pub async fn refund(
    state: Data<AppState>,
    caller: Authenticated<AdminOnly>,
    id: Path<InvoiceId>,
    body: Body<MoneyInput>,
) -> Result<Json<Invoice>, ApiError> {
    Ok(Json(
        ledger::refund(&state.ctx, &caller.account, &id, &body).await?,
    ))
}

/// What the clinic gives up collecting, up to what is owed (admins).
#[utoipa::path(
    tag = "billing",
    security(("bearer" = [])),
    params(InvoicePath),
    request_body = WriteOffInput,
    responses(
        (status = 200, body = Invoice),
        (status = 409, description = "More than is owed (`ledger_refused`).", body = ErrorBody),
    )
)]
#[post("/invoices/{id}/write-offs")]
pub async fn write_off(
    state: Data<AppState>,
    caller: Authenticated<AdminOnly>,
    id: Path<InvoiceId>,
    body: Body<WriteOffInput>,
) -> Result<Json<Invoice>, ApiError> {
    Ok(Json(
        ledger::write_off(&state.ctx, &caller.account, &id, &body).await?,
    ))
}
