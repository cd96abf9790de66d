//! Queries on the primary key and the two index stand-ins, paged by cursor.

use rusqlite::{params_from_iter, Connection};

use super::super::{Cursor, Index, Item, Query, QueryPage, SkRange, StoreError};
use super::map_err;
use super::rows::{parse_attrs, row_to_item, COLUMNS};

/// The smallest string greater than every string that starts with `prefix`,
/// if any: UTF-8 byte order is code point order, so bump the last char that
/// can be bumped and drop what follows it.
fn prefix_end(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = (u32::from(last) + 1..=u32::from(char::MAX)).find_map(char::from_u32);
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

pub(super) fn run_query(conn: &Connection, query: &Query) -> Result<QueryPage, StoreError> {
    let (rows, next) = query_rows(conn, query)?;
    let items = rows.into_iter().map(parse_attrs);
    Ok(QueryPage {
        items: items.collect::<Result<_, _>>()?,
        next,
    })
}

/// One page of rows, each an item without its attributes and the attributes'
/// JSON text, and where the next page starts.
pub(super) type Rows = (Vec<(Item, String)>, Option<Cursor>);

/// One page of [`Rows`].
pub(super) fn query_rows(conn: &Connection, query: &Query) -> Result<Rows, StoreError> {
    let (pk_col, sk_col, order) = match query.index {
        Index::Primary => ("pk", "sk", vec!["sk"]),
        Index::Gsi1 => ("g1pk", "g1sk", vec!["g1sk", "pk", "sk"]),
        Index::Gsi2 => ("g2pk", "g2sk", vec!["g2sk", "pk", "sk"]),
    };
    let mut sql = format!("SELECT {COLUMNS} FROM items WHERE {pk_col} = ?");
    let mut params: Vec<String> = vec![query.pk.clone()];
    match &query.range {
        SkRange::All => {}
        SkRange::Prefix(prefix) => {
            sql.push_str(&format!(" AND {sk_col} >= ?"));
            params.push(prefix.clone());
            if let Some(end) = prefix_end(prefix) {
                sql.push_str(&format!(" AND {sk_col} < ?"));
                params.push(end);
            }
        }
        SkRange::Between(low, high) => {
            sql.push_str(&format!(" AND {sk_col} BETWEEN ? AND ?"));
            params.extend([low.clone(), high.clone()]);
        }
        SkRange::From(low) => {
            sql.push_str(&format!(" AND {sk_col} >= ?"));
            params.push(low.clone());
        }
        SkRange::UpTo(high) => {
            sql.push_str(&format!(" AND {sk_col} <= ?"));
            params.push(high.clone());
        }
    }
    let (cmp, dir) = if query.forward {
        (">", "ASC")
    } else {
        ("<", "DESC")
    };
    if let Some(cursor) = &query.cursor {
        let placeholders = vec!["?"; order.len()].join(", ");
        sql.push_str(&format!(
            " AND ({}) {cmp} ({placeholders})",
            order.join(", ")
        ));
        params.push(cursor.sort.clone());
        if let Some((pk, sk)) = &cursor.primary {
            params.extend([pk.clone(), sk.clone()]);
        }
    }
    let order_by: Vec<String> = order.iter().map(|col| format!("{col} {dir}")).collect();
    sql.push_str(&format!(
        " ORDER BY {} LIMIT {}",
        order_by.join(", "),
        query.limit + 1
    ));

    let mut statement = conn.prepare_cached(&sql).map_err(map_err)?;
    let rows = statement
        .query_map(params_from_iter(params.iter()), row_to_item)
        .map_err(map_err)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(map_err)?;
    let more = rows.len() > query.limit;
    let rows: Vec<_> = rows.into_iter().take(query.limit).collect();
    let next = if more {
        rows.last().and_then(|(item, _)| Cursor::after(query, item))
    } else {
        None
    };
    Ok((rows, next))
}

#[cfg(test)]
mod tests {
    use super::prefix_end;

    #[test]
    fn prefix_end_bounds_every_extension() {
        assert_eq!(prefix_end("AB#").as_deref(), Some("AB$"));
        assert_eq!(prefix_end("a\u{10FFFF}").as_deref(), Some("b"));
        assert_eq!(prefix_end("\u{10FFFF}"), None);
        // The char after U+D7FF is U+E000: surrogates are skipped.
        assert_eq!(prefix_end("\u{D7FF}").as_deref(), Some("\u{E000}"));
    }
}
