//! The AWS driver: one DynamoDB table (single-table design) with GSI1 and GSI2.
//!
//! Attributes: `pk`, `sk` (table key), `g1pk`/`g1sk` and `g2pk`/`g2sk` (index
//! keys, absent when the item is not in that index), `v` (version) and `d` (the
//! item's attributes as a map). Every write is an UpdateItem so that `v` is
//! incremented atomically whatever the condition.

use std::collections::HashMap;
use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, ConditionCheck, Delete, GlobalSecondaryIndex,
    IndexStatus, KeySchemaElement, KeyType, KeysAndAttributes, Projection, ProjectionType,
    ReturnValue, ScalarAttributeType, TableStatus, TransactWriteItem, Update,
};
use aws_sdk_dynamodb::Client;
use serde_json::{Number, Value};

use super::item::check_update;
use super::{
    check_batch_get, check_transaction, Attributes, Condition, Cursor, Index, IndexKey, Item, Key,
    Query, QueryPage, SkRange, Store, StoreError, TxOp, UpdateOp,
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
            let Some(table) = table else { continue };
            let indexes_active = table
                .global_secondary_indexes()
                .iter()
                .all(|gsi| gsi.index_status() == Some(&IndexStatus::Active));
            if table.table_status() == Some(&TableStatus::Active) && indexes_active {
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

/// Builds an update expression with its placeholders.
#[derive(Default)]
struct Expr {
    set: Vec<String>,
    remove: Vec<String>,
    add: Vec<String>,
    condition: Option<String>,
    names: HashMap<String, String>,
    values: HashMap<String, AttributeValue>,
}

impl Expr {
    fn name(&mut self, name: &str) -> String {
        let placeholder = format!("#n{}", self.names.len());
        self.names.insert(placeholder.clone(), name.to_owned());
        placeholder
    }

    fn value(&mut self, value: AttributeValue) -> String {
        let placeholder = format!(":v{}", self.values.len());
        self.values.insert(placeholder.clone(), value);
        placeholder
    }

    /// Sets or removes the item's place in the indexes and its whole data.
    fn put(item: &Item) -> Self {
        let mut expr = Self::default();
        let d = expr.name("d");
        let data = expr.value(AttributeValue::M(to_attr_map(&item.attrs)));
        expr.set.push(format!("{d} = {data}"));
        for ((_, pk_attr, sk_attr), key) in GSI.iter().zip([&item.gsi1, &item.gsi2]) {
            let pk_name = expr.name(pk_attr);
            let sk_name = expr.name(sk_attr);
            match key {
                Some(key) => {
                    let pk = expr.value(AttributeValue::S(key.pk.clone()));
                    let sk = expr.value(AttributeValue::S(key.sk.clone()));
                    expr.set.push(format!("{pk_name} = {pk}"));
                    expr.set.push(format!("{sk_name} = {sk}"));
                }
                None => expr.remove.extend([pk_name, sk_name]),
            }
        }
        expr
    }

    /// Changes attributes inside `d`; the item must exist.
    fn update(ops: &[UpdateOp]) -> Self {
        let mut expr = Self::default();
        let d = expr.name("d");
        for op in ops {
            match op {
                UpdateOp::Set(name, value) => {
                    let path = format!("{d}.{}", expr.name(name));
                    let value = expr.value(to_attr(value));
                    expr.set.push(format!("{path} = {value}"));
                }
                UpdateOp::Remove(name) => {
                    let path = format!("{d}.{}", expr.name(name));
                    expr.remove.push(path);
                }
                UpdateOp::Add(name, delta) => {
                    // ADD works on top-level attributes only; this works inside `d`.
                    let path = format!("{d}.{}", expr.name(name));
                    let zero = expr.value(AttributeValue::N("0".into()));
                    let delta = expr.value(AttributeValue::N(delta.to_string()));
                    expr.set
                        .push(format!("{path} = if_not_exists({path}, {zero}) + {delta}"));
                }
            }
        }
        let pk = expr.name("pk");
        expr.condition = Some(format!("attribute_exists({pk})"));
        expr
    }

    /// Adds `condition` (and'ed with any condition already there).
    fn when(mut self, condition: Condition) -> Self {
        let clause = match condition {
            Condition::Always => None,
            Condition::NotExists => Some(format!("attribute_not_exists({})", self.name("pk"))),
            Condition::Exists => Some(format!("attribute_exists({})", self.name("pk"))),
            Condition::Version(version) => {
                let v = self.name("v");
                let expected = self.value(AttributeValue::N(version.to_string()));
                Some(format!("{v} = {expected}"))
            }
        };
        self.condition = match (self.condition.take(), clause) {
            (Some(a), Some(b)) => Some(format!("({a}) AND ({b})")),
            (a, b) => a.or(b),
        };
        self
    }

    /// Increments the version and returns the parts of the request.
    fn finish(mut self) -> Expression {
        let v = self.name("v");
        let one = self.value(AttributeValue::N("1".into()));
        self.add.push(format!("{v} {one}"));
        let update = [
            ("SET", &self.set),
            ("REMOVE", &self.remove),
            ("ADD", &self.add),
        ]
        .into_iter()
        .filter(|(_, parts)| !parts.is_empty())
        .map(|(word, parts)| format!("{word} {}", parts.join(", ")))
        .collect::<Vec<_>>()
        .join(" ");
        self.into_expression(Some(update))
    }

    /// A condition alone, for a ConditionCheck or a Delete. Always holds for
    /// [`Condition::Always`] (a ConditionCheck needs some expression).
    fn condition_only(condition: Condition) -> Expression {
        let mut expr = Self::default().when(condition);
        if expr.condition.is_none() {
            let pk = expr.name("pk");
            expr.condition = Some(format!(
                "attribute_exists({pk}) OR attribute_not_exists({pk})"
            ));
        }
        expr.into_expression(None)
    }

    fn into_expression(self, update: Option<String>) -> Expression {
        Expression {
            update,
            condition: self.condition,
            names: (!self.names.is_empty()).then_some(self.names),
            values: (!self.values.is_empty()).then_some(self.values),
        }
    }
}

/// The expression parts of one request, as the SDK's builders take them.
struct Expression {
    update: Option<String>,
    condition: Option<String>,
    names: Option<HashMap<String, String>>,
    values: Option<HashMap<String, AttributeValue>>,
}

fn key_attrs(key: &Key) -> HashMap<String, AttributeValue> {
    HashMap::from([
        ("pk".to_owned(), AttributeValue::S(key.pk.clone())),
        ("sk".to_owned(), AttributeValue::S(key.sk.clone())),
    ])
}

fn to_attr(value: &Value) -> AttributeValue {
    match value {
        Value::Null => AttributeValue::Null(true),
        Value::Bool(b) => AttributeValue::Bool(*b),
        Value::Number(n) => AttributeValue::N(n.to_string()),
        Value::String(s) => AttributeValue::S(s.clone()),
        Value::Array(values) => AttributeValue::L(values.iter().map(to_attr).collect()),
        Value::Object(map) => AttributeValue::M(to_attr_map(map)),
    }
}

fn to_attr_map(map: &Attributes) -> HashMap<String, AttributeValue> {
    map.iter().map(|(k, v)| (k.clone(), to_attr(v))).collect()
}

fn from_attr(value: &AttributeValue) -> Result<Value, StoreError> {
    Ok(match value {
        AttributeValue::Null(_) => Value::Null,
        AttributeValue::Bool(b) => Value::Bool(*b),
        AttributeValue::N(n) => Value::Number(parse_number(n)?),
        AttributeValue::S(s) => Value::String(s.clone()),
        AttributeValue::L(values) => {
            Value::Array(values.iter().map(from_attr).collect::<Result<_, _>>()?)
        }
        AttributeValue::M(map) => Value::Object(from_attr_map(map)?),
        _ => return Err(StoreError::backend("unsupported attribute type")),
    })
}

fn parse_number(text: &str) -> Result<Number, StoreError> {
    if let Ok(i) = text.parse::<i64>() {
        return Ok(Number::from(i));
    }
    if let Ok(u) = text.parse::<u64>() {
        return Ok(Number::from(u));
    }
    text.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .ok_or_else(|| StoreError::backend("unreadable number"))
}

fn from_attr_map(map: &HashMap<String, AttributeValue>) -> Result<Attributes, StoreError> {
    map.iter()
        .map(|(k, v)| Ok((k.clone(), from_attr(v)?)))
        .collect()
}

fn string_attr(attrs: &HashMap<String, AttributeValue>, name: &str) -> Option<String> {
    attrs.get(name).and_then(|v| v.as_s().ok()).cloned()
}

fn to_item(attrs: &HashMap<String, AttributeValue>) -> Result<Item, StoreError> {
    let key = Key {
        pk: string_attr(attrs, "pk").ok_or_else(|| StoreError::backend("item without pk"))?,
        sk: string_attr(attrs, "sk").ok_or_else(|| StoreError::backend("item without sk"))?,
    };
    let index_key = |pk: &str, sk: &str| {
        string_attr(attrs, pk)
            .zip(string_attr(attrs, sk))
            .map(|(pk, sk)| IndexKey { pk, sk })
    };
    let version = attrs
        .get("v")
        .and_then(|v| v.as_n().ok())
        .and_then(|n| n.parse().ok())
        .unwrap_or_default();
    let data = match attrs.get("d") {
        Some(AttributeValue::M(map)) => from_attr_map(map)?,
        _ => Attributes::new(),
    };
    Ok(Item {
        key,
        gsi1: index_key("g1pk", "g1sk"),
        gsi2: index_key("g2pk", "g2sk"),
        attrs: data,
        version,
    })
}

fn map_sdk_err<E, R>(error: SdkError<E, R>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    match error.code() {
        Some("ConditionalCheckFailedException") => StoreError::ConditionFailed { op: None },
        Some("ResourceNotFoundException") => StoreError::NotInitialised,
        Some("TransactionConflictException") => StoreError::Conflict,
        Some("ValidationException") if error.message().is_some_and(|m| m.contains("size")) => {
            StoreError::ItemTooLarge {
                bytes: super::MAX_ITEM_BYTES + 1,
            }
        }
        Some("ValidationException") => {
            StoreError::invalid(error.message().unwrap_or("rejected by DynamoDB").to_owned())
        }
        _ => StoreError::backend(aws_sdk_dynamodb::error::DisplayErrorContext(&error)),
    }
}

fn map_transaction_err(
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
                    bytes: super::MAX_ITEM_BYTES + 1,
                };
            }
        }
    }
    map_sdk_err(error)
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
impl Store for DynamoStore {
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
        key.check()?;
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
        check_batch_get(keys)?;
        let mut unique: Vec<&Key> = keys.iter().collect();
        unique.sort();
        unique.dedup();
        let mut found: HashMap<Key, Item> = HashMap::new();
        let mut pending = if unique.is_empty() {
            None
        } else {
            Some(
                KeysAndAttributes::builder()
                    .set_keys(Some(unique.into_iter().map(key_attrs).collect()))
                    .consistent_read(true)
                    .build()
                    .map_err(StoreError::backend)?,
            )
        };
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
        item.check()?;
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
        key.check()?;
        check_update(&ops)?;
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
        key.check()?;
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
        query.check()?;
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

    async fn transact(&self, ops: Vec<TxOp>) -> Result<(), StoreError> {
        check_transaction(&ops)?;
        let mut request = self.client.transact_write_items();
        for op in &ops {
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
        request.send().await.map_err(map_transaction_err)?;
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
