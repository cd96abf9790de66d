//! `GET /api/v1/specializations`: the catalogue of medical specializations.

use actix_web::get;
use actix_web::web::{Data, Json};
use medtrack_shared::{ErrorBody, Page, PageQuery, Specialization};

use super::extract::Query;
use super::AppState;
use crate::domain::specializations;
use crate::error::ApiError;

/// Lists the medical specializations, in slug order.
#[utoipa::path(
    tag = "catalogue",
    params(PageQuery),
    responses(
        (status = 200, description = "One page of the catalogue.", body = Page<Specialization>),
        (status = 422, description = "A bad `limit` or `cursor`.", body = ErrorBody),
    )
)]
#[get("")]
#[tracing::instrument(skip_all)]
pub async fn list(
    state: Data<AppState>,
    query: Query<PageQuery>,
) -> Result<Json<Page<Specialization>>, ApiError> {
    let limit = query.checked_limit()?;
    let page = specializations::list(&state.ctx, limit, query.cursor.as_deref()).await?;
    Ok(Json(page))
}
