//! The AWS driver: one DynamoDB table (single-table design) with GSI1 and GSI2.
//!
//! Attributes: `pk`, `sk` (table key), `g1pk`/`g1sk` and `g2pk`/`g2sk` (index
//! keys, absent when the item is not in that index), `v` (version) and `d` (the
//! item's attributes as a map). Every write is an UpdateItem so that `v` is
//! incremented atomically whatever the condition.

mod attributes;
mod errors;
mod expression;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, ConditionCheck, Delete, GlobalSecondaryIndex,
    IndexStatus, KeySchemaElement, KeyType, KeysAndAttributes, Projection, ProjectionType,
    ReturnValue, ScalarAttributeType, TableStatus, TransactWriteItem, Update,
};
use aws_sdk_dynamodb::Client;

use self::attributes::{key_attrs, to_item};
use self::errors::{map_sdk_err, map_transaction_err};
use self::expression::Expr;
use super::{
    Condition, Cursor, Driver, Index, Item, Key, Query, QueryPage, SkRange, StoreError, TxOp,
    UpdateOp,
};

/// Where the table is.
#[derive(Debug, Clone)]
pub struct DynamoConfig {
    /// Table name.
    pub table: String,
    /// AWS region; the SDK's default chain decides when absent.
    pub region: Option<String>,
    /// Endpoint override, e.g. DynamoDB Local's `http://127.0.0.1:8000`.
    pub endpoint: Option<String>,
}

/// The DynamoDB driver.
#[derive(Clone)]
pub struct DynamoStore {
    client: Client,
    table: String,
}

/// The secondary indexes: (index name, partition key attribute, sort key attribute).
const GSI: [(&str, &str, &str); 2] = [("gsi1", "g1pk", "g1sk"), ("gsi2", "g2pk", "g2sk")];

impl DynamoStore {
    /// A driver using the SDK's default credentials chain.
    pub async fn connect(config: &DynamoConfig) -> Self {
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest());
        if let Some(region) = &config.region {
            loader = loader.region(aws_config::Region::new(region.clone()));
        }
        if let Some(endpoint) = &config.endpoint {
            loader = loader.endpoint_url(endpoint);
        }
        Self::with_sdk_config(&loader.load().await, &config.table)
    }

    /// A driver over an SDK configuration made by the caller.
    pub fn with_sdk_config(sdk: &aws_config::SdkConfig, table: &str) -> Self {
        Self {
            client: Client::new(sdk),
            table: table.to_owned(),
        }
    }

    async fn wait_until_active(&self) -> Result<(), StoreError> {
        for _ in 0..300 {
            let table = self
                .client
                .describe_table()
                .table_name(&self.table)
                .send()
                .await
                .map_err(map_sdk_err)?
                .table;
            let active = table.is_some_and(|table| {
                table.table_status() == Some(&TableStatus::Active)
                    && table
                        .global_secondary_indexes()
                        .iter()
                        .all(|gsi| gsi.index_status() == Some(&IndexStatus::Active))
            });
            if active {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        Err(StoreError::backend("table did not become active"))
    }

    fn update_request(
        &self,
        key: &Key,
        expr: Expr,
    ) -> aws_sdk_dynamodb::operation::update_item::builders::UpdateItemFluentBuilder {
        let parts = expr.finish();
        self.client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(key)))
            .set_update_expression(parts.update)
            .set_condition_expression(parts.condition)
            .set_expression_attribute_names(parts.names)
            .set_expression_attribute_values(parts.values)
    }
}

fn index_columns(index: Index) -> (Option<&'static str>, &'static str, &'static str) {
    match index {
        Index::Primary => (None, "pk", "sk"),
        Index::Gsi1 => (Some(GSI[0].0), GSI[0].1, GSI[0].2),
        Index::Gsi2 => (Some(GSI[1].0), GSI[1].1, GSI[1].2),
    }
}

fn start_key(cursor: &Cursor, query: &Query) -> HashMap<String, AttributeValue> {
    let (_, pk_attr, sk_attr) = index_columns(query.index);
    let mut key = HashMap::from([
        (
            pk_attr.to_owned(),
            AttributeValue::S(cursor.partition.clone()),
        ),
        (sk_attr.to_owned(), AttributeValue::S(cursor.sort.clone())),
    ]);
    if let Some((pk, sk)) = &cursor.primary {
        key.insert("pk".to_owned(), AttributeValue::S(pk.clone()));
        key.insert("sk".to_owned(), AttributeValue::S(sk.clone()));
    }
    key
}

#[async_trait]
impl Driver for DynamoStore {
    async fn init(&self) -> Result<(), StoreError> {
        let attr = |name: &str| {
            AttributeDefinition::builder()
                .attribute_name(name)
                .attribute_type(ScalarAttributeType::S)
                .build()
                .map_err(StoreError::backend)
        };
        let key = |name: &str, key_type: KeyType| {
            KeySchemaElement::builder()
                .attribute_name(name)
                .key_type(key_type)
                .build()
                .map_err(StoreError::backend)
        };
        let mut request = self
            .client
            .create_table()
            .table_name(&self.table)
            .billing_mode(BillingMode::PayPerRequest)
            .key_schema(key("pk", KeyType::Hash)?)
            .key_schema(key("sk", KeyType::Range)?)
            .attribute_definitions(attr("pk")?)
            .attribute_definitions(attr("sk")?);
        for (name, pk, sk) in GSI {
            request = request
                .attribute_definitions(attr(pk)?)
                .attribute_definitions(attr(sk)?)
                .global_secondary_indexes(
                    GlobalSecondaryIndex::builder()
                        .index_name(name)
                        .key_schema(key(pk, KeyType::Hash)?)
                        .key_schema(key(sk, KeyType::Range)?)
                        .projection(
                            Projection::builder()
                                .projection_type(ProjectionType::All)
                                .build(),
                        )
                        .build()
                        .map_err(StoreError::backend)?,
                );
        }
        match request.send().await {
            Ok(_) => {}
            Err(e) if e.code() == Some("ResourceInUseException") => {}
            Err(e) => return Err(map_sdk_err(e)),
        }
        self.wait_until_active().await
    }

    async fn ping(&self) -> Result<(), StoreError> {
        self.client
            .describe_table()
            .table_name(&self.table)
            .send()
            .await
            .map_err(map_sdk_err)?;
        Ok(())
    }

    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(key)))
            .consistent_read(true)
            .send()
            .await
            .map_err(map_sdk_err)?;
        output.item().map(to_item).transpose()
    }

    async fn batch_get(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, StoreError> {
        let mut unique: Vec<&Key> = keys.iter().collect();
        unique.sort();
        unique.dedup();
        let mut found: HashMap<Key, Item> = HashMap::new();
        // DynamoDB refuses a key twice in one request; Store never sends none.
        let mut pending = Some(
            KeysAndAttributes::builder()
                .set_keys(Some(unique.into_iter().map(key_attrs).collect()))
                .consistent_read(true)
                .build()
                .map_err(StoreError::backend)?,
        );
        let mut backoff = Duration::from_millis(20);
        while let Some(request) = pending.take() {
            let output = self
                .client
                .batch_get_item()
                .request_items(&self.table, request)
                .send()
                .await
                .map_err(map_sdk_err)?;
            for attrs in output
                .responses()
                .and_then(|r| r.get(&self.table))
                .into_iter()
                .flatten()
            {
                let item = to_item(attrs)?;
                found.insert(item.key.clone(), item);
            }
            pending = output
                .unprocessed_keys()
                .and_then(|u| u.get(&self.table))
                .cloned();
            if pending.is_some() {
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(1));
            }
        }
        Ok(keys.iter().map(|key| found.get(key).cloned()).collect())
    }

    async fn put(&self, item: Item, condition: Condition) -> Result<u64, StoreError> {
        let output = self
            .update_request(&item.key, Expr::put(&item).when(condition))
            .return_values(ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(map_sdk_err)?;
        output
            .attributes()
            .and_then(|a| a.get("v"))
            .and_then(|v| v.as_n().ok())
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| StoreError::backend("no version returned"))
    }

    async fn update(
        &self,
        key: &Key,
        ops: Vec<UpdateOp>,
        condition: Condition,
    ) -> Result<Item, StoreError> {
        let output = self
            .update_request(key, Expr::update(&ops).when(condition))
            .return_values(ReturnValue::AllNew)
            .send()
            .await
            .map_err(map_sdk_err)?;
        to_item(
            output
                .attributes()
                .ok_or_else(|| StoreError::backend("no item returned"))?,
        )
    }

    async fn delete(&self, key: &Key, condition: Condition) -> Result<(), StoreError> {
        let parts = Expr::condition_only(condition);
        self.client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(key)))
            .set_condition_expression(parts.condition)
            .set_expression_attribute_names(parts.names)
            .set_expression_attribute_values(parts.values)
            .send()
            .await
            .map_err(map_sdk_err)?;
        Ok(())
    }

    async fn query(&self, query: Query) -> Result<QueryPage, StoreError> {
        let (index_name, pk_attr, sk_attr) = index_columns(query.index);
        let mut names = HashMap::from([("#p".to_owned(), pk_attr.to_owned())]);
        let mut values = HashMap::from([(":p".to_owned(), AttributeValue::S(query.pk.clone()))]);
        let mut key_condition = "#p = :p".to_owned();
        let range = match &query.range {
            SkRange::All => None,
            SkRange::Prefix(prefix) => Some(("begins_with(#s, :a)", prefix, None)),
            SkRange::Between(low, high) => Some(("#s BETWEEN :a AND :b", low, Some(high))),
            SkRange::From(low) => Some(("#s >= :a", low, None)),
            SkRange::UpTo(high) => Some(("#s <= :a", high, None)),
        };
        if let Some((clause, a, b)) = range {
            key_condition.push_str(" AND ");
            key_condition.push_str(clause);
            names.insert("#s".to_owned(), sk_attr.to_owned());
            values.insert(":a".to_owned(), AttributeValue::S(a.clone()));
            if let Some(b) = b {
                values.insert(":b".to_owned(), AttributeValue::S(b.clone()));
            }
        }

        // Ask for one item more than the page so that `next` is set exactly
        // when more items match, as the SQLite driver does.
        let wanted = query.limit + 1;
        let mut raw = Vec::with_capacity(wanted);
        let mut start = query.cursor.as_ref().map(|c| start_key(c, &query));
        loop {
            let output = self
                .client
                .query()
                .table_name(&self.table)
                .set_index_name(index_name.map(str::to_owned))
                .key_condition_expression(&key_condition)
                .set_expression_attribute_names(Some(names.clone()))
                .set_expression_attribute_values(Some(values.clone()))
                .scan_index_forward(query.forward)
                .consistent_read(query.index == Index::Primary)
                .limit(i32::try_from(wanted - raw.len()).unwrap_or(i32::MAX))
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .map_err(map_sdk_err)?;
            for attrs in output.items() {
                raw.push(to_item(attrs)?);
            }
            match output.last_evaluated_key() {
                Some(last) if raw.len() < wanted => start = Some(last.clone()),
                _ => break,
            }
        }
        let more = raw.len() > query.limit;
        raw.truncate(query.limit);
        let next = if more {
            raw.last().and_then(|item| Cursor::after(&query, item))
        } else {
            None
        };
        Ok(QueryPage { items: raw, next })
    }

    async fn transact(&self, ops: Arc<[TxOp]>) -> Result<(), StoreError> {
        let mut request = self.client.transact_write_items();
        for op in ops.iter() {
            let action = match op {
                TxOp::Put(item, condition) => {
                    update_action(&self.table, &item.key, Expr::put(item).when(*condition))?
                }
                TxOp::Update(key, updates, condition) => {
                    update_action(&self.table, key, Expr::update(updates).when(*condition))?
                }
                TxOp::Delete(key, condition) => {
                    let parts = Expr::condition_only(*condition);
                    TransactWriteItem::builder()
                        .delete(
                            Delete::builder()
                                .table_name(&self.table)
                                .set_key(Some(key_attrs(key)))
                                .set_condition_expression(parts.condition)
                                .set_expression_attribute_names(parts.names)
                                .set_expression_attribute_values(parts.values)
                                .build()
                                .map_err(StoreError::backend)?,
                        )
                        .build()
                }
                TxOp::Check(key, condition) => {
                    let parts = Expr::condition_only(*condition);
                    TransactWriteItem::builder()
                        .condition_check(
                            ConditionCheck::builder()
                                .table_name(&self.table)
                                .set_key(Some(key_attrs(key)))
                                .set_condition_expression(parts.condition)
                                .set_expression_attribute_names(parts.names)
                                .set_expression_attribute_values(parts.values)
                                .build()
                                .map_err(StoreError::backend)?,
                        )
                        .build()
                }
            };
            request = request.transact_items(action);
        }
        // The SDK retries a transaction whose answer was lost or that the
        // service could not finish (a 500): the token makes such a retry
        // return the first outcome instead of applying it twice.
        request
            .client_request_token(uuid::Uuid::now_v7().to_string())
            .send()
            .await
            .map_err(map_transaction_err)?;
        Ok(())
    }
}

fn update_action(table: &str, key: &Key, expr: Expr) -> Result<TransactWriteItem, StoreError> {
    let parts = expr.finish();
    Ok(TransactWriteItem::builder()
        .update(
            Update::builder()
                .table_name(table)
                .set_key(Some(key_attrs(key)))
                .set_update_expression(parts.update)
                .set_condition_expression(parts.condition)
                .set_expression_attribute_names(parts.names)
                .set_expression_attribute_values(parts.values)
                .build()
                .map_err(StoreError::backend)?,
        )
        .build())
}
