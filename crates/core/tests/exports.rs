//! Exports: the Orders list written as CSV reads back as the list itself (commas, quotes, line
//! breaks and formula-looking cells included), in its filters and sort; progress is told as it
//! goes, and a cancelled export leaves nothing behind.

use std::sync::{Arc, Mutex};

use stardesk_core::{
    Store,
    exports::{self, Job, Jobs, ORDER_HEADER, To},
    order_list::{self, OrderQuery, OrderRow, OrderSort},
    orders::Status,
};

async fn customer(store: &Store, id: i64, name: &str, username: Option<&str>) {
    sqlx::query(
        "INSERT INTO customers (id, first_name, username, first_seen, last_seen, search_key)
         VALUES (?, ?, ?, 0, 0, ?)",
    )
    .bind(id)
    .bind(name)
    .bind(username)
    .bind(stardesk_core::search::customer_key(name, username))
    .execute(&store.write)
    .await
    .unwrap();
}

struct Order<'a> {
    id: i64,
    customer: i64,
    title: &'a str,
    stars: i64,
    status: &'a str,
    at: i64,
    refund: Option<&'a str>,
}

async fn order(store: &Store, o: Order<'_>) {
    sqlx::query(
        "INSERT INTO orders (id, charge_id, customer_id, product_title, stars, payload, status,
                             created_at, refund_reason, refunded_at)
         VALUES (?, ?, ?, ?, ?, 'p', ?, ?, ?, ?)",
    )
    .bind(o.id)
    .bind(format!("stxCHARGE{:06}", o.id))
    .bind(o.customer)
    .bind(o.title)
    .bind(o.stars)
    .bind(o.status)
    .bind(o.at)
    .bind(o.refund)
    .bind(o.refund.map(|_| o.at + 60))
    .execute(&store.write)
    .await
    .unwrap();
}

/// A shop whose names and reasons hold what CSV must quote.
async fn tricky_shop() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    customer(&store, 1, "Ann, \"the\" Great", Some("ann")).await;
    customer(&store, 2, "=HYPERLINK(\"http://x\")", None).await;
    customer(&store, 3, "Line\nbreak", Some("-dash")).await;
    let day = 1_763_683_200; // 2025-11-21T00:00:00Z
    let orders = [
        (1, 1, "Guide, 2nd edition", 30, "delivered", None),
        (
            2,
            2,
            "Key \"gold\"",
            10,
            "refunded",
            Some("Wrong key, \"sorry\"\nsecond line"),
        ),
        (3, 3, "+Bonus pack", 20, "delivered", None),
        (4, 1, "Guide, 2nd edition", 30, "failed", None),
        (5, 3, "Plain", 5, "refunded", Some("=cmd|' /C calc'!A0")),
    ];
    for (id, customer, title, stars, status, refund) in orders {
        order(
            &store,
            Order {
                id,
                customer,
                title,
                stars,
                status,
                at: day + id * 3600,
                refund,
            },
        )
        .await;
    }
    // Order 1 used a promo code and store credit.
    sqlx::query(
        "INSERT INTO promos (id, code, percent_off, created_at, updated_at) VALUES (1, 'WELCOME10', 10, 0, 0)",
    )
    .execute(&store.write)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO promo_uses (promo_id, customer_id, order_id, list_price, discount, created_at)
         VALUES (1, 1, 1, 33, 3, 0)",
    )
    .execute(&store.write)
    .await
    .unwrap();
    sqlx::query("UPDATE orders SET credit_stars = 4 WHERE id = 1")
        .execute(&store.write)
        .await
        .unwrap();
    (dir, store)
}

fn read_back(path: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// A spreadsheet reads a leading `=`, `+`, `-` or `@` as a formula: such cells are kept as text.
fn quoted(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// The columns of the list's own row, as the export writes them.
fn listed(o: &OrderRow) -> Vec<String> {
    vec![
        o.id.to_string(),
        chrono::DateTime::from_timestamp(o.created_at, 0)
            .unwrap()
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string(),
        o.customer_id.to_string(),
        quoted(&o.customer_name),
        quoted(o.customer_username.as_deref().unwrap_or("")),
        quoted(&o.product_title),
        o.stars.to_string(),
        o.status.as_str().to_string(),
    ]
}

/// The export's columns the list shows too.
fn shown(row: &[String]) -> Vec<String> {
    [0, 1, 3, 4, 5, 6, 8, 11]
        .iter()
        .map(|&i| row[i].clone())
        .collect()
}

async fn export(store: &Store, q: &OrderQuery, dir: &std::path::Path) -> Vec<Vec<String>> {
    let path = dir.join("orders.csv");
    let done = exports::orders(store, q, To::File(&path), &Job::new())
        .await
        .unwrap()
        .expect("not cancelled");
    let (header, rows) = read_back(&path);
    assert_eq!(header, ORDER_HEADER);
    assert_eq!(done.rows, rows.len() as i64);
    assert_eq!(done.path, path.display().to_string());
    std::fs::remove_file(&path).unwrap();
    rows
}

#[tokio::test]
async fn an_orders_export_reads_back_as_the_orders_list() {
    let (dir, store) = tricky_shop().await;
    let out = tempfile::tempdir().unwrap();

    let all = OrderQuery::newest(500);
    let rows = export(&store, &all, out.path()).await;
    let page = order_list::page(&store.read, &all).await.unwrap();
    assert_eq!(page.len(), 5);
    assert_eq!(
        rows.iter().map(|r| shown(r)).collect::<Vec<_>>(),
        page.iter().map(listed).collect::<Vec<_>>()
    );
    // The cells the list does not show: the refund, the promo code and credit, the charge.
    let by_id = |id: &str| rows.iter().find(|r| r[0] == id).unwrap().clone();
    let two = by_id("2");
    assert_eq!(two[4], "'=HYPERLINK(\"http://x\")");
    assert_eq!(two[11], "refunded");
    assert_eq!(two[12], "2025-11-21T02:01:00Z");
    assert_eq!(two[13], "Wrong key, \"sorry\"\nsecond line");
    assert_eq!(by_id("5")[13], "'=cmd|' /C calc'!A0");
    let one = by_id("1");
    assert_eq!((one[9].as_str(), one[10].as_str()), ("4", "WELCOME10"));
    assert_eq!(one[7], "product");
    assert_eq!(one[14], "stxCHARGE000001");
    assert_eq!(by_id("3")[12], "");
    // The merchant's local time is the same moment.
    let local = chrono::DateTime::parse_from_str(&one[2], "%Y-%m-%d %H:%M:%S %:z").unwrap();
    assert_eq!(local.timestamp(), 1_763_683_200 + 3600);

    // The page's filters, search and sort are the export's.
    let mut q = OrderQuery::newest(500);
    q.search = Some("ann".into());
    q.sort = OrderSort::Amount;
    q.descending = false;
    let rows = export(&store, &q, out.path()).await;
    let page = order_list::page(&store.read, &q).await.unwrap();
    assert_eq!(page.iter().map(|o| o.id).collect::<Vec<_>>(), [1, 4]);
    assert_eq!(
        rows.iter().map(|r| shown(r)).collect::<Vec<_>>(),
        page.iter().map(listed).collect::<Vec<_>>()
    );
    let mut q = OrderQuery::newest(500);
    q.status = Some(Status::Refunded);
    q.from = Some(1_763_683_200 + 3 * 3600);
    let rows = export(&store, &q, out.path()).await;
    assert_eq!(
        rows.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(),
        ["5"]
    );
    // No match: a header and no rows.
    q.search = Some("nobody".into());
    assert!(export(&store, &q, out.path()).await.is_empty());
    drop(dir);
}

async fn many_orders(n: i64) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    customer(&store, 1, "Ann", None).await;
    let mut tx = store.write.begin().await.unwrap();
    for id in 1..=n {
        sqlx::query(
            "INSERT INTO orders (id, charge_id, customer_id, product_title, stars, payload, status, created_at)
             VALUES (?, ?, 1, 'Guide', 10, 'p', 'delivered', ?)",
        )
        .bind(id)
        .bind(format!("stx{id:08}"))
        .bind(1_000_000 + id)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    (dir, store)
}

#[tokio::test]
async fn progress_is_told_as_the_rows_are_written() {
    let (_dir, store) = many_orders(2_500).await;
    let out = tempfile::tempdir().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let heard = seen.clone();
    let job = Job::new()
        .every(1_000)
        .on_progress(move |rows, total| heard.lock().unwrap().push((rows, total)));
    let path = out.path().join("all.csv");
    let done = exports::orders(&store, &OrderQuery::newest(1), To::File(&path), &job)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(done.rows, 2_500);
    assert_eq!(
        *seen.lock().unwrap(),
        [(0, 2_500), (1_000, 2_500), (2_000, 2_500), (2_500, 2_500)]
    );
    assert_eq!(read_back(&path).1.len(), 2_500);
}

#[tokio::test]
async fn a_cancelled_export_leaves_no_file() {
    let (_dir, store) = many_orders(2_500).await;
    let out = tempfile::tempdir().unwrap();
    let jobs = Arc::new(Jobs::default());
    let canceller = jobs.clone();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let heard = seen.clone();
    let job = Job::new().every(500).on_progress(move |rows, _| {
        heard.lock().unwrap().push(rows);
        if rows >= 1_000 {
            assert!(canceller.cancel("orders-1"));
        }
    });
    let tracked = jobs.track("orders-1", &job);
    let path = out.path().join("all.csv");
    let done = exports::orders(&store, &OrderQuery::newest(1), To::File(&path), &job)
        .await
        .unwrap();
    assert_eq!(done, None);
    assert_eq!(*seen.lock().unwrap(), [0, 500, 1_000]);
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "no file, no .part"
    );
    drop(tracked);
    assert!(!jobs.cancel("orders-1"), "a finished export is forgotten");
}
