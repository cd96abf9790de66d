//! Items as DynamoDB attributes: JSON values to attribute values and back.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use serde_json::{Number, Value};

use crate::store::{Attributes, IndexKey, Item, Key, StoreError};

pub(super) fn key_attrs(key: &Key) -> HashMap<String, AttributeValue> {
    HashMap::from([
        ("pk".to_owned(), AttributeValue::S(key.pk.clone())),
        ("sk".to_owned(), AttributeValue::S(key.sk.clone())),
    ])
}

pub(super) fn to_attr(value: &Value) -> AttributeValue {
    match value {
        Value::Null => AttributeValue::Null(true),
        Value::Bool(b) => AttributeValue::Bool(*b),
        Value::Number(n) => AttributeValue::N(n.to_string()),
        Value::String(s) => AttributeValue::S(s.clone()),
        Value::Array(values) => AttributeValue::L(values.iter().map(to_attr).collect()),
        Value::Object(map) => AttributeValue::M(to_attr_map(map)),
    }
}

pub(super) fn to_attr_map(map: &Attributes) -> HashMap<String, AttributeValue> {
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

pub(super) fn to_item(attrs: &HashMap<String, AttributeValue>) -> Result<Item, StoreError> {
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
