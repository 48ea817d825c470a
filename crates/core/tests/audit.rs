//! The audit trail: what the merchant's actions leave in it (who, what, before and after), that
//! nothing edits or deletes a line, and how the trail is searched and exported.

use stardesk_core::{
    Store,
    audit::{self, Actor, AuditEntry, AuditQuery, Line, Who},
    catalog::{self, Kind, Product, ProductDraft},
    customers::{self, Seen},
    db, settings,
};

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    Fixture { _dir: dir, store }
}

fn ann() -> Who {
    Who::operator("Ann")
}

fn draft(kind: Kind, title: &str, price: i64) -> ProductDraft {
    ProductDraft {
        kind,
        title: title.into(),
        description: "What it is.".into(),
        price,
        per_customer_limit: None,
        stock: None,
        content: (kind == Kind::Text).then(|| "the secret".to_string()),
        channel_id: None,
    }
}

impl Fixture {
    /// Every line, newest first.
    async fn trail(&self) -> Vec<AuditEntry> {
        self.find(AuditQuery::default()).await
    }

    async fn find(&self, q: AuditQuery) -> Vec<AuditEntry> {
        let q = AuditQuery { limit: 500, ..q };
        let lines = audit::page(&self.store, &q).await.unwrap();
        assert_eq!(
            audit::count(&self.store, &q).await.unwrap(),
            lines.len() as i64,
            "the count agrees with the page"
        );
        lines
    }

    /// The lines written since the trail had `before` lines, oldest first.
    async fn since(&self, before: usize) -> Vec<AuditEntry> {
        let mut all = self.trail().await;
        all.reverse();
        all.split_off(before)
    }

    async fn product(&self, kind: Kind, title: &str, price: i64) -> Product {
        catalog::create(&self.store, &ann(), &draft(kind, title, price))
            .await
            .unwrap()
    }
}

fn change(e: &AuditEntry) -> (&str, Option<&str>, Option<&str>) {
    (e.action.as_str(), e.before.as_deref(), e.after.as_deref())
}

#[tokio::test]
async fn a_new_product_and_a_price_change_each_leave_one_line() {
    let f = fixture().await;
    let p = f.product(Kind::Code, "Game key", 120).await;
    let created = f.trail().await;
    assert_eq!(created.len(), 1);
    let line = &created[0];
    assert_eq!(
        change(line),
        ("product.create", None, Some("code pool · 120 Stars"))
    );
    assert_eq!(line.subject, format!("Game key (product #{})", p.id));
    assert_eq!(
        (line.actor, line.actor_name.as_str()),
        (Actor::Operator, "Ann")
    );

    let before = f.trail().await.len();
    let mut edit = draft(Kind::Code, "Game key", 150);
    catalog::update(&f.store, &Who::operator("Bo"), p.id, &edit)
        .await
        .unwrap();
    let lines = f.since(before).await;
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(
        change(&lines[0]),
        ("product.price", Some("120 Stars"), Some("150 Stars"))
    );
    assert_eq!(lines[0].actor_name, "Bo");
    assert_eq!(lines[0].subject, format!("Game key (product #{})", p.id));

    // Saving the same again changes nothing, and says nothing.
    catalog::update(&f.store, &ann(), p.id, &edit)
        .await
        .unwrap();
    assert_eq!(f.trail().await.len(), before + 1);

    // Title and description, both customers read: a line each, with the old and new text.
    edit.title = "Game key (Steam)".into();
    edit.description = String::new();
    catalog::update(&f.store, &ann(), p.id, &edit)
        .await
        .unwrap();
    let lines = f.since(before + 1).await;
    let got: Vec<_> = lines.iter().map(change).collect();
    assert_eq!(
        got,
        [
            ("product.title", Some("Game key"), Some("Game key (Steam)")),
            ("product.description", Some("What it is."), None),
        ]
    );
}

#[tokio::test]
async fn an_archive_and_a_restore_are_recorded_once_each() {
    let f = fixture().await;
    let p = f.product(Kind::Text, "Guide", 25).await;
    let before = f.trail().await.len();
    catalog::set_active(&f.store, &ann(), p.id, false)
        .await
        .unwrap();
    // Archiving an archived product is no change.
    catalog::set_active(&f.store, &ann(), p.id, false)
        .await
        .unwrap();
    catalog::set_active(&f.store, &Who::stardeskd(), p.id, true)
        .await
        .unwrap();
    let lines = f.since(before).await;
    let got: Vec<_> = lines.iter().map(change).collect();
    assert_eq!(
        got,
        [
            ("product.archive", Some("on sale"), Some("archived")),
            ("product.unarchive", Some("archived"), Some("on sale")),
        ]
    );
    assert_eq!(lines[0].actor, Actor::Operator);
    assert_eq!(
        (lines[1].actor, lines[1].actor_name.as_str()),
        (Actor::Stardeskd, "stardeskd")
    );
    assert!(
        catalog::set_active(&f.store, &ann(), 999, false)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_block_names_the_customer() {
    let f = fixture().await;
    let seen = Seen {
        id: 501,
        first_name: "Anna",
        username: Some("anna_k"),
        language_code: None,
    };
    f.store
        .commits
        .run_direct(move |db| db::customers::upsert(db, &seen, 1_000))
        .await
        .unwrap();
    customers::set_blocked(&f.store, &ann(), 501, true)
        .await
        .unwrap();
    customers::set_blocked(&f.store, &ann(), 501, true)
        .await
        .unwrap();
    let lines = f.trail().await;
    assert_eq!(lines.len(), 1);
    assert_eq!(
        change(&lines[0]),
        ("customer.block", Some("can buy"), Some("blocked"))
    );
    assert_eq!(lines[0].subject, "Anna @anna_k (customer 501)");
    assert!(customers::is_blocked(&f.store.read, 501).await.unwrap());
    customers::set_blocked(&f.store, &ann(), 501, false)
        .await
        .unwrap();
    assert_eq!(f.trail().await[0].action, "customer.unblock");
    assert!(
        customers::set_blocked(&f.store, &ann(), 404, true)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_code_import_says_what_was_added() {
    let f = fixture().await;
    let p = f.product(Kind::Code, "Game key", 150).await;
    let before = f.trail().await.len();
    let codes: String = (1..=25).map(|i| format!("KEY-{i}\n")).collect();
    let summary = catalog::import_codes(&f.store, &ann(), p.id, &format!("{codes}KEY-3\n\n"))
        .await
        .unwrap();
    assert_eq!((summary.added, summary.duplicates), (25, 1));
    let lines = f.since(before).await;
    assert_eq!(lines.len(), 1);
    assert_eq!(
        change(&lines[0]),
        ("product.codes", None, Some("25 added, 1 duplicate"))
    );
    // A refused import leaves nothing.
    let long = "x".repeat(catalog::MAX_CODE + 1);
    assert!(
        catalog::import_codes(&f.store, &ann(), p.id, &long)
            .await
            .is_err()
    );
    assert_eq!(f.trail().await.len(), before + 1);
}

#[tokio::test]
async fn a_bot_text_change_keeps_the_old_and_the_new_body() {
    let f = fixture().await;
    let who = Who::operator("Cleo");
    settings::set_text(
        &f.store,
        &who,
        "terms",
        stardesk_core::texts::Lang::En,
        "Our terms: fair.",
    )
    .await
    .unwrap();
    let lines = f.trail().await;
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].action, "bot.text");
    assert_eq!(lines[0].subject, "the /terms text");
    assert_eq!(
        lines[0].before.as_deref(),
        Some(stardesk_core::texts::default_text(stardesk_core::texts::Lang::En, "terms").as_str())
    );
    assert_eq!(lines[0].after.as_deref(), Some("Our terms: fair."));
    assert_eq!(lines[0].actor_name, "Cleo");

    settings::set_text(
        &f.store,
        &who,
        "terms",
        stardesk_core::texts::Lang::En,
        "  Our terms: fair.  ",
    )
    .await
    .unwrap();
    assert_eq!(f.trail().await.len(), 1, "the same text again is no change");

    settings::reset_text(&f.store, &who, "terms", stardesk_core::texts::Lang::En)
        .await
        .unwrap();
    settings::reset_text(&f.store, &who, "terms", stardesk_core::texts::Lang::En)
        .await
        .unwrap();
    let lines = f.trail().await;
    assert_eq!(lines.len(), 2);
    assert_eq!(
        change(&lines[0]),
        (
            "bot.text_reset",
            Some("Our terms: fair."),
            Some(
                stardesk_core::texts::default_text(stardesk_core::texts::Lang::En, "terms")
                    .as_str()
            )
        )
    );

    settings::set_notify_sales(&f.store, &who, false)
        .await
        .unwrap();
    settings::set_notify_sales(&f.store, &who, false)
        .await
        .unwrap();
    assert_eq!(
        change(&f.trail().await[0]),
        ("settings.notify_sales", Some("on"), Some("off"))
    );
    assert_eq!(f.trail().await.len(), 3);
}

#[tokio::test]
async fn the_trail_refuses_to_be_edited_or_deleted() {
    let f = fixture().await;
    f.product(Kind::Text, "Guide", 25).await;
    // Straight SQL, past every service: the store itself refuses.
    for sql in [
        "UPDATE audit SET actor_name = 'someone else'",
        "UPDATE audit SET reason = 'rewritten' WHERE id = 1",
        "DELETE FROM audit",
        "DELETE FROM audit WHERE id = 1",
    ] {
        let e = sqlx::query(sql)
            .execute(&f.store.write)
            .await
            .expect_err(sql);
        assert!(e.to_string().contains("append-only"), "{sql}: {e}");
    }
    let lines = f.trail().await;
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].actor_name, "Ann");
}

#[tokio::test]
async fn the_operator_name_is_checked_and_its_change_recorded() {
    let f = fixture().await;
    let default = audit::operator_name(&f.store).await.unwrap();
    assert!(!default.is_empty());
    let me = audit::operator(&f.store).await.unwrap();
    assert_eq!(me, Who::operator(default.clone()));

    for bad in ["", "   ", &"n".repeat(65), "two\nlines"] {
        let e = audit::set_operator_name(&f.store, &me, bad)
            .await
            .unwrap_err();
        assert!(matches!(e, stardesk_core::Error::Invalid(_)), "{bad:?}");
    }
    assert_eq!(
        audit::set_operator_name(&f.store, &me, "  Dana Ö  ")
            .await
            .unwrap(),
        "Dana Ö"
    );
    assert_eq!(
        audit::operator(&f.store).await.unwrap(),
        Who::operator("Dana Ö")
    );
    audit::set_operator_name(&f.store, &me, &"n".repeat(64))
        .await
        .unwrap();
    let lines = f.trail().await;
    assert_eq!(lines.len(), 2);
    assert_eq!(
        change(&lines[1]),
        (
            "settings.operator_name",
            Some(default.as_str()),
            Some("Dana Ö")
        )
    );
    assert_eq!(lines[1].actor_name, default, "recorded under the old name");
}

/// Lines written straight into the trail at chosen times.
async fn line(f: &Fixture, at: i64, who: &Who, action: &str, subject: &str, reason: &str) {
    let line = Line {
        action,
        subject: subject.into(),
        before: Some("120 Stars".into()),
        after: Some("150 Stars".into()),
        reason,
    };
    db::audit::insert(&f.store.write, at, who, &line)
        .await
        .unwrap();
}

fn ids(lines: &[AuditEntry]) -> Vec<i64> {
    lines.iter().map(|l| l.id).collect()
}

#[tokio::test]
async fn the_trail_is_filtered_by_actor_action_text_and_time() {
    let f = fixture().await;
    line(&f, 100, &ann(), "product.price", "product #1 \"Key\"", "").await;
    line(
        &f,
        200,
        &Who::customer("Boris"),
        "refund",
        "order #7",
        "Broken, 100% sure",
    )
    .await;
    line(&f, 300, &Who::stardeskd(), "products.import", "catalog", "").await;
    line(
        &f,
        400,
        &Who::rule("auto-approve"),
        "product",
        "product #2 \"Ünïcode\"",
        "",
    )
    .await;
    line(&f, 500, &ann(), "customer.block", "customer 9 Zed", "spam").await;

    let q = |f: fn(&mut AuditQuery)| {
        let mut q = AuditQuery::default();
        f(&mut q);
        q
    };
    assert_eq!(ids(&f.trail().await), [5, 4, 3, 2, 1], "newest first");
    assert_eq!(
        ids(&f.find(q(|q| q.actor = Some(Actor::Operator))).await),
        [5, 1]
    );
    // An action and everything under it; not another word that starts the same.
    assert_eq!(
        ids(&f.find(q(|q| q.action = Some("product".into()))).await),
        [4, 1]
    );
    assert_eq!(
        ids(&f.find(q(|q| q.action = Some("product.price".into()))).await),
        [1]
    );
    assert_eq!(
        ids(&f.find(q(|q| q.action = Some("prod".into()))).await),
        [] as [i64; 0]
    );
    // Text: in the subject, the name, the reason or a value; any case; wildcards taken literally.
    assert_eq!(
        ids(&f.find(q(|q| q.text = Some("BORIS".into()))).await),
        [2]
    );
    assert_eq!(ids(&f.find(q(|q| q.text = Some("100%".into()))).await), [2]);
    assert_eq!(ids(&f.find(q(|q| q.text = Some("%".into()))).await), [2]);
    assert_eq!(
        ids(&f.find(q(|q| q.text = Some("150 stars".into()))).await).len(),
        5
    );
    assert_eq!(ids(&f.find(q(|q| q.text = Some("#2".into()))).await), [4]);
    // From (inclusive) and to (exclusive), in UTC unix seconds.
    assert_eq!(
        ids(&f
            .find(q(|q| {
                q.from = Some(200);
                q.to = Some(400)
            }))
            .await),
        [3, 2]
    );
    // Pages.
    let page = audit::page(
        &f.store,
        &AuditQuery {
            offset: 1,
            limit: 2,
            ..AuditQuery::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(ids(&page), [4, 3]);
    let actions = audit::actions(&f.store).await.unwrap();
    assert_eq!(
        actions,
        [
            "customer.block",
            "product",
            "product.price",
            "products.import",
            "refund"
        ]
    );
}

#[tokio::test]
async fn the_export_is_csv_of_every_matching_line() {
    let f = fixture().await;
    let at = 1_763_733_780; // 2025-11-21 14:03:00 UTC
    line(
        &f,
        at,
        &ann(),
        "refund",
        "order #1",
        "Said \"broken\", twice",
    )
    .await;
    line(
        &f,
        at + 1,
        &Who::customer("=HYPERLINK(\"x\")"),
        "refund",
        "order #2",
        "",
    )
    .await;
    // More lines than one page holds: the export has them all.
    let mut tx = f.store.write.begin().await.unwrap();
    for i in 0..1_203 {
        let line = Line {
            action: "product.price",
            subject: format!("product #{i}"),
            before: None,
            after: Some("line\nbreak".into()),
            reason: "",
        };
        db::audit::insert(&mut *tx, at + 2, &ann(), &line)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("trail.csv");
    let all = AuditQuery {
        limit: 10,
        ..AuditQuery::default()
    };
    assert_eq!(
        audit::export_csv(&f.store, &all, &path).await.unwrap(),
        1_205
    );
    let mut reader = csv::Reader::from_path(&path).unwrap();
    assert_eq!(
        reader.headers().unwrap(),
        vec![
            "id",
            "at_utc",
            "actor",
            "actor_name",
            "action",
            "subject",
            "before",
            "after",
            "reason"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1_205);
    assert_eq!(&rows[0][7], "line\nbreak");
    let first = &rows[1_204];
    assert_eq!(&first[0], "1");
    assert_eq!(&first[1], "2025-11-21T14:03:00Z");
    assert_eq!(&first[2], "operator");
    assert_eq!(&first[3], "Ann");
    assert_eq!(&first[6], "120 Stars");
    assert_eq!(&first[8], "Said \"broken\", twice");
    // A name a spreadsheet would run as a formula is kept as text.
    assert_eq!(&rows[1_203][3], "'=HYPERLINK(\"x\")");
    assert_eq!(&rows[1_203][2], "customer");
    // Written with RFC 4180 quoting.
    let raw = std::fs::read_to_string(&path).unwrap();
    assert!(raw.contains(r#""Said ""broken"", twice""#), "{raw:.300}");

    // The filters apply; an existing file is replaced whole.
    let refunds = AuditQuery {
        action: Some("refund".into()),
        ..AuditQuery::default()
    };
    assert_eq!(
        audit::export_csv(&f.store, &refunds, &path).await.unwrap(),
        2
    );
    let rows = csv::Reader::from_path(&path).unwrap().records().count();
    assert_eq!(rows, 2);
    assert!(!dir.path().join("trail.csv.part").exists());
    // A folder that is not there is an error, and leaves nothing.
    let nowhere = dir.path().join("missing/trail.csv");
    assert!(audit::export_csv(&f.store, &all, &nowhere).await.is_err());
    assert!(!nowhere.exists());
}

#[test]
fn export_files_are_named_for_the_day_and_never_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    let first = audit::export_path(dir.path(), day);
    assert_eq!(first, dir.path().join("stardesk-audit-2026-11-21.csv"));
    std::fs::write(&first, "").unwrap();
    assert_eq!(
        audit::export_path(dir.path(), day),
        dir.path().join("stardesk-audit-2026-11-21-2.csv")
    );
}

#[cfg(feature = "demo")]
#[tokio::test]
async fn the_demo_catalog_is_seeded_with_a_short_sample_trail() {
    let f = fixture().await;
    stardesk_core::demo::seed_catalog(&f.store).await.unwrap();
    let lines = f.trail().await;
    let got: Vec<_> = lines.iter().map(change).collect();
    assert_eq!(
        got,
        [
            ("product.codes", None, Some("40 added")),
            ("product.price", Some("120 Stars"), Some("150 Stars")),
        ],
        "seeding itself is nobody's action"
    );
    assert!(
        lines
            .iter()
            .all(|l| l.actor_name == stardesk_core::demo::SAMPLE_OPERATOR)
    );
    let products = catalog::list(&f.store.read, false).await.unwrap();
    assert_eq!(products.len(), 3);
    assert_eq!(products[1].price, 150);
}

#[tokio::test]
async fn stardeskd_prints_the_newest_lines_and_exports_them_all() {
    let f = fixture().await;
    let p = f.product(Kind::Code, "Game key", 120).await;
    let mut edit = draft(Kind::Code, "Game key", 150);
    catalog::update(&f.store, &ann(), p.id, &edit)
        .await
        .unwrap();
    edit.price = 99;
    catalog::update(&f.store, &Who::stardeskd(), p.id, &edit)
        .await
        .unwrap();
    let data = f._dir.path().to_path_buf();
    f.store.close().await;
    let stardeskd = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_stardeskd"))
            .arg("--data-dir")
            .arg(&data)
            .args(args)
            .output()
            .unwrap();
        let printed = String::from_utf8_lossy(&out.stdout).into_owned();
        let errors = String::from_utf8_lossy(&out.stderr).into_owned();
        (out.status.success(), printed, errors)
    };

    let (ok, printed, errors) = stardeskd(&["audit", "--action", "product.price"]);
    assert!(ok, "{errors}");
    let rows: Vec<&str> = printed.lines().collect();
    assert_eq!(rows.len(), 3, "{printed}");
    assert!(rows[0].starts_with("when (UTC)"), "{printed}");
    assert!(rows[1].contains("stardeskd") && rows[1].contains("150 Stars → 99 Stars"));
    assert!(rows[2].contains("Ann") && rows[2].contains("120 Stars → 150 Stars"));

    let (ok, printed, _) = stardeskd(&["audit", "--since", "2999-01-01"]);
    assert!(ok);
    assert!(printed.contains("(no lines)"), "{printed}");
    let (ok, _, errors) = stardeskd(&["audit", "--since", "yesterday"]);
    assert!(!ok && errors.contains("--since"), "{errors}");

    let file = data.join("trail.csv");
    let (ok, printed, errors) = stardeskd(&["audit", "--csv", file.to_str().unwrap()]);
    assert!(ok, "{errors}");
    assert!(printed.starts_with("3 lines written to"), "{printed}");
    assert_eq!(csv::Reader::from_path(&file).unwrap().records().count(), 3);

    // The demo's own shop is read with --demo; there is none here.
    let (ok, _, errors) = stardeskd(&["--demo", "audit"]);
    assert!(!ok && errors.contains("no shop"), "{errors}");
}
