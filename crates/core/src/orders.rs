//! Orders: one per Telegram payment (keyed by its charge id), with the unit of stock it took.

use serde::{Deserialize, Serialize};
use sqlx::SqliteExecutor;

use crate::{
    db,
    error::{Error, Result},
};

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Paid; the goods are on their way.
    Paid,
    Delivered,
    /// Delivery gave up or nothing could be delivered; needs the merchant.
    Failed,
    Refunded,
}

impl Status {
    /// A stored status; anything else is an error, never a guess.
    pub fn parse(s: &str) -> Result<Status> {
        match s {
            "paid" => Ok(Status::Paid),
            "delivered" => Ok(Status::Delivered),
            "failed" => Ok(Status::Failed),
            "refunded" => Ok(Status::Refunded),
            other => Err(Error::invalid(format!("Unknown order status \"{other}\"."))),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Paid => "paid",
            Status::Delivered => "delivered",
            Status::Failed => "failed",
            Status::Refunded => "refunded",
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Order {
    pub id: i64,
    pub charge_id: String,
    pub customer_id: i64,
    pub product_id: Option<i64>,
    pub product_title: String,
    pub stars: i64,
    pub status: Status,
    /// Created from Telegram's ledger at reconciliation rather than from the payment update.
    pub recovered: bool,
    pub refund_reason: Option<String>,
    pub created_at: i64,
    pub delivered_at: Option<i64>,
    pub refunded_at: Option<i64>,
}

pub async fn get(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<Order>> {
    db::orders::get(db, id).await
}

pub async fn by_charge(db: impl SqliteExecutor<'_>, charge_id: &str) -> Result<Option<Order>> {
    db::orders::by_charge(db, charge_id).await
}

/// A customer's latest orders, newest first.
pub async fn of_customer(
    db: impl SqliteExecutor<'_>,
    customer_id: i64,
    limit: i64,
) -> Result<Vec<Order>> {
    db::orders::of_customer(db, customer_id, limit).await
}

/// The code an order delivers, if it is a code product's.
pub async fn code_of(db: impl SqliteExecutor<'_>, order_id: i64) -> Result<Option<String>> {
    db::codes::of_order(db, order_id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_status_is_an_error() {
        for s in [
            Status::Paid,
            Status::Delivered,
            Status::Failed,
            Status::Refunded,
        ] {
            assert_eq!(Status::parse(s.as_str()).unwrap(), s);
        }
        assert!(Status::parse("shipped").is_err());
    }
}
