//! Every SQL statement of the core, one file per table group. Functions take an executor or a
//! connection, so a service composes any of them in one transaction of its own. This is the one
//! place a PostgreSQL backend would replace.
//!
//! The statements of the bot's common path (a card's read, a pre-checkout's hold, a payment's
//! record, a delivery's marks) take a `rusqlite::Connection` instead: they run in direct units
//! of the group commit ([`group::GroupCommit::run_direct`]), on the writer's own handle, and a
//! sqlx transaction reaches them through [`group::on_handle`].

/// Runs one statement in a direct unit of the group commit: `execute_direct!(db, "SQL", args…)`
/// with `db` the unit's `rusqlite::Connection` and the SQL and arguments as `sqlx::query!` takes
/// them; it returns the rows changed. The statement is checked at compile time exactly as
/// `sqlx::query!` checks it (the SQL against the schema, each argument's type; the offline data
/// in `.sqlx/`), though sqlx never runs it; it is prepared once a group.
macro_rules! execute_direct {
    ($db:expr, $sql:literal $(, $arg:expr)* $(,)?) => {{
        if false {
            let _ = sqlx::query!($sql $(, $arg)*);
        }
        $db.prepare_cached($sql)
            .and_then(|mut statement| statement.execute(rusqlite::params![$($arg),*]))
    }};
}

/// Reads at most one row in a direct unit: `fetch_direct!(db, "SQL", args… => |column, …| body)`
/// gives `Result<Option<_>>` of `body`, made of the row's columns, named as the record of
/// `sqlx::query!` on the same SQL names them and listed in the SQL's order. It is checked at
/// compile time as `sqlx::query!` checks it, and each column has the type sqlx gives it: the
/// columns are read into a tuple of the types of sqlx's record, which is made in a future that
/// is never run. Debug builds check the names' order against the statement's columns.
macro_rules! fetch_direct {
    ($db:expr, $sql:literal $(, $arg:expr)* => |$($column:ident),+ $(,)?| $body:expr) => {{
        let types = $crate::db::group::output_of(async {
            let conn: &mut sqlx::SqliteConnection = $crate::db::group::unreachable();
            let record = sqlx::query!($sql $(, $arg)*).fetch_one(conn).await.unwrap();
            ($(record.$column,)+)
        });
        $db.prepare_cached($sql).and_then(|mut statement| {
            debug_assert!(
                $crate::db::group::columns_are(&statement, &[$(stringify!($column)),+]),
                "the columns named in order"
            );
            rusqlite::OptionalExtension::optional(statement.query_row(
                rusqlite::params![$($arg),*],
                |row| {
                    let mut at = 0..;
                    let ($($column,)+) = $crate::db::group::typed_as(
                        types,
                        ($({
                            let _ = stringify!($column);
                            row.get(at.next().unwrap_or_default())?
                        },)+),
                    );
                    Ok($body)
                },
            ))
        })
    }};
}

pub mod affiliates;
pub mod attention;
pub mod audit;
pub mod books;
pub mod channel_access;
pub mod codes;
pub mod customers;
pub mod deliveries;
pub mod exports;
#[cfg(test)]
pub mod fixtures;
pub mod group;
pub mod holds;
pub mod inbox;
pub mod invoices;
pub mod legal;
pub mod limits;
pub mod orders;
pub mod products;
pub mod promos;
pub mod referrals;
pub mod refunds;
pub mod reminders;
pub mod report_days;
pub mod requests;
pub mod seed;
pub mod settings;
pub mod subscriptions;
pub mod support;
pub mod tips;

// The SQLite file: one writer connection (writes never fight for the lock; the bot's own reads go
// through it too, see `payments::shopper_view`), a few readers for the window, WAL.

use std::{path::Path, str::FromStr, time::Duration};

use sqlx::{
    SqlitePool,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

use crate::{
    error::Result,
    zone::{self, Zone},
};

/// The shop's file in its data folder.
pub const FILE_NAME: &str = "stardesk.db";

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");

#[derive(Clone, Debug)]
pub struct Store {
    /// The single connection that writes; every write transaction goes through it.
    pub write: SqlitePool,
    /// Read-only connections for lists and reports.
    pub read: SqlitePool,
    /// The shop's time zone: its days, as reports and the rollup count them.
    pub zone: Zone,
    /// Small write transactions that arrive together share one (payments, holds); the bot's
    /// reads of a card and Buy run there too, on the writer's warm page cache.
    pub commits: group::GroupCommit,
}

impl Store {
    /// Opens (creating if needed) `stardesk.db` in `data_dir` and brings its schema up to date.
    pub async fn open(data_dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(data_dir)?;
        Self::open_file(&data_dir.join(FILE_NAME)).await
    }

    pub async fn open_file(path: &Path) -> Result<Store> {
        let base = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true)
            .pragma("temp_store", "memory")
            .pragma("cache_size", "-32000")
            // Every statement the shop runs stays prepared on each connection.
            .statement_cache_capacity(400);
        // A local file's connection does not go stale: no ping (a round trip to the connection's
        // thread) before each use.
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .test_before_acquire(false)
            .connect_with(base.clone().create_if_missing(true))
            .await?;
        MIGRATOR.run(&write).await?;
        // Keys SQL cannot compute (see the search keys migration), for rows written without one.
        customers::key_missing(&write).await?;
        let zone = Zone::new(zone::from_setting(
            settings::get(&write, zone::SETTING).await?.as_deref(),
        ));
        report_days::ensure_zone(&write, zone.tz()).await?;
        let read = SqlitePoolOptions::new()
            .max_connections(4)
            .test_before_acquire(false)
            .connect_with(base.clone().read_only(true))
            .await?;
        let commits = group::GroupCommit::start(write.clone());
        Ok(Store {
            write,
            read,
            zone,
            commits,
        })
    }

    /// SQLite's advice for long-lived connections: keep the planner's statistics fresh.
    pub async fn optimize(&self) -> Result<()> {
        sqlx::query("PRAGMA analysis_limit = 400")
            .execute(&self.write)
            .await?;
        sqlx::query("PRAGMA optimize = 0x10002")
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

/// Now, as UTC unix seconds: the store's time.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The UTC day of a unix time, as the revenue rollup keys it.
pub fn day_of(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .unwrap_or_default()
        .format("%Y-%m-%d")
        .to_string()
}

/// A `LIKE … ESCAPE '\\'` pattern matching any text that contains `needle` literally.
pub fn contains_pattern(needle: &str) -> String {
    let mut like = String::with_capacity(needle.len() + 2);
    like.push('%');
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            like.push('\\');
        }
        like.push(c);
    }
    like.push('%');
    like
}

#[cfg(test)]
mod tests {
    use sqlx::Row as _;

    use super::*;

    /// A shop's file at `path` with the migrations up to `version` only: a shop made by an
    /// older Stardesk, to fill before today's `Store::open_file` migrates it.
    async fn file_at(path: &Path, version: i64) -> sqlx::SqlitePool {
        let options = SqliteConnectOptions::from_str("sqlite:")
            .unwrap()
            .filename(path)
            .foreign_keys(true)
            .create_if_missing(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .unwrap();
        MIGRATOR.run_to(version, &pool).await.unwrap();
        pool
    }

    /// A shop's file from before channel access (migrations up to subscriptions), with products,
    /// codes, a hold, an order and a file pointing at them.
    async fn file_before_channel_access(path: &Path) {
        let pool = file_at(path, 20261121000005).await;
        for sql in [
            "INSERT INTO products (id, kind, title, price, per_customer_limit, stock, content, created_at, updated_at)
             VALUES (1, 'text', 'Guide', 25, NULL, 10, 'the secret', 1, 1),
                    (2, 'code', 'Game key', 150, 3, NULL, NULL, 1, 1),
                    (3, 'file', 'Wallpapers', 60, NULL, NULL, NULL, 1, 2)",
            "INSERT INTO product_files (product_id, file_name, mime_type, data) VALUES (3, 'w.zip', 'application/zip', x'00')",
            "INSERT INTO codes (id, product_id, code, state, created_at) VALUES (1, 2, 'KEY-1', 'sold', 1)",
            "INSERT INTO customers (id, first_name, first_seen, last_seen) VALUES (501, 'Anna', 1, 1)",
            "INSERT INTO holds (nonce, product_id, customer_id, state, expires_at, created_at)
             VALUES ('n1', 1, 501, 'converted', 9, 1)",
            "INSERT INTO orders (id, charge_id, customer_id, product_id, product_title, stars, payload, code_id, status, created_at)
             VALUES (7, 'ch-7', 501, 2, 'Game key', 150, 'p', 1, 'delivered', 1)",
            "INSERT INTO channels (id, title, checked_at, added_at) VALUES (-100, 'Insiders', 1, 1)",
        ] {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&pool)
                .await
                .unwrap();
        }
        pool.close().await;
    }

    #[tokio::test]
    async fn an_existing_shop_gains_channel_access_with_every_row_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        file_before_channel_access(&path).await;

        let store = Store::open_file(&path).await.unwrap();
        let products = crate::catalog::list(&store.read, true).await.unwrap();
        let summary: Vec<_> = products
            .iter()
            .map(|p| {
                (
                    p.id,
                    p.kind.as_str(),
                    p.title.as_str(),
                    p.price,
                    p.channel_id,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (1, "text", "Guide", 25, None),
                (2, "code", "Game key", 150, None),
                (3, "file", "Wallpapers", 60, None)
            ]
        );
        assert_eq!(products[0].stock_left, Some(10));
        assert_eq!(products[0].content.as_deref(), Some("the secret"));
        assert_eq!(products[1].per_customer_limit, Some(3));
        assert_eq!(products[2].file_name.as_deref(), Some("w.zip"));
        let order = orders::get(&store.read, 7).await.unwrap().unwrap();
        assert_eq!(order.product_id, Some(2));
        assert_eq!(
            codes::of_order(&store.read, 7).await.unwrap().as_deref(),
            Some("KEY-1")
        );

        // Foreign keys are on again, and they hold.
        let on: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&store.write)
            .await
            .unwrap();
        assert_eq!(on, 1);
        let dangling = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(&store.write)
            .await
            .unwrap();
        assert!(dangling.is_empty());
        let orphan = sqlx::query(
            "INSERT INTO codes (product_id, code, created_at) VALUES (99, 'NOWHERE', 1)",
        )
        .execute(&store.write)
        .await;
        assert!(orphan.is_err(), "a code of no product is refused");

        // The new kind is accepted with a channel, and only with one.
        let channel = sqlx::query(
            "INSERT INTO products (kind, title, price, channel_id, created_at, updated_at)
             VALUES ('channel', 'Insiders for good', 300, -100, 1, 1) RETURNING id",
        )
        .fetch_one(&store.write)
        .await
        .unwrap()
        .get::<i64, _>(0);
        let p = crate::catalog::get(&store.read, channel)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(p.channel_title.as_deref(), Some("Insiders"));
        for bad in [
            "INSERT INTO products (kind, title, price, created_at, updated_at) VALUES ('channel', 'No channel', 5, 1, 1)",
            "INSERT INTO products (kind, title, price, channel_id, created_at, updated_at) VALUES ('text', 'Stray', 5, -100, 1, 1)",
            "INSERT INTO products (kind, title, price, channel_id, created_at, updated_at) VALUES ('channel', 'Unknown', 5, -5, 1, 1)",
            "INSERT INTO products (kind, title, price, created_at, updated_at) VALUES ('voucher', 'Odd', 5, 1, 1)",
        ] {
            let refused = sqlx::query(sqlx::AssertSqlSafe(bad))
                .execute(&store.write)
                .await;
            assert!(refused.is_err(), "{bad}");
        }
        store.close().await;

        // Opening it again runs nothing twice.
        let again = Store::open_file(&path).await.unwrap();
        assert_eq!(
            crate::catalog::list(&again.read, true).await.unwrap().len(),
            4
        );
    }

    #[tokio::test]
    async fn referral_totals_are_counted_from_the_orders_and_commissions_a_shop_has() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let pool = file_at(&path, 20261121000009).await;
        for sql in [
            "INSERT INTO customers (id, first_name, first_seen, last_seen)
             VALUES (1, 'Alice', 1, 1), (2, 'Bob', 2, 2), (3, 'Carol', 3, 3)",
            "INSERT INTO referrals (customer_id, referrer_id, created_at, ends_at)
             VALUES (2, 1, 2, 999999), (3, 1, 3, 999999)",
            "INSERT INTO orders (id, charge_id, customer_id, product_title, stars, payload, status, created_at)
             VALUES (1, 'a', 2, 'Guide', 205, 'p', 'delivered', 5),
                    (2, 'b', 2, 'Guide', 100, 'p', 'refunded', 6),
                    (3, 'c', 1, 'Guide', 50, 'p', 'delivered', 7)",
            "INSERT INTO commissions (referrer_id, order_id, kind, millistars, percent, available_at, created_at)
             VALUES (1, 1, 'earned', 20500, 10, 9, 5), (1, 2, 'earned', 10000, 10, 9, 6),
                    (1, 2, 'reversed', -10000, 10, 9, 8)",
        ] {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&pool)
                .await
                .unwrap();
        }
        pool.close().await;

        let store = Store::open_file(&path).await.unwrap();
        let r = crate::referrals::referrer(&store, 1, 10).await.unwrap();
        assert_eq!(
            (
                r.invited,
                r.buyers,
                r.revenue,
                r.earned,
                r.pending,
                r.available
            ),
            (2, 1, 205, 20_500, 0, 20_500)
        );
        let list = crate::referrals::referrers(&store, 10).await.unwrap();
        assert_eq!(list, [r]);
        store.close().await;
    }

    #[tokio::test]
    async fn customers_of_a_shop_from_before_search_keys_are_found_in_any_case_and_accent() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let pool = file_at(&path, 20261121000011).await;
        // More customers than one batch of keys, so that the keying goes round.
        let mut values: Vec<String> = (1..=2_500)
            .map(|i| format!("({i}, 'Anna', 'anna_{i}', 1, 1)"))
            .collect();
        values.push("(9001, 'Иван', NULL, 1, 1)".into());
        values.push("(9002, 'Zoë', 'ZoeB', 1, 1)".into());
        let insert = format!(
            "INSERT INTO customers (id, first_name, username, first_seen, last_seen) VALUES {}",
            values.join(", ")
        );
        sqlx::query(sqlx::AssertSqlSafe(insert))
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO orders (id, charge_id, customer_id, product_title, stars, payload, status, created_at)
             VALUES (1, 'a', 9001, 'Guide', 10, 'p', 'delivered', 5), (2, 'b', 9002, 'Guide', 10, 'p', 'delivered', 6)",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;

        let store = Store::open_file(&path).await.unwrap();
        let unkeyed: i64 =
            sqlx::query_scalar("SELECT count(*) FROM customers WHERE search_key IS NULL")
                .fetch_one(&store.read)
                .await
                .unwrap();
        assert_eq!(unkeyed, 0);
        let customers = |text: &str| crate::customer_list::CustomerQuery {
            search: Some(text.into()),
            limit: 10,
            ..Default::default()
        };
        let found = crate::customer_list::page(&store.read, &customers("иван"))
            .await
            .unwrap();
        assert_eq!(found.iter().map(|c| c.id).collect::<Vec<_>>(), [9001]);
        let orders = crate::order_list::OrderQuery {
            search: Some("ZOE".into()),
            ..crate::order_list::OrderQuery::newest(10)
        };
        let found = crate::order_list::page(&store.read, &orders).await.unwrap();
        assert_eq!(found.iter().map(|o| o.id).collect::<Vec<_>>(), [2]);
        assert_eq!(
            crate::customer_list::count(&store.read, &customers("anna_2499"))
                .await
                .unwrap(),
            1
        );
        store.close().await;
    }
}
