//! `stardeskd export orders`: a shop's sales through the simulator exported to a file and the
//! terminal as the Orders list has them, a seeded month's date range (UTC days, both ends
//! included) giving exactly its orders, and a bad date named.

use std::path::Path;

use stardesk_core::{
    Store,
    audit::iso_utc,
    catalog::Kind,
    demo,
    order_list::{self, OrderQuery},
};
use stardesk_tests::{WAIT, World};

async fn ok(dir: &Path, sim: &str, args: &[&str]) -> String {
    stardesk_tests::stardeskd_ok(dir, sim, demo::DEMO_TOKEN, args).await
}

async fn refused(dir: &Path, sim: &str, args: &[&str]) -> String {
    stardesk_tests::stardeskd_refused(dir, sim, demo::DEMO_TOKEN, args).await
}

/// The rows of a CSV (header checked and left out).
fn rows(csv_text: &str) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(&header[..3], ["order", "paid_at_utc", "paid_at_local"]);
    r.records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The shop's day of `at` (a new shop's time zone is the system's).
fn day_of(at: i64) -> String {
    let zone = stardesk_core::zone::system();
    stardesk_core::zone::day_of(zone, at).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn todays_sales_are_exported_from_the_terminal_and_a_bad_date_is_named() {
    let mut w = World::new().await;
    let guide = w.product(Kind::Text, "Guide, \"2nd\" edition", 25).await;
    w.start_bot();
    let url = w.sim.url();
    let (d, url) = (w.dir.path().to_path_buf(), url.as_str());
    let d = d.as_path();

    let c = &w.client;
    let ada = c.create_user("Ada", Some("ada")).await.unwrap();
    let bo = c.create_user("Bo, the second", None).await.unwrap();
    for who in [ada, bo, bo] {
        let (paid, _) = c.buy(who, guide.id, WAIT).await.unwrap();
        assert_eq!(paid.status, "paid");
    }
    w.quiet().await;
    let mut all = OrderQuery::newest(10);
    all.descending = false;
    let listed = order_list::page(&w.store.read, &all).await.unwrap();
    assert_eq!(listed.len(), 3);
    let today = day_of(listed[0].created_at);
    let yesterday = day_of(listed[0].created_at - 86_400);

    let out = d.join("today.csv");
    let said = ok(
        d,
        url,
        &[
            "export",
            "orders",
            "--from",
            &today,
            "--to",
            &today,
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .await;
    assert!(
        said.contains(&format!("3 orders written to {}", out.display())),
        "{said}"
    );
    assert!(!d.join("today.csv.part").exists(), "no .part is left");
    let rows = rows(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(rows.len(), 3);
    for (row, order) in rows.iter().zip(&listed) {
        assert_eq!(row[0], order.id.to_string());
        assert_eq!(row[1], iso_utc(order.created_at));
        assert_eq!(row[3], order.customer_id.to_string());
        assert_eq!(row[6], "Guide, \"2nd\" edition");
        assert_eq!(row[8], "25");
        assert_eq!(row[11], order.status.as_str());
    }
    assert_eq!((rows[0][4].as_str(), rows[0][5].as_str()), ("Ada", "ada"));
    assert_eq!(
        (rows[1][4].as_str(), rows[1][5].as_str()),
        ("Bo, the second", "")
    );

    // Days before today hold none of them; to the terminal.
    let before = ok(d, url, &["export", "orders", "--to", &yesterday]).await;
    assert!(self::rows(&before).is_empty(), "{before}");

    // A bad date, and a range that ends before it starts, are named.
    let bad = refused(d, url, &["export", "orders", "--from", "2026-13-01"]).await;
    assert!(bad.contains("\"2026-13-01\" is not a date"), "{bad}");
    assert!(bad.contains("YYYY-MM-DD"), "{bad}");
    let backwards = refused(
        d,
        url,
        &["export", "orders", "--from", &today, "--to", &yesterday],
    )
    .await;
    assert!(backwards.contains("is before --from"), "{backwards}");
    w.stop_bot().await;
}

/// A seeded month of sales: a range of days exports exactly the orders the Orders list has in
/// those days of the shop's time zone (Kolkata's, half an hour off any UTC hour), oldest first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_date_range_exports_the_orders_of_those_days() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let url = "http://127.0.0.1:9";
    ok(d, url, &["seed", "--orders", "3000", "--days", "30"]).await;
    let store = Store::open(d).await.unwrap();
    stardesk_core::reports::set_time_zone(
        &store,
        "Asia/Kolkata",
        &stardesk_core::audit::Who::operator("ann"),
    )
    .await
    .unwrap();
    let mut q = OrderQuery::newest(500);
    q.descending = false;
    let middle = order_list::page(
        &store.read,
        &OrderQuery {
            offset: 1500,
            ..q.clone()
        },
    )
    .await
    .unwrap()[0]
        .created_at;
    let first = store.zone.day_of(middle);
    let next = first.succ_opt().unwrap();
    let (from, to) = (first.to_string(), next.to_string());
    q.from = Some(store.zone.day_start(first));
    q.to = Some(store.zone.day_start(next.succ_opt().unwrap()));
    let expected = order_list::count(&store.read, &q).await.unwrap();
    assert!(expected > 0);
    let mut ids = Vec::new();
    loop {
        let page = order_list::page(&store.read, &q).await.unwrap();
        ids.extend(page.iter().map(|o| o.id.to_string()));
        if (page.len() as i64) < q.limit {
            break;
        }
        q.offset += q.limit;
    }
    store.close().await;

    let out = d.join("two-days.csv");
    let said = ok(
        d,
        url,
        &[
            "export",
            "orders",
            "--from",
            &from,
            "--to",
            &to,
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .await;
    assert!(
        said.contains(&format!("{expected} orders written")),
        "{said}"
    );
    let rows = rows(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(rows.iter().map(|r| r[0].clone()).collect::<Vec<_>>(), ids);
    assert!(
        rows.iter()
            .all(|r| r[2].starts_with(&from) || r[2].starts_with(&to))
    );
}
