//! Update and condition expressions with their name and value placeholders.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;

use super::attributes::{to_attr, to_attr_map};
use super::GSI;
use crate::store::{Condition, Item, UpdateOp};

/// Builds an update expression with its placeholders.
#[derive(Default)]
pub(super) struct Expr {
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
    pub(super) fn put(item: &Item) -> Self {
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
    pub(super) fn update(ops: &[UpdateOp]) -> Self {
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
    pub(super) fn when(mut self, condition: Condition) -> Self {
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
    pub(super) fn finish(mut self) -> Expression {
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
    pub(super) fn condition_only(condition: Condition) -> Expression {
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
pub(super) struct Expression {
    pub update: Option<String>,
    pub condition: Option<String>,
    pub names: Option<HashMap<String, String>>,
    pub values: Option<HashMap<String, AttributeValue>>,
}
