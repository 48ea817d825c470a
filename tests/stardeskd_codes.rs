//! `stardeskd codes` on a code pool a real bot sells from through the simulator: the codes
//! listed with their state (one sold to its order), searched, two unsold ones removed and put
//! back, a sold one left as it is, and the pool exported to CSV and read back.

use std::path::Path;

use stardesk_core::{
    audit::{self, AuditQuery},
    catalog::{self, Kind},
    demo,
};
use stardesk_tests::{WAIT, World};

async fn ok(dir: &Path, sim: &str, args: &[&str]) -> String {
    stardesk_tests::stardeskd_ok(dir, sim, demo::DEMO_TOKEN, args).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_pool_is_listed_searched_removed_restored_and_exported_from_the_terminal() {
    let mut w = World::new().await;
    let key = w.product(Kind::Code, "Game key", 40).await;
    w.codes(&key, &["GK-1111", "GK-2222", "GK-3333", "XB-4444"])
        .await;
    w.start_bot();
    let url = w.sim.url();
    let (d, url) = (w.dir.path().to_path_buf(), url.as_str());
    let d = d.as_path();

    let c = &w.client;
    let ada = c.create_user("Ada", None).await.unwrap();
    let (paid, _) = c.buy(ada, key.id, WAIT).await.unwrap();
    assert_eq!(paid.status, "paid");
    w.quiet().await;

    let list = ok(d, url, &["codes", "list", &key.id.to_string()]).await;
    assert!(
        list.contains("3 in stock, 0 held, 1 sold, 0 revoked, 0 removed"),
        "{list}"
    );
    let sold = list
        .lines()
        .find(|l| l.starts_with("GK-1111"))
        .unwrap_or_else(|| panic!("{list}"));
    assert!(sold.contains("sold to order #"), "{list}");
    assert!(list.contains("XB-4444  in stock"), "{list}");

    // By title, searched in any case.
    let found = ok(d, url, &["codes", "list", "game key", "--search", "gk-2"]).await;
    assert!(found.contains("GK-2222"), "{found}");
    assert!(!found.contains("GK-3333"), "{found}");

    // Two unsold codes and the sold one: the sold one stays as it is.
    let removed = ok(
        d,
        url,
        &[
            "codes", "remove", "Game key", "GK-2222", "XB-4444", "GK-1111",
        ],
    )
    .await;
    assert!(
        removed.contains("2 codes removed from Game key"),
        "{removed}"
    );
    assert!(removed.contains("1 code left as they were"), "{removed}");
    let left = catalog::get(&w.store.read, key.id).await.unwrap().unwrap();
    assert_eq!(left.stock_left, Some(1));
    let only = ok(d, url, &["codes", "list", "Game key", "--state", "removed"]).await;
    assert!(
        only.contains("GK-2222  removed") && only.contains("XB-4444  removed"),
        "{only}"
    );
    assert!(!only.contains("GK-3333"), "{only}");

    let restored = ok(d, url, &["codes", "restore", "Game key"]).await;
    assert!(restored.contains("2 codes put back on sale"), "{restored}");
    let left = catalog::get(&w.store.read, key.id).await.unwrap().unwrap();
    assert_eq!(left.stock_left, Some(3));

    let out = d.join("codes.csv");
    let said = ok(
        d,
        url,
        &[
            "codes",
            "export",
            "Game key",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .await;
    assert!(said.contains("4 codes of Game key written"), "{said}");
    let mut r = csv::Reader::from_path(&out).unwrap();
    assert_eq!(r.headers().unwrap(), vec!["code", "state", "order"]);
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0][0], "GK-1111");
    assert_eq!(rows[0][1], "sold");
    assert!(!rows[0][2].is_empty());
    assert_eq!(
        rows[3][..2],
        ["XB-4444".to_string(), "in_stock".to_string()]
    );

    // Each change is a line of the trail, done by stardeskd.
    let trail = audit::page(
        &w.store,
        &AuditQuery {
            limit: 50,
            ..AuditQuery::default()
        },
    )
    .await
    .unwrap();
    let mine: Vec<_> = trail
        .iter()
        .filter(|e| e.action.starts_with("product.codes."))
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(mine, ["product.codes.restore", "product.codes.remove"]);
    w.stop_bot().await;
}
