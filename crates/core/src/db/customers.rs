//! customers: the people who buy, as Telegram describes them, and the merchant's list of them.

use sqlx::{QueryBuilder, Row, Sqlite, SqliteExecutor, sqlite::SqliteRow};

use crate::{
    customer_list::{CustomerQuery, CustomerRow, CustomerSort, MAX_PAGE},
    customers::{Customer, Seen},
    error::Result,
    search,
};

/// Records a customer as Telegram describes them now (a direct unit; see
/// [`group::on_handle`](crate::db::group::on_handle) for a transaction's way to it).
pub fn upsert(db: &rusqlite::Connection, who: &Seen<'_>, at: i64) -> Result<()> {
    let key = search::customer_key(who.first_name, who.username);
    execute_direct!(
        db,
        "INSERT INTO customers (id, first_name, username, language_code, first_seen, last_seen,
             search_key)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET first_name = excluded.first_name,
             username = excluded.username, language_code = excluded.language_code,
             last_seen = excluded.last_seen, search_key = excluded.search_key",
        who.id,
        who.first_name,
        who.username,
        who.language_code,
        at,
        at,
        key
    )?;
    Ok(())
}

pub async fn is_blocked(db: impl SqliteExecutor<'_>, id: i64) -> Result<bool> {
    let blocked = sqlx::query_scalar!("SELECT blocked FROM customers WHERE id = ?", id)
        .fetch_optional(db)
        .await?;
    Ok(blocked == Some(1))
}

/// True when the customer exists.
pub async fn set_blocked(db: impl SqliteExecutor<'_>, id: i64, blocked: bool) -> Result<bool> {
    let b = i64::from(blocked);
    let done = sqlx::query!("UPDATE customers SET blocked = ? WHERE id = ?", b, id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn get(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<Customer>> {
    let row = sqlx::query!(
        "SELECT id, first_name, username, language_code, blocked, first_seen, last_seen
         FROM customers WHERE id = ?",
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Customer {
        id: r.id,
        first_name: r.first_name,
        username: r.username,
        language_code: r.language_code,
        blocked: r.blocked == 1,
        first_seen: r.first_seen,
        last_seen: r.last_seen,
    }))
}

pub async fn count_all(db: impl SqliteExecutor<'_>) -> Result<i64> {
    let n = sqlx::query_scalar!(r#"SELECT count(*) as "n!: i64" FROM customers"#)
        .fetch_one(db)
        .await?;
    Ok(n)
}

/// Customers whose folded name or username contains `key` (see `search::fold`).
pub async fn count_named(db: impl SqliteExecutor<'_>, key: &str) -> Result<i64> {
    let n = sqlx::query_scalar!(
        r#"SELECT count(*) as "n!: i64" FROM customers WHERE instr(search_key, ?) > 0"#,
        key
    )
    .fetch_one(db)
    .await?;
    Ok(n)
}

/// How many customers a batch of `key_missing` keys at a time.
const KEY_BATCH: i64 = 2_000;

/// Gives every customer written without a search key (a file from before keys, or a row put in
/// by hand) its key, in batches of one transaction each. Returns how many were keyed.
pub async fn key_missing(db: &sqlx::SqlitePool) -> Result<u64> {
    let mut keyed = 0;
    loop {
        let mut tx = db.begin().await?;
        let rows = sqlx::query!(
            "SELECT id, first_name, username FROM customers WHERE search_key IS NULL LIMIT ?",
            KEY_BATCH
        )
        .fetch_all(&mut *tx)
        .await?;
        if rows.is_empty() {
            return Ok(keyed);
        }
        for r in &rows {
            let key = search::customer_key(&r.first_name, r.username.as_deref());
            sqlx::query!(
                "UPDATE customers SET search_key = ? WHERE id = ?",
                key,
                r.id
            )
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        keyed += rows.len() as u64;
    }
}

/// The condition "this customer's name or username contains `key`" (already folded), for a
/// list's WHERE clause; `c` names the customers table.
pub fn push_named(qb: &mut QueryBuilder<Sqlite>, c: &str, key: &str) {
    qb.push(format!("instr({c}.search_key, "))
        .push_bind(key.to_string())
        .push(") > 0");
}

/// See `orders::push_filter` for why this list's SQL is built rather than static.
fn push_filter(qb: &mut QueryBuilder<Sqlite>, q: &CustomerQuery) {
    qb.push(" WHERE 1 = 1");
    if let Some(blocked) = q.blocked {
        qb.push(" AND c.blocked = ").push_bind(i64::from(blocked));
    }
    let typed = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if let Some(s) = typed {
        if let Ok(id) = s.parse::<i64>() {
            qb.push(" AND c.id = ").push_bind(id);
        } else {
            let name = s.strip_prefix('@').unwrap_or(s);
            qb.push(" AND ");
            push_named(qb, "c", &search::fold(name));
        }
    }
}

fn row(r: &SqliteRow) -> Result<CustomerRow> {
    Ok(CustomerRow {
        id: r.try_get("id")?,
        first_name: r.try_get("first_name")?,
        username: r.try_get("username")?,
        language_code: r.try_get("language_code")?,
        blocked: r.try_get::<i64, _>("blocked")? == 1,
        first_seen: r.try_get("first_seen")?,
        last_seen: r.try_get("last_seen")?,
        orders: r.try_get("orders")?,
        spent: r.try_get("spent")?,
        flag: r.try_get("flag")?,
    })
}

pub async fn page(db: impl SqliteExecutor<'_>, q: &CustomerQuery) -> Result<Vec<CustomerRow>> {
    let limit = q.limit.clamp(1, MAX_PAGE);
    let offset = q.offset.max(0);
    let dir = if q.descending { "DESC" } else { "ASC" };
    // Both totals are the customer's own columns, kept in each order's and refund's transaction.
    let mut qb = QueryBuilder::new(
        "SELECT c.id, c.first_name, c.username, c.language_code, c.blocked, c.first_seen, c.last_seen, \
         c.paid_orders AS orders, c.net_stars AS spent, \
         (SELECT f.reason FROM customer_flags f WHERE f.customer_id = c.id AND f.lifted_at IS NULL) \
         AS flag FROM customers c",
    );
    push_filter(&mut qb, q);
    let order_by = match q.sort {
        CustomerSort::LastSeen => format!(" ORDER BY c.last_seen {dir}, c.id {dir}"),
        CustomerSort::FirstSeen => format!(" ORDER BY c.first_seen {dir}, c.id {dir}"),
        CustomerSort::Name => format!(" ORDER BY c.first_name COLLATE NOCASE {dir}, c.id {dir}"),
        CustomerSort::Orders => format!(" ORDER BY c.paid_orders {dir}, c.id {dir}"),
        // Ties by id the other way round, as the (net_stars DESC, id) index reads both ways.
        CustomerSort::Spent if q.descending => " ORDER BY c.net_stars DESC, c.id ASC".into(),
        CustomerSort::Spent => " ORDER BY c.net_stars ASC, c.id DESC".into(),
    };
    qb.push(order_by);
    qb.push(" LIMIT ")
        .push_bind(limit)
        .push(" OFFSET ")
        .push_bind(offset);
    let rows = qb.build().fetch_all(db).await?;
    rows.iter().map(row).collect()
}

pub async fn count(db: impl SqliteExecutor<'_>, q: &CustomerQuery) -> Result<i64> {
    let mut qb = QueryBuilder::new("SELECT count(*) FROM customers c");
    push_filter(&mut qb, q);
    let n: i64 = qb.build_query_scalar().fetch_one(db).await?;
    Ok(n)
}
