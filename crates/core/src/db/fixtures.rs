//! Rows written straight into a test's store, for the tests of lists and reports.

use sqlx::{SqliteExecutor, SqlitePool};

pub async fn customer(
    db: impl SqliteExecutor<'_>,
    id: i64,
    name: &str,
    username: Option<&str>,
    blocked: bool,
    first_seen: i64,
    last_seen: i64,
) {
    sqlx::query(
        "INSERT INTO customers (id, first_name, username, blocked, first_seen, last_seen, search_key)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(name)
    .bind(username)
    .bind(i64::from(blocked))
    .bind(first_seen)
    .bind(last_seen)
    .bind(crate::search::customer_key(name, username))
    .execute(db)
    .await
    .unwrap();
}

pub async fn order(
    db: &SqlitePool,
    id: i64,
    charge_id: &str,
    customer_id: i64,
    stars: i64,
    status: &str,
    created_at: i64,
) {
    sqlx::query(
        "INSERT INTO orders (id, charge_id, customer_id, product_title, stars, payload, status, created_at)
         VALUES (?, ?, ?, 'Guide', ?, 'p', ?, ?)",
    )
    .bind(id)
    .bind(charge_id)
    .bind(customer_id)
    .bind(stars)
    .bind(status)
    .bind(created_at)
    .execute(db)
    .await
    .unwrap();
    // The customer's totals are counted by the insert (a trigger), as for a payment.
}

pub async fn revenue_day(db: impl SqliteExecutor<'_>, day: &str, orders: i64, stars: i64) {
    sqlx::query("INSERT INTO report_days (day, orders, stars) VALUES (?, ?, ?)")
        .bind(day)
        .bind(orders)
        .bind(stars)
        .execute(db)
        .await
        .unwrap();
}
