//! The merchant's view of orders: pages of a sorted, searched, filtered list, and one order in full.

use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

use crate::{
    attention::Attention,
    customers::{self, Customer},
    db,
    error::{Error, Result},
    orders::{self, Order, Status},
};

/// The most rows one page may ask for.
pub const MAX_PAGE: i64 = 500;

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum OrderSort {
    /// When the order was paid.
    #[default]
    Date,
    /// The order number.
    Number,
    Amount,
    Status,
}

/// Which orders, in what order, and which slice of them.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct OrderQuery {
    /// An order number (`#123`), a Telegram user id, a charge id or its start, or part of the
    /// customer's name or username.
    pub search: Option<String>,
    pub status: Option<Status>,
    pub product_id: Option<i64>,
    /// Paid at or after (UTC unix seconds).
    pub from: Option<i64>,
    /// Paid before (UTC unix seconds).
    pub to: Option<i64>,
    pub sort: OrderSort,
    pub descending: bool,
    pub offset: i64,
    pub limit: i64,
}

impl OrderQuery {
    /// Newest first: what the Orders page opens with.
    pub fn newest(limit: i64) -> OrderQuery {
        OrderQuery {
            descending: true,
            limit,
            ..OrderQuery::default()
        }
    }
}

/// One line of the orders table.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct OrderRow {
    pub id: i64,
    pub created_at: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub customer_username: Option<String>,
    pub product_id: Option<i64>,
    pub product_title: String,
    pub stars: i64,
    pub status: Status,
    pub charge_id: String,
    pub recovered: bool,
}

/// What the search box can mean.
#[derive(Debug, PartialEq, Eq)]
pub enum Search {
    /// Digits: an order number or a Telegram user id.
    Number(i64),
    /// A long token with digits (or Telegram's `stx`): the start of a charge id, or a username.
    Charge { prefix: String, like: String },
    /// Part of a customer's name or username.
    Name { like: String },
}

fn parse_search(raw: Option<&str>) -> Option<Search> {
    let s = raw?.trim();
    if s.is_empty() {
        return None;
    }
    let digits = s.strip_prefix('#').unwrap_or(s);
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && let Ok(n) = digits.parse()
    {
        return Some(Search::Number(n));
    }
    let name = s.strip_prefix('@').unwrap_or(s);
    let like = db::contains_pattern(name);
    let charge_like = !s.starts_with('@')
        && s.len() >= 10
        && !s.contains(char::is_whitespace)
        && (s.starts_with("stx") || s.bytes().any(|b| b.is_ascii_digit()));
    Some(if charge_like {
        Search::Charge {
            prefix: s.to_string(),
            like,
        }
    } else {
        Search::Name { like }
    })
}

/// How a name search runs. Narrow (a few customers): their orders through the customer index,
/// then sorted. Broad (many customers): down the sort's own index, keeping their orders, which
/// fills a page long before the end. The wrong one costs a second over a million orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    Narrow,
    Broad,
}

/// A name that matches more than this share of all customers is searched the broad way.
const BROAD_SHARE: f64 = 0.05;

async fn plan(db: &SqlitePool, search: &Option<Search>) -> Result<Plan> {
    let Some(Search::Name { like }) = search else {
        return Ok(Plan::Narrow);
    };
    let matched = db::customers::count_named(db, like).await?;
    let all = db::customers::count_all(db).await?;
    Ok(if all > 0 && matched as f64 > all as f64 * BROAD_SHARE {
        Plan::Broad
    } else {
        Plan::Narrow
    })
}

/// One page of orders. Ties sort by order number, so pages never overlap or skip.
pub async fn page(db: &SqlitePool, q: &OrderQuery) -> Result<Vec<OrderRow>> {
    let search = parse_search(q.search.as_deref());
    let plan = plan(db, &search).await?;
    db::orders::page(db, q, &search, plan).await
}

/// How many orders match the query's filters (its sort and slice aside).
pub async fn count(db: &SqlitePool, q: &OrderQuery) -> Result<i64> {
    let search = parse_search(q.search.as_deref());
    db::orders::count(db, q, &search).await
}

/// The newest orders, for the Overview's live list.
pub async fn latest(db: &SqlitePool, limit: i64) -> Result<Vec<OrderRow>> {
    page(db, &OrderQuery::newest(limit)).await
}

/// One attempt to send an order's goods (or its apology) to the customer.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DeliveryEntry {
    pub id: i64,
    /// `goods`, or `apology` when the order was refunded for want of stock.
    pub kind: String,
    /// `pending`, `sending`, `sent` or `failed`.
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

/// Everything the order drawer shows.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct OrderDetail {
    pub order: Order,
    pub customer: Option<Customer>,
    pub provider_charge_id: Option<String>,
    pub deliveries: Vec<DeliveryEntry>,
    /// Open "needs attention" items about this order.
    pub attention: Vec<Attention>,
}

pub async fn detail(db: &sqlx::SqlitePool, order_id: i64) -> Result<OrderDetail> {
    let order = orders::get(db, order_id)
        .await?
        .ok_or(Error::NotFound("order"))?;
    let customer = customers::get(db, order.customer_id).await?;
    let provider_charge_id = db::orders::provider_charge_id(db, order_id).await?;
    let deliveries = db::orders::deliveries_of(db, order_id).await?;
    let attention = db::attention::open_for_order(db, order_id).await?;
    Ok(OrderDetail {
        order,
        customer,
        provider_charge_id,
        deliveries,
        attention,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_box_reads_numbers_names_and_charge_ids() {
        assert_eq!(parse_search(None), None);
        assert_eq!(parse_search(Some("  ")), None);
        assert_eq!(parse_search(Some("#42")), Some(Search::Number(42)));
        assert_eq!(parse_search(Some("7000123")), Some(Search::Number(7000123)));
        assert_eq!(
            parse_search(Some("@ali_ce")),
            Some(Search::Name {
                like: "%ali\\_ce%".into()
            })
        );
        assert_eq!(
            parse_search(Some("stxAB")),
            Some(Search::Name {
                like: "%stxAB%".into()
            })
        );
        assert_eq!(
            parse_search(Some("stxBXITqIkC7")),
            Some(Search::Charge {
                prefix: "stxBXITqIkC7".into(),
                like: "%stxBXITqIkC7%".into()
            })
        );
        assert_eq!(
            parse_search(Some("Anna Maria")),
            Some(Search::Name {
                like: "%Anna Maria%".into()
            })
        );
    }

    /// A store with customers and orders written straight into it.
    async fn shop() -> (tempfile::TempDir, crate::Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::Store::open(dir.path()).await.unwrap();
        for (id, name, username) in [
            (1, "Anna", "anna_k"),
            (2, "Boris", "b_100%"),
            (3, "Chen", "chen"),
        ] {
            db::fixtures::customer(&store.write, id, name, Some(username), false, 0, 0).await;
        }
        let orders = [
            (1, "stxAAAA00001", 1, 30, "delivered", 100),
            (2, "stxBBBB00002", 2, 10, "refunded", 200),
            (3, "stxAAAA00003", 1, 20, "delivered", 300),
            (4, "stxCCCC00004", 3, 40, "failed", 400),
        ];
        for (id, charge, customer, stars, status, at) in orders {
            db::fixtures::order(&store.write, id, charge, customer, stars, status, at).await;
        }
        (dir, store)
    }

    fn ids(rows: &[OrderRow]) -> Vec<i64> {
        rows.iter().map(|r| r.id).collect()
    }

    #[tokio::test]
    async fn pages_are_searched_filtered_and_sorted_in_sql() {
        let (_dir, store) = shop().await;
        let db = &store.read;
        let q = |f: fn(&mut OrderQuery)| {
            let mut q = OrderQuery::newest(10);
            f(&mut q);
            q
        };
        assert_eq!(ids(&page(db, &q(|_| {})).await.unwrap()), [4, 3, 2, 1]);
        assert_eq!(count(db, &q(|_| {})).await.unwrap(), 4);
        // By name, by @username (with LIKE's wildcards taken literally), by order number, by charge id.
        assert_eq!(
            ids(&page(db, &q(|q| q.search = Some("ann".into())))
                .await
                .unwrap()),
            [3, 1]
        );
        assert_eq!(
            ids(&page(db, &q(|q| q.search = Some("@b_100%".into())))
                .await
                .unwrap()),
            [2]
        );
        // "_" is literal: Chen's orders (no underscore in "chen") stay out.
        assert_eq!(
            ids(&page(db, &q(|q| q.search = Some("_".into()))).await.unwrap()),
            [3, 2, 1]
        );
        // Digits: the order number, or the customer's Telegram id (Chen is 3).
        assert_eq!(
            ids(&page(db, &q(|q| q.search = Some("#3".into())))
                .await
                .unwrap()),
            [4, 3]
        );
        assert_eq!(
            ids(&page(db, &q(|q| q.search = Some("stxAAAA000".into())))
                .await
                .unwrap()),
            [3, 1]
        );
        assert_eq!(
            ids(&page(db, &q(|q| q.search = Some("stxCCCC00004".into())))
                .await
                .unwrap()),
            [4]
        );
        // A name most customers share goes down the sort's index, with the same answer.
        assert_eq!(
            ids(&page(db, &q(|q| q.search = Some("n".into()))).await.unwrap()),
            [4, 3, 1]
        );
        // Filters.
        assert_eq!(
            ids(&page(db, &q(|q| q.status = Some(Status::Delivered)))
                .await
                .unwrap()),
            [3, 1]
        );
        assert_eq!(
            ids(&page(
                db,
                &q(|q| {
                    q.from = Some(200);
                    q.to = Some(400)
                })
            )
            .await
            .unwrap()),
            [3, 2]
        );
        assert_eq!(
            count(db, &q(|q| q.status = Some(Status::Refunded)))
                .await
                .unwrap(),
            1
        );
        // Sorts, and pages that do not overlap.
        assert_eq!(
            ids(&page(db, &q(|q| q.sort = OrderSort::Amount)).await.unwrap()),
            [4, 1, 3, 2]
        );
        assert_eq!(
            ids(&page(
                db,
                &q(|q| {
                    q.sort = OrderSort::Amount;
                    q.descending = false
                })
            )
            .await
            .unwrap()),
            [2, 3, 1, 4]
        );
        assert_eq!(
            ids(&page(
                db,
                &q(|q| {
                    q.limit = 2;
                    q.offset = 2
                })
            )
            .await
            .unwrap()),
            [2, 1]
        );
        let row = &page(db, &q(|q| q.search = Some("#2".into())))
            .await
            .unwrap()[0];
        assert_eq!(
            (row.customer_name.as_str(), row.customer_username.as_deref()),
            ("Boris", Some("b_100%"))
        );
    }
}
