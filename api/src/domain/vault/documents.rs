//! Reading a vault and changing what is said about a document: lists (the
//! patient's and admins' one query on the vault, a doctor's one query on
//! their markers and a batch get), a document, its versions, its title,
//! category and date, and its deletion (a tombstone stays).

use medtrack_shared::vault::{Document, DocumentChange, Tombstone, Version, MAX_VERSIONS};
use medtrack_shared::{AppointmentId, DocumentId, Page, PageQuery, Role, UserId};

use super::{
    commit_checked, document_item, load, may_see, reader, shares, shown, uploaded_by_caller,
    Marker, Reader,
};
use crate::domain::accounts::Account;
use crate::domain::patients::{self, Access};
use crate::domain::{appointments, paging, Context, DomainError};
use crate::store::{keys, Condition, Cursor, Index, Query, TxOp};

/// Records a read of the vault by anyone but the patient.
async fn log_read(
    ctx: &Context,
    caller: &Account,
    reader: Reader,
    patient: &UserId,
    what: &str,
) -> Result<(), DomainError> {
    let access = match reader {
        Reader::Owner => Access::Owner,
        Reader::Admin => Access::Admin,
        Reader::Doctor { .. } => Access::CareTeam,
    };
    patients::record_read(ctx, caller, access, patient, what).await
}

/// One page of the vault, newest first: all of it for the patient and
/// admins (deleted documents as tombstones), what a doctor may open for them.
pub async fn list(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    page: &PageQuery,
) -> Result<Page<Document>, DomainError> {
    let limit = page.checked_limit()?;
    let reader = reader(ctx, caller, patient).await?;
    let page = match reader {
        Reader::Owner | Reader::Admin => {
            let query = Query::partition(keys::documents(patient)).backwards();
            paging::page(&ctx.store, query, limit, page.cursor.as_deref()).await?
        }
        Reader::Doctor { care } => {
            let page = doctor_page(ctx, caller, patient, limit, page.cursor.as_deref()).await?;
            if !care && page.items.is_empty() && page.next_cursor.is_none() {
                return Err(DomainError::Forbidden);
            }
            page
        }
    };
    log_read(ctx, caller, reader, patient, "documents").await?;
    Ok(page)
}

/// A page of what a doctor may open: their markers, then the documents.
async fn doctor_page(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    limit: u32,
    cursor: Option<&str>,
) -> Result<Page<Document>, DomainError> {
    let cursor = cursor.map(Cursor::decode).transpose()?;
    let query = Query::partition(keys::doctor_documents(&caller.id, patient))
        .backwards()
        .limit(usize::try_from(limit).unwrap_or(100))
        .after(cursor);
    let markers = ctx.store.query(query).await?;
    let now = ctx.now();
    let live: Vec<Marker> = markers
        .items
        .iter()
        .filter_map(|item| item.record::<Marker>().ok())
        .filter(|marker| marker.live(now))
        .collect();
    let keys: Vec<_> = live
        .iter()
        .map(|marker| keys::document(patient, &marker.document))
        .collect();
    let found = ctx.store.batch_get(&keys).await?;
    let mut items = Vec::new();
    for item in found.into_iter().flatten() {
        let document: Document = item.into_record()?;
        if document.deleted.is_none() {
            items.push(shown(document, Reader::Doctor { care: true }));
        }
    }
    Ok(Page {
        items,
        next_cursor: markers.next.map(|c| c.encode()),
    })
}

/// A document the caller may see, its read logged.
async fn visible(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    id: &DocumentId,
    what: &str,
) -> Result<(Document, Reader), DomainError> {
    let reader = reader(ctx, caller, patient).await?;
    let document = load(ctx, patient, id).await?.document;
    if !may_see(ctx, caller, reader, &document).await? {
        return Err(DomainError::NotFound);
    }
    log_read(ctx, caller, reader, patient, what).await?;
    Ok((document, reader))
}

/// One document.
pub async fn get(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    id: &DocumentId,
) -> Result<Document, DomainError> {
    let (document, reader) = visible(ctx, caller, patient, id, "document").await?;
    Ok(shown(document, reader))
}

/// A document's versions, newest first.
pub async fn versions(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    id: &DocumentId,
) -> Result<Vec<Version>, DomainError> {
    visible(ctx, caller, patient, id, "document versions").await?;
    let query = Query::partition(keys::document_versions(id)).backwards();
    let max = usize::try_from(MAX_VERSIONS).unwrap_or(50);
    let items = paging::all_items(&ctx.store, query, max).await?;
    Ok(items
        .iter()
        .map(|item| item.record())
        .collect::<Result<_, _>>()?)
}

/// Changes the title, category or date (whoever uploaded the document).
pub async fn change(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    id: &DocumentId,
    change: &DocumentChange,
) -> Result<Document, DomainError> {
    change.check()?;
    let stored = uploaded_by_caller(ctx, caller, patient, id).await?;
    let mut document = stored.document;
    if let Some(title) = &change.title {
        title.trim().clone_into(&mut document.title);
    }
    document.category = change.category.unwrap_or(document.category);
    document.about = change.about.unwrap_or(document.about);
    let op = TxOp::Put(
        document_item(&document)?,
        Condition::Version(stored.version),
    );
    commit_checked(ctx, vec![op]).await?;
    Ok(document)
}

/// Deletes a document the patient uploaded: its shares end, nothing of it
/// opens again, and a tombstone says who deleted it and when. Documents a
/// doctor uploaded are corrected by a new version instead.
pub async fn delete(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    id: &DocumentId,
) -> Result<Document, DomainError> {
    if reader(ctx, caller, patient).await? != Reader::Owner {
        return Err(DomainError::Forbidden);
    }
    let stored = load(ctx, patient, id).await?;
    let mut document = stored.document;
    if document.deleted.is_some() {
        return Err(DomainError::NotFound);
    }
    if document.uploaded_by != caller.id {
        return Err(DomainError::Forbidden);
    }
    let mut ops = shares::end_all(&mut document);
    document.deleted = Some(Tombstone {
        by: caller.id,
        by_name: caller.name.clone(),
        at: ctx.now(),
    });
    ops.push(TxOp::Put(
        document_item(&document)?,
        Condition::Version(stored.version),
    ));
    commit_checked(ctx, ops).await?;
    Ok(document)
}

/// The documents of a visit the caller may see (its patient, its doctor
/// for what they may open, admins), newest first.
pub async fn of_visit(
    ctx: &Context,
    caller: &Account,
    visit: &AppointmentId,
) -> Result<Vec<Document>, DomainError> {
    let appointment = appointments::load(&ctx.store, visit).await?.appointment;
    let patient = appointment.patient.id;
    let reader = reader(ctx, caller, &patient).await?;
    if caller.role == Role::Doctor && appointment.doctor.id != caller.id {
        return Err(DomainError::Forbidden);
    }
    let query = Query::partition(keys::visit_documents(visit))
        .on(Index::Gsi1)
        .backwards();
    let items = paging::all_items(&ctx.store, query, 100).await?;
    let mut documents: Vec<Document> = items
        .into_iter()
        .map(|item| item.into_record::<Document>())
        .collect::<Result<_, _>>()?;
    documents.retain(|d| d.deleted.is_none());
    if let Reader::Doctor { .. } = reader {
        // One batch get of the doctor's markers for the visit's documents.
        let markers: Vec<_> = documents
            .iter()
            .map(|d| keys::doctor_document(&caller.id, &patient, &d.id))
            .collect();
        let found = ctx.store.batch_get(&markers).await?;
        let now = ctx.now();
        let mut open = found.iter().map(|item| {
            item.as_ref()
                .and_then(|i| i.record::<Marker>().ok())
                .is_some_and(|m| m.live(now))
        });
        documents.retain(|_| open.next().unwrap_or(false));
    }
    let documents: Vec<Document> = documents.into_iter().map(|d| shown(d, reader)).collect();
    log_read(ctx, caller, reader, &patient, "visit documents").await?;
    Ok(documents)
}
