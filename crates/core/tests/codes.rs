//! A code pool in hand: its codes listed with their state and searched, unsold ones removed and
//! put back, CSV files read by RFC 4180, and the low-stock warning said once per crossing.

use stardesk_core::{
    Shop, Store,
    audit::{self, AuditQuery, Who},
    catalog::{self, CodeQuery, CodeRow, CodeState, Kind, Product, ProductDraft},
    customers::Seen,
    events::{AppEvent, Events},
    payload::Payload,
    payments::{self, Payment, PreCheckout},
};

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    shop: Shop,
    events: Events,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let (shop, events) = Shop::open_with_events(store.clone()).await.unwrap();
    Fixture {
        _dir: dir,
        store,
        shop,
        events,
    }
}

fn ann() -> Who {
    Who::operator("Ann")
}

fn seen(id: i64) -> Seen<'static> {
    Seen {
        id,
        first_name: "Customer",
        username: None,
        language_code: None,
    }
}

impl Fixture {
    async fn pool(&self, codes: &str) -> Product {
        let p = catalog::create(
            &self.store,
            &ann(),
            &ProductDraft {
                kind: Kind::Code,
                title: "Game key".into(),
                description: String::new(),
                price: 10,
                per_customer_limit: None,
                stock: None,
                content: None,
                channel_id: None,
            },
        )
        .await
        .unwrap();
        if !codes.is_empty() {
            catalog::import_codes(&self.store, &ann(), p.id, codes)
                .await
                .unwrap();
        }
        p
    }

    async fn codes(
        &self,
        product: &Product,
        search: &str,
        state: Option<CodeState>,
    ) -> Vec<CodeRow> {
        catalog::codes_page(
            &self.store.read,
            &CodeQuery {
                product_id: product.id,
                search: search.into(),
                state,
                offset: 0,
                limit: 1000,
            },
        )
        .await
        .unwrap()
    }

    /// The stock left, after checking that the codes on sale the product's row keeps (its
    /// triggers) equal a count of its codes.
    async fn left(&self, product: &Product) -> i64 {
        let kept: i64 = sqlx::query_scalar("SELECT codes_on_sale FROM products WHERE id = ?")
            .bind(product.id)
            .fetch_one(&self.store.read)
            .await
            .unwrap();
        let counted: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM codes WHERE product_id = ? AND state = 'available'
             AND removed_at IS NULL",
        )
        .bind(product.id)
        .fetch_one(&self.store.read)
        .await
        .unwrap();
        assert_eq!(
            kept, counted,
            "the codes on sale kept equal a count of them"
        );
        catalog::get(&self.store.read, product.id)
            .await
            .unwrap()
            .unwrap()
            .stock_left
            .unwrap()
    }

    /// A customer says yes at pre-checkout: a code is held for the invoice.
    async fn hold(&self, product: &Product, customer: i64) -> String {
        let payload = Payload::new(product.id, product.price, customer).sign(&self.shop.secret);
        payments::pre_checkout(
            &self.shop,
            &PreCheckout {
                customer: seen(customer),
                currency: "XTR",
                total_amount: product.price,
                payload: &payload,
            },
        )
        .await
        .unwrap()
        .unwrap();
        payload
    }

    async fn pay(&self, payload: &str, customer: i64, charge: &str) {
        payments::record_payment(
            &self.shop,
            &Payment {
                charge_id: charge,
                provider_charge_id: None,
                customer: seen(customer),
                total_amount: 10,
                payload,
                recovered: false,
                first: false,
                expires_at: None,
            },
        )
        .await
        .unwrap();
    }

    async fn sell(&self, product: &Product, customer: i64, charge: &str) {
        let payload = self.hold(product, customer).await;
        self.pay(&payload, customer, charge).await;
    }
}

fn states(rows: &[CodeRow]) -> Vec<(&str, CodeState, Option<i64>)> {
    rows.iter()
        .map(|r| (r.code.as_str(), r.state, r.order_id))
        .collect()
}

#[tokio::test]
async fn codes_are_listed_with_their_state_and_searched() {
    let f = fixture().await;
    let p = f.pool("TJ-A1\nTJ-B2\nTJ-C3\nXX-D4").await;
    f.sell(&p, 1001, "ch-1").await;
    f.hold(&p, 1002).await;
    let rows = f.codes(&p, "", None).await;
    let order = rows[0].order_id.expect("the sold code names its order");
    assert_eq!(
        states(&rows),
        [
            ("TJ-A1", CodeState::Sold, Some(order)),
            ("TJ-B2", CodeState::Held, None),
            ("TJ-C3", CodeState::InStock, None),
            ("XX-D4", CodeState::InStock, None),
        ]
    );
    assert_eq!(
        CodeState::Sold.words(Some(order)),
        format!("sold to order #{order}")
    );
    // Any part of the code, in any case; a state narrows it.
    let found = f.codes(&p, "tj-", None).await;
    assert_eq!(found.len(), 3);
    let found = f.codes(&p, "c3", None).await;
    assert_eq!(states(&found), [("TJ-C3", CodeState::InStock, None)]);
    let in_stock = f.codes(&p, "", Some(CodeState::InStock)).await;
    assert_eq!(in_stock.len(), 2);
    let counts = catalog::code_counts(&f.store, p.id, "").await.unwrap();
    assert_eq!(
        (counts.in_stock, counts.held, counts.sold, counts.total()),
        (2, 1, 1, 4)
    );
    assert_eq!(
        catalog::code_counts(&f.store, p.id, "tj")
            .await
            .unwrap()
            .total(),
        3
    );
    // The order's code, as its drawer shows it.
    assert_eq!(
        catalog::code_of_order(&f.store, order)
            .await
            .unwrap()
            .as_deref(),
        Some("TJ-A1")
    );
}

#[tokio::test]
async fn unsold_codes_are_removed_and_an_undo_puts_back_exactly_those() {
    let f = fixture().await;
    let p = f.pool("K-1\nK-2\nK-3\nK-4\nK-5").await;
    f.sell(&p, 1001, "ch-1").await;
    let rows = f.codes(&p, "", None).await;
    let id = |code: &str| rows.iter().find(|r| r.code == code).unwrap().id;
    assert_eq!(f.left(&p).await, 4);

    // An earlier removal, kept removed while a later one is undone.
    let first = catalog::remove_codes(&f.store, &ann(), p.id, &[id("K-5")])
        .await
        .unwrap();
    assert_eq!((first.removed, first.skipped), (1, 0));
    // The sold code is left as it is; two unsold ones go.
    let second = catalog::remove_codes(&f.store, &ann(), p.id, &[id("K-1"), id("K-2"), id("K-3")])
        .await
        .unwrap();
    assert_eq!((second.removed, second.skipped), (2, 1));
    assert_ne!(first.removal_id, second.removal_id);
    assert_eq!(f.left(&p).await, 1);
    let removed = f.codes(&p, "", Some(CodeState::Removed)).await;
    assert_eq!(
        removed.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(),
        ["K-2", "K-3", "K-5"]
    );
    assert_eq!(
        catalog::last_removal(&f.store, p.id).await.unwrap(),
        Some(second.removal_id)
    );

    // A removed code is never sold: the next sale takes K-4, the one after finds none.
    f.sell(&p, 1002, "ch-2").await;
    let sold: Vec<_> = f
        .codes(&p, "", Some(CodeState::Sold))
        .await
        .into_iter()
        .map(|r| r.code)
        .collect();
    assert_eq!(sold, ["K-1", "K-4"]);
    assert_eq!(f.left(&p).await, 0);

    let restored = catalog::restore_codes(&f.store, &ann(), p.id, second.removal_id)
        .await
        .unwrap();
    assert_eq!(restored, 2);
    assert_eq!(f.left(&p).await, 2);
    let removed = f.codes(&p, "", Some(CodeState::Removed)).await;
    assert_eq!(removed.len(), 1, "the earlier removal stays");
    assert_eq!(removed[0].code, "K-5");
    // Undo twice puts back nothing more.
    assert_eq!(
        catalog::restore_codes(&f.store, &ann(), p.id, second.removal_id)
            .await
            .unwrap(),
        0
    );

    let trail = audit::page(
        &f.store,
        &AuditQuery {
            limit: 50,
            ..AuditQuery::default()
        },
    )
    .await
    .unwrap();
    let lines: Vec<_> = trail
        .iter()
        .filter(|e| e.action.starts_with("product.codes."))
        .map(|e| (e.action.as_str(), e.after.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        lines,
        [
            ("product.codes.restore", "2 codes put back: K-2, K-3"),
            ("product.codes.remove", "2 codes removed: K-2, K-3"),
            ("product.codes.remove", "1 code removed: K-5"),
        ]
    );

    // Export: every code with its state.
    let rows = catalog::code_rows(&f.store, p.id).await.unwrap();
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[4][0], "K-5");
    assert_eq!(rows[4][1], "removed");
    assert_eq!(rows[1][1], "in_stock");
    assert!(!rows[0][2].is_empty(), "a sold code names its order");
}

#[tokio::test]
async fn a_csv_is_read_by_rfc_4180_and_a_bad_line_imports_nothing() {
    let f = fixture().await;
    let p = f.pool("").await;
    let csv = "code,note\r\n\"TJ-\"\"7\"\"\",quoted quotes\r\n\"AB,CD\",a comma inside\r\nPLAIN-1,\"a note\nover two lines\"\r\nPLAIN-2,x\r\n";
    let check = catalog::check_codes(csv).unwrap();
    assert_eq!((check.codes, check.header.as_deref()), (4, Some("code")));
    let done = catalog::import_codes(&f.store, &ann(), p.id, csv)
        .await
        .unwrap();
    assert_eq!(done.added, 4);
    let codes: Vec<_> = f
        .codes(&p, "", None)
        .await
        .into_iter()
        .map(|r| r.code)
        .collect();
    assert_eq!(codes, ["TJ-\"7\"", "AB,CD", "PLAIN-1", "PLAIN-2"]);

    // An unterminated quote: the line it opens on is named, and nothing of the file is added.
    let bad = "NEW-1\nNEW-2\n\"NEW-3,x\nNEW-4\n";
    let e = catalog::import_codes(&f.store, &ann(), p.id, bad)
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("Line 3") && e.contains("never closed"), "{e}");
    assert!(e.contains("Nothing was imported"), "{e}");
    let e = catalog::check_codes(bad).unwrap_err().to_string();
    assert!(e.contains("Line 3"), "{e}");
    // Text after a closing quote would cut the code: refused with its line.
    let e = catalog::check_codes("A\nB\n\"AB\"CD,x")
        .unwrap_err()
        .to_string();
    assert!(e.contains("Line 3"), "{e}");
    assert_eq!(f.codes(&p, "new", None).await.len(), 0);
    assert_eq!(f.left(&p).await, 4);

    // A plain list still works, a quote inside a code taken as it is.
    let done = catalog::import_codes(&f.store, &ann(), p.id, "TXT-1\n\nTXT-2\nTX\"T-3\n")
        .await
        .unwrap();
    assert_eq!((done.added, done.blank), (3, 1));
    assert_eq!(f.codes(&p, "TX\"T", None).await.len(), 1);
}

#[tokio::test]
async fn a_sale_that_crosses_the_low_stock_mark_warns_once() {
    let f = fixture().await;
    let p = f.pool("L-1\nL-2\nL-3\nL-4").await;
    assert_eq!(p.low_stock, 5, "the default mark");
    let p = catalog::set_low_stock(&f.store, &ann(), p.id, 2)
        .await
        .unwrap();
    assert_eq!(p.low_stock, 2);
    assert!(!p.running_low());
    let mut rx = f.events.subscribe();
    let mut warnings = Vec::new();
    let drain = |rx: &mut tokio::sync::broadcast::Receiver<AppEvent>,
                 into: &mut Vec<(i64, i64)>| {
        while let Ok(e) = rx.try_recv() {
            if let AppEvent::StockLow {
                left, threshold, ..
            } = e
            {
                into.push((left, threshold));
            }
        }
    };
    f.sell(&p, 1001, "ch-1").await; // 3 left: above the mark
    drain(&mut rx, &mut warnings);
    assert!(warnings.is_empty());
    f.sell(&p, 1002, "ch-2").await; // 2 left: at the mark
    drain(&mut rx, &mut warnings);
    assert_eq!(warnings, [(2, 2)]);
    f.sell(&p, 1003, "ch-3").await; // 1 left: still low, said already
    drain(&mut rx, &mut warnings);
    assert_eq!(warnings.len(), 1);
    let now = catalog::get(&f.store.read, p.id).await.unwrap().unwrap();
    assert!(now.running_low());

    // Restocked above the mark, the next crossing warns again.
    catalog::import_codes(&f.store, &ann(), p.id, "L-5\nL-6\nL-7")
        .await
        .unwrap();
    f.sell(&p, 1004, "ch-4").await; // 3 left
    drain(&mut rx, &mut warnings);
    assert_eq!(warnings.len(), 1);
    f.sell(&p, 1005, "ch-5").await; // 2 left
    drain(&mut rx, &mut warnings);
    assert_eq!(warnings, [(2, 2), (2, 2)]);

    // A mark of 0 never warns.
    let p = catalog::set_low_stock(&f.store, &ann(), p.id, 0)
        .await
        .unwrap();
    assert!(!p.running_low());
    f.sell(&p, 1006, "ch-6").await;
    f.sell(&p, 1007, "ch-7").await;
    drain(&mut rx, &mut warnings);
    assert_eq!(warnings.len(), 2);
}

#[tokio::test]
async fn the_demo_shop_has_a_full_code_pool_and_a_product_running_low() {
    let f = fixture().await;
    stardesk_core::demo::seed_catalog(&f.store).await.unwrap();
    stardesk_core::demo::seed_stock(&f.store).await.unwrap();
    // Once per data folder: a second start adds nothing.
    stardesk_core::demo::seed_stock(&f.store).await.unwrap();
    let products = catalog::list(&f.store.read, false).await.unwrap();
    let game = products.iter().find(|p| p.title == "Game key").unwrap();
    assert_eq!(game.stock_left, Some(120));
    assert!(!game.running_low());
    let low: Vec<_> = products
        .iter()
        .filter(|p| p.running_low())
        .map(|p| p.title.as_str())
        .collect();
    assert_eq!(low, ["Wallpaper pack"]);
}
