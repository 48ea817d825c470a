//! The merchant's view of customers: who bought, how often, how much, and when they were last seen.

use serde::{Deserialize, Serialize};
use sqlx::SqliteExecutor;

use crate::{db, error::Result};

pub const MAX_PAGE: i64 = 500;

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CustomerSort {
    #[default]
    LastSeen,
    FirstSeen,
    Name,
    Orders,
    Spent,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct CustomerQuery {
    /// Part of the name or username, or a Telegram user id.
    pub search: Option<String>,
    /// Only blocked (true) or only not blocked (false) customers.
    pub blocked: Option<bool>,
    pub sort: CustomerSort,
    pub descending: bool,
    pub offset: i64,
    pub limit: i64,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CustomerRow {
    pub id: i64,
    pub first_name: String,
    pub username: Option<String>,
    pub language_code: Option<String>,
    pub blocked: bool,
    pub first_seen: i64,
    pub last_seen: i64,
    pub orders: i64,
    /// Stars paid, refunds taken off.
    pub spent: i64,
    /// Why the customer is flagged (a limit against abuse they hit), until the merchant lifts it.
    pub flag: Option<String>,
}

pub async fn page(db: impl SqliteExecutor<'_>, q: &CustomerQuery) -> Result<Vec<CustomerRow>> {
    db::customers::page(db, q).await
}

pub async fn count(db: impl SqliteExecutor<'_>, q: &CustomerQuery) -> Result<i64> {
    db::customers::count(db, q).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn customers_come_with_their_orders_and_spending() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::Store::open(dir.path()).await.unwrap();
        for (id, name, blocked) in [(1, "Anna", 0), (2, "Boris", 1), (3, "Chen", 0)] {
            db::fixtures::customer(
                &store.write,
                id,
                name,
                None,
                blocked == 1,
                id * 10,
                id * 100,
            )
            .await;
        }
        for (id, customer, stars, status) in [
            (1, 1, 30, "delivered"),
            (2, 1, 20, "refunded"),
            (3, 3, 5, "delivered"),
        ] {
            db::fixtures::order(
                &store.write,
                id,
                &format!("c{id}"),
                customer,
                stars,
                status,
                0,
            )
            .await;
        }
        let q = CustomerQuery {
            sort: CustomerSort::Spent,
            descending: true,
            limit: 10,
            ..Default::default()
        };
        let rows = page(&store.read, &q).await.unwrap();
        let got: Vec<(&str, i64, i64)> = rows
            .iter()
            .map(|r| (r.first_name.as_str(), r.orders, r.spent))
            .collect();
        assert_eq!(got, [("Anna", 2, 30), ("Chen", 1, 5), ("Boris", 0, 0)]);
        let blocked = CustomerQuery {
            blocked: Some(true),
            limit: 10,
            ..Default::default()
        };
        assert_eq!(count(&store.read, &blocked).await.unwrap(), 1);
        let by_name = CustomerQuery {
            search: Some("che".into()),
            limit: 10,
            ..Default::default()
        };
        assert_eq!(page(&store.read, &by_name).await.unwrap()[0].id, 3);
        let by_id = CustomerQuery {
            search: Some("2".into()),
            limit: 10,
            ..Default::default()
        };
        assert!(page(&store.read, &by_id).await.unwrap()[0].blocked);
    }

    #[tokio::test]
    async fn customers_are_found_in_any_case_and_accent() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::Store::open(dir.path()).await.unwrap();
        for (id, name, username) in [
            (1, "Иван", Some("vanya")),
            (2, "Zoë", Some("zoe_k")),
            (3, "Straße", None),
            (4, "иванна", None),
        ] {
            db::fixtures::customer(&store.write, id, name, username, false, 0, id).await;
        }
        let found = |text: &'static str| {
            let q = CustomerQuery {
                search: Some(text.into()),
                sort: CustomerSort::LastSeen,
                limit: 10,
                ..Default::default()
            };
            let db = store.read.clone();
            async move {
                let rows: Vec<i64> = page(&db, &q).await.unwrap().iter().map(|r| r.id).collect();
                assert_eq!(count(&db, &q).await.unwrap(), rows.len() as i64, "{text}");
                rows
            }
        };
        assert_eq!(found("иван").await, [1, 4]);
        assert_eq!(found("ИВАННА").await, [4]);
        assert_eq!(found("zoe").await, [2]);
        assert_eq!(found("@ZOE_").await, [2]);
        assert_eq!(found("STRASSE").await, [3]);
        assert_eq!(found("2").await, [2]);
    }
}
