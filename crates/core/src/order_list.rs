//! The merchant's view of orders: pages of a sorted, searched, filtered list, and one order in full.

use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

use crate::{
    attention::Attention,
    customers::{self, Customer},
    db,
    error::{Error, Result},
    orders::{self, Order, Status},
    search,
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
    /// An order number (`#123`), a Telegram user id, a charge id or its start, the code the
    /// order delivered, or part of the customer's name or username or of the product's title
    /// (in any case, with or without accents).
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
    /// A tip ("Support us"), not a sale of a product or plan.
    pub tip: bool,
}

/// What the search box asks for; an order matches when any part of it does.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Search {
    /// Digits: an order number or a Telegram user id.
    pub number: Option<i64>,
    /// A long token with digits (or Telegram's `stx`): the start of a charge id.
    pub charge_prefix: Option<String>,
    /// Folded (see `search::fold`): part of the customer's name or username, or of the title of
    /// the product bought.
    pub name: Option<String>,
    /// The code the order delivered, as typed (matched in any case).
    pub code: String,
    /// The products whose title contains `name`, found before the orders are read.
    pub products: Vec<i64>,
    /// The orders that delivered `code`, found before the orders are read: a term of their own
    /// would cost the name search its covering index.
    pub code_orders: Vec<i64>,
}

fn parse_search(raw: Option<&str>) -> Option<Search> {
    let s = raw?.trim();
    if s.is_empty() {
        return None;
    }
    let code = s.to_string();
    let digits = s.strip_prefix('#').unwrap_or(s);
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && let Ok(n) = digits.parse()
    {
        return Some(Search {
            number: Some(n),
            code,
            ..Search::default()
        });
    }
    let name = search::fold(s.strip_prefix('@').unwrap_or(s));
    let charge_like = !s.starts_with('@')
        && s.len() >= 10
        && !s.contains(char::is_whitespace)
        && (s.starts_with("stx") || s.bytes().any(|b| b.is_ascii_digit()));
    Some(Search {
        charge_prefix: charge_like.then(|| s.to_string()),
        name: Some(name),
        code,
        ..Search::default()
    })
}

/// The search with the orders of its code and the products whose folded title contains its
/// name filled in. A shop has few products, so their titles are folded here rather than keyed
/// in the store.
async fn resolve(db: &SqlitePool, mut search: Option<Search>) -> Result<Option<Search>> {
    if let Some(s) = search.as_mut() {
        s.code_orders = db::orders::with_code(db, &s.code).await?;
    }
    if let Some(s) = search.as_mut()
        && let Some(name) = &s.name
    {
        s.products = db::products::titles(db)
            .await?
            .into_iter()
            .filter(|(_, title)| search::fold(title).contains(name.as_str()))
            .map(|(id, _)| id)
            .collect();
    }
    Ok(search)
}

/// How a name search runs. Narrow (a few customers, products with few orders): their orders
/// through the customer and product indexes, then sorted. Broad (many customers, or a product
/// many orders bought): down the sort's own index, keeping the matching orders, which fills a
/// page long before the end. The wrong one costs a second over a million orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    Narrow,
    Broad,
}

/// A name that matches more than this share of all customers is searched the broad way.
const BROAD_SHARE: f64 = 0.05;
/// Products that together have this many orders are searched the broad way, when sorted by time.
const BROAD_PRODUCT_ORDERS: i64 = 20_000;

async fn plan(db: &SqlitePool, search: &Option<Search>, sort: OrderSort) -> Result<Plan> {
    let Some(Search {
        name: Some(name),
        products,
        ..
    }) = search
    else {
        return Ok(Plan::Narrow);
    };
    let matched = db::customers::count_named(db, name).await?;
    let all = db::customers::count_all(db).await?;
    if all > 0 && matched as f64 > all as f64 * BROAD_SHARE {
        return Ok(Plan::Broad);
    }
    // A product's orders share its price: down the amount or status index they lie in one
    // stretch, possibly at the far end, so only the date and number orders find them early.
    let by_time = matches!(sort, OrderSort::Date | OrderSort::Number);
    Ok(
        if by_time
            && !products.is_empty()
            && db::orders::count_of_products(db, products, BROAD_PRODUCT_ORDERS).await?
                >= BROAD_PRODUCT_ORDERS
        {
            Plan::Broad
        } else {
            Plan::Narrow
        },
    )
}

/// One page of orders. Ties sort by order number, so pages never overlap or skip.
pub async fn page(db: &SqlitePool, q: &OrderQuery) -> Result<Vec<OrderRow>> {
    let search = resolve(db, parse_search(q.search.as_deref())).await?;
    let plan = plan(db, &search, q.sort).await?;
    db::orders::page(db, q, &search, plan).await
}

/// How many orders match the query's filters (its sort and slice aside).
pub async fn count(db: &SqlitePool, q: &OrderQuery) -> Result<i64> {
    let search = resolve(db, parse_search(q.search.as_deref())).await?;
    db::orders::count(db, q, &search).await
}

/// The query's search as the store reads it, and the way it runs: for a reader of every match
/// rather than a page (an export).
pub(crate) async fn prepare(db: &SqlitePool, q: &OrderQuery) -> Result<(Option<Search>, Plan)> {
    let search = resolve(db, parse_search(q.search.as_deref())).await?;
    let plan = plan(db, &search, q.sort).await?;
    Ok((search, plan))
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
    /// Who asked for this delivery (`operator`, `customer`, `stardeskd`) and their name; `None`
    /// for the one the payment made by itself.
    pub asked_actor: Option<String>,
    pub asked_by: Option<String>,
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
    /// Its deliveries with a message waiting for Telegram's send limit now (kept in memory by
    /// the running bot's pacer, never stored).
    pub queued: Vec<i64>,
    /// The codes it sold (several for an order of several units).
    pub codes: Vec<String>,
}

pub async fn detail(db: &sqlx::SqlitePool, order_id: i64) -> Result<OrderDetail> {
    let order = orders::get(db, order_id)
        .await?
        .ok_or(Error::NotFound("order"))?;
    let customer = customers::get(db, order.customer_id).await?;
    let provider_charge_id = db::orders::provider_charge_id(db, order_id).await?;
    let deliveries = db::orders::deliveries_of(db, order_id).await?;
    let attention = db::attention::open_for_order(db, order_id).await?;
    let codes = db::codes::all_of_order(db, order_id).await?;
    Ok(OrderDetail {
        order,
        customer,
        provider_charge_id,
        deliveries,
        attention,
        queued: Vec::new(),
        codes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_box_reads_numbers_names_and_charge_ids() {
        assert_eq!(parse_search(None), None);
        assert_eq!(parse_search(Some("  ")), None);
        let number = |n: i64, code: &str| Search {
            number: Some(n),
            code: code.into(),
            ..Search::default()
        };
        assert_eq!(parse_search(Some("#42")), Some(number(42, "#42")));
        assert_eq!(
            parse_search(Some("7000123")),
            Some(number(7000123, "7000123"))
        );
        let name = |name: &str, code: &str| Search {
            name: Some(name.into()),
            code: code.into(),
            ..Search::default()
        };
        assert_eq!(
            parse_search(Some("@ali_ce")),
            Some(name("ali_ce", "@ali_ce"))
        );
        assert_eq!(parse_search(Some("stxAB")), Some(name("stxab", "stxAB")));
        assert_eq!(
            parse_search(Some("stxBXITqIkC7")),
            Some(Search {
                charge_prefix: Some("stxBXITqIkC7".into()),
                ..name("stxbxitqikc7", "stxBXITqIkC7")
            })
        );
        assert_eq!(
            parse_search(Some(" Zoë Straße ")),
            Some(name("zoe strasse", "Zoë Straße"))
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

    #[tokio::test]
    async fn names_are_found_in_any_case_and_accent_and_orders_by_product_and_code() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::Store::open(dir.path()).await.unwrap();
        let w = &store.write;
        for (id, name, username) in [
            (11, "Иван", Some("ivan_petrov")),
            (12, "Zoë", None),
            (13, "Jörg Straße", Some("JOERG")),
            (14, "Андрей", None),
        ] {
            db::fixtures::customer(w, id, name, username, false, 0, 0).await;
        }
        for sql in [
            "INSERT INTO products (id, kind, title, price, created_at, updated_at)
             VALUES (1, 'code', 'Ключ к игре', 150, 1, 1), (2, 'text', 'Café guide', 20, 1, 1)",
            "INSERT INTO codes (id, product_id, code, state, created_at)
             VALUES (1, 1, 'TJ-7K2P-99QX', 'sold', 1), (2, 1, 'TJ-0000-AAAA', 'available', 1)",
            "INSERT INTO orders (id, charge_id, customer_id, product_id, product_title, stars, payload, code_id, status, created_at)
             VALUES (1, 'stx1', 11, 1, 'Ключ к игре', 150, 'p', 1, 'delivered', 10),
                    (2, 'stx2', 12, 2, 'Café guide', 20, 'p', NULL, 'delivered', 20),
                    (3, 'stx3', 13, 2, 'Café guide', 20, 'p', NULL, 'refunded', 30),
                    (4, 'stx4', 14, 2, 'Café guide', 20, 'p', NULL, 'delivered', 40)",
        ] {
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(w).await.unwrap();
        }
        let db = &store.read;
        let found = |text: &'static str| async move {
            let q = OrderQuery {
                search: Some(text.into()),
                ..OrderQuery::newest(10)
            };
            let rows = ids(&page(db, &q).await.unwrap());
            assert_eq!(count(db, &q).await.unwrap(), rows.len() as i64, "{text}");
            rows
        };
        assert_eq!(found("иван").await, [1]);
        assert_eq!(found("ИВАН").await, [1]);
        assert_eq!(found("@Ivan_P").await, [1]);
        assert_eq!(found("zoe").await, [2]);
        assert_eq!(found("ZOË").await, [2]);
        assert_eq!(found("strasse").await, [3]);
        assert_eq!(found("jorg").await, [3]);
        assert_eq!(found("joerg").await, [3]);
        // й is a letter of its own: "андреи" is somebody else.
        assert_eq!(found("андрей").await, [4]);
        assert!(found("андреи").await.is_empty());
        // By the title of the product bought, folded the same way.
        assert_eq!(found("cafe").await, [4, 3, 2]);
        assert_eq!(found("ключ").await, [1]);
        // By the code delivered, in any case; a code still in stock finds nothing.
        assert_eq!(found("tj-7k2p-99qx").await, [1]);
        assert_eq!(found("TJ-7K2P-99QX").await, [1]);
        assert!(found("TJ-0000-AAAA").await.is_empty());
        // Filters still apply to what the search found.
        let q = OrderQuery {
            search: Some("cafe".into()),
            status: Some(Status::Refunded),
            ..OrderQuery::newest(10)
        };
        assert_eq!(ids(&page(db, &q).await.unwrap()), [3]);
    }

    #[tokio::test]
    async fn a_product_many_orders_bought_is_searched_down_the_sort_index_with_the_same_answer() {
        let (_dir, store) = shop().await;
        sqlx::query(
            "INSERT INTO products (id, kind, title, price, created_at, updated_at)
             VALUES (5, 'text', 'Guide', 20, 1, 1)",
        )
        .execute(&store.write)
        .await
        .unwrap();
        sqlx::query("UPDATE orders SET product_id = 5 WHERE id IN (2, 4)")
            .execute(&store.write)
            .await
            .unwrap();
        let db = &store.read;
        let search = resolve(db, parse_search(Some("GUIDE"))).await.unwrap();
        assert_eq!(search.as_ref().unwrap().products, [5]);
        assert_eq!(
            plan(db, &search, OrderSort::Date).await.unwrap(),
            Plan::Narrow
        );
        let q = OrderQuery {
            search: Some("GUIDE".into()),
            ..OrderQuery::newest(10)
        };
        let narrow = db::orders::page(db, &q, &search, Plan::Narrow)
            .await
            .unwrap();
        let broad = db::orders::page(db, &q, &search, Plan::Broad)
            .await
            .unwrap();
        assert_eq!(ids(&narrow), [4, 2]);
        assert_eq!(narrow, broad);
    }
}
