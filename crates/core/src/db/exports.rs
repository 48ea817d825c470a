//! What exports read: every matching row of a list, in the list's order, streamed as it is
//! written rather than gathered first.

use futures::{Stream, StreamExt};
use sqlx::{QueryBuilder, Row as _, Sqlite, SqlitePool, sqlite::SqliteRow};

use crate::{
    error::Result,
    order_list::{OrderQuery, OrderSort, Plan, Search},
};

/// One order as an export writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLine {
    pub id: i64,
    pub created_at: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub username: Option<String>,
    pub product_title: String,
    /// A subscription's payment: the plan it paid for (`product_title` is the plan's title).
    pub plan_id: Option<i64>,
    pub stars: i64,
    /// Store credit the order took, beside the Stars Telegram charged.
    pub credit_stars: i64,
    pub promo_code: Option<String>,
    pub status: String,
    pub refunded_at: Option<i64>,
    pub refund_reason: Option<String>,
    pub charge_id: String,
}

/// Every order the Orders page's filters and search match, in its sort, with no page's limit.
/// The statement is built as the page's is (see `orders::push_filter`), so both match the same
/// orders.
pub fn orders_query(q: &OrderQuery, search: &Option<Search>, plan: Plan) -> QueryBuilder<Sqlite> {
    let mut qb = QueryBuilder::new(
        "SELECT o.id, o.created_at, o.customer_id, c.first_name AS customer_name, \
         c.username, o.product_title, o.plan_id, o.stars, o.credit_stars, p.code AS promo_code, \
         o.status, o.refunded_at, o.refund_reason, o.charge_id \
         FROM orders o LEFT JOIN customers c ON c.id = o.customer_id \
         LEFT JOIN promo_uses u ON u.order_id = o.id LEFT JOIN promos p ON p.id = u.promo_id",
    );
    super::orders::push_filter(&mut qb, q, search, plan);
    let dir = if q.descending { "DESC" } else { "ASC" };
    let columns: &[&str] = match q.sort {
        OrderSort::Date => &["created_at", "id"],
        OrderSort::Number => &["id"],
        OrderSort::Amount => &["stars", "id"],
        OrderSort::Status => &["status", "created_at", "id"],
    };
    // A narrow search sorts what its indexes found (unary `+` hides the sort's index), as a
    // page does; otherwise the sort's index is read in order and nothing is sorted in memory.
    let plus = if search.is_some() && plan == Plan::Narrow {
        "+"
    } else {
        ""
    };
    let terms: Vec<String> = columns
        .iter()
        .map(|c| format!("{plus}o.{c} {dir}"))
        .collect();
    qb.push(format!(" ORDER BY {}", terms.join(", ")));
    qb
}

/// The orders of `query`, one at a time.
pub fn orders<'a>(
    db: &'a SqlitePool,
    query: &'a mut QueryBuilder<Sqlite>,
) -> impl Stream<Item = Result<OrderLine>> + Send + 'a {
    query
        .build()
        .fetch(db)
        .map(|r| r.map_err(Into::into).and_then(|r| order_line(&r)))
}

fn order_line(r: &SqliteRow) -> Result<OrderLine> {
    Ok(OrderLine {
        id: r.try_get("id")?,
        created_at: r.try_get("created_at")?,
        customer_id: r.try_get("customer_id")?,
        customer_name: r
            .try_get::<Option<String>, _>("customer_name")?
            .unwrap_or_default(),
        username: r.try_get("username")?,
        product_title: r.try_get("product_title")?,
        plan_id: r.try_get("plan_id")?,
        stars: r.try_get("stars")?,
        credit_stars: r.try_get("credit_stars")?,
        promo_code: r.try_get("promo_code")?,
        status: r.try_get("status")?,
        refunded_at: r.try_get("refunded_at")?,
        refund_reason: r.try_get("refund_reason")?,
        charge_id: r.try_get("charge_id")?,
    })
}
