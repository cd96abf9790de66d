//! Integration tests, linked into one binary: the storage conformance suite
//! (every behaviour on SQLite and on DynamoDB Local), the HTTP API on both
//! drivers, and the committed OpenAPI document.

mod dynamodb_local;
mod helpers;
mod http;
mod openapi;
mod store_conformance;
