//! SDK errors as store errors.

use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;

use crate::store::{StoreError, MAX_ITEM_BYTES};

pub(super) fn map_sdk_err<E, R>(error: SdkError<E, R>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    match error.code() {
        Some("ConditionalCheckFailedException") => StoreError::ConditionFailed { op: None },
        Some("ResourceNotFoundException") => StoreError::NotInitialised,
        Some("TransactionConflictException") => StoreError::Conflict,
        // DynamoDB Local answers a transaction that waited too long for an
        // item's lock with a 500 (real DynamoDB cancels it as a conflict):
        // nothing was written, and trying again may succeed.
        Some("InternalServerError")
            if error
                .message()
                .is_some_and(|m| m.contains("waiting for a lock")) =>
        {
            StoreError::Conflict
        }
        Some("ValidationException") if error.message().is_some_and(|m| m.contains("size")) => {
            StoreError::ItemTooLarge {
                bytes: MAX_ITEM_BYTES + 1,
            }
        }
        Some("ValidationException") => {
            StoreError::invalid(error.message().unwrap_or("rejected by DynamoDB").to_owned())
        }
        _ => StoreError::backend(aws_sdk_dynamodb::error::DisplayErrorContext(&error)),
    }
}

pub(super) fn map_transaction_err(
    error: SdkError<TransactWriteItemsError, aws_sdk_dynamodb::config::http::HttpResponse>,
) -> StoreError {
    if let SdkError::ServiceError(service) = &error {
        if let TransactWriteItemsError::TransactionCanceledException(canceled) = service.err() {
            let codes: Vec<&str> = canceled
                .cancellation_reasons()
                .iter()
                .map(|reason| reason.code().unwrap_or("None"))
                .collect();
            if let Some(op) = codes
                .iter()
                .position(|code| *code == "ConditionalCheckFailed")
            {
                return StoreError::ConditionFailed { op: Some(op) };
            }
            if codes.contains(&"TransactionConflict") {
                return StoreError::Conflict;
            }
            if codes.contains(&"ValidationError") {
                return StoreError::ItemTooLarge {
                    bytes: MAX_ITEM_BYTES + 1,
                };
            }
        }
    }
    map_sdk_err(error)
}
