//! `stardeskd` runs referrals and promo codes from a terminal, over the shop a real bot serves
//! through the simulator: the program's terms saved and read back, a referrer's link, people
//! and ledger, a payout refused above what is due and two made, CSV exports read back; promo
//! codes created, a batch generated to CSV and parsed, one deactivated and activated again.

use std::path::Path;

use stardesk_core::{
    audit::{self, AuditQuery},
    catalog::Kind,
    demo,
    promos::{self, PromoRefusal},
    referrals::{self, ReferralSettings},
};
use stardesk_tests::{WAIT, World};

/// `stardeskd ARGS` as this shop's bot; it must succeed. Returns what it printed.
async fn ok(dir: &Path, sim: &str, args: &[&str]) -> String {
    stardesk_tests::stardeskd_ok(dir, sim, demo::DEMO_TOKEN, args).await
}

/// `stardeskd ARGS`, which must fail; returns what it said on stderr.
async fn refused(dir: &Path, sim: &str, args: &[&str]) -> String {
    stardesk_tests::stardeskd_refused(dir, sim, demo::DEMO_TOKEN, args).await
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).expect("a CSV file");
    let header = r
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = r
        .records()
        .map(|rec| rec.expect("a row").iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn referral_terms_a_referrer_and_payouts_from_the_terminal() {
    let mut w = World::new().await;
    let guide = w.product(Kind::Text, "Guide", 150).await;
    w.start_bot();
    let url = w.sim.url();
    let (d, url) = (w.dir.path().to_path_buf(), url.as_str());
    let d = d.as_path();

    // The terms, saved and read back; what is not given stays.
    let saved = ok(
        d,
        url,
        &[
            "referrals",
            "settings",
            "--percent",
            "20",
            "--months",
            "6",
            "--hold-days",
            "0",
        ],
    )
    .await;
    assert!(saved.contains("referral program: saved"), "{saved}");
    let shown = ok(d, url, &["referrals", "settings"]).await;
    assert!(shown.contains("20% of each payment"), "{shown}");
    assert!(shown.contains("6 months"), "{shown}");
    assert!(shown.contains("0 days"), "{shown}");
    let hold = ok(d, url, &["referrals", "settings", "--hold-days", "0"]).await;
    assert!(hold.contains("unchanged"), "{hold}");
    assert_eq!(
        referrals::get_settings(&w.store).await.unwrap(),
        ReferralSettings {
            percent: 20,
            months: 6,
            hold_days: 0
        }
    );
    let too_much = refused(d, url, &["referrals", "settings", "--percent", "60"]).await;
    assert!(too_much.contains("0 to 50"), "{too_much}");

    // Maya shares her link; Jonas, new, opens it and buys the guide: 20% of 150 Stars is hers.
    let c = &w.client;
    let maya = c.create_user("Maya", Some("maya")).await.unwrap();
    let sent = c.send(maya, "/referrals").await.unwrap();
    let mine = c
        .wait_for(maya, sent, WAIT, |m| m.body().contains("start=r_"))
        .await
        .unwrap();
    let body = mine.body();
    let at = body.find("start=r_").unwrap() + "start=r_".len();
    let code: String = body[at..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let jonas = c.create_user("Jonas", None).await.unwrap();
    let sent = c.send(jonas, &format!("/start r_{code}")).await.unwrap();
    c.wait_for(jonas, sent, WAIT, |m| m.body().contains("invitation"))
        .await
        .unwrap();
    let (paid, _) = c.buy(jonas, guide.id, WAIT).await.unwrap();
    assert_eq!(paid.status, "paid");
    w.quiet().await;

    let list = ok(d, url, &["referrals"]).await;
    assert!(list.contains("Maya @maya"), "{list}");
    assert!(list.contains("30 Stars"), "{list}");
    assert!(list.contains("1 referrer"), "{list}");

    let page = ok(d, url, &["referrer", &maya.to_string()]).await;
    assert!(
        page.contains(&format!("?start=r_{code}")),
        "the link: {page}"
    );
    assert!(page.contains("Jonas"), "the people brought: {page}");
    assert!(page.contains("20% of 150 Stars"), "the ledger: {page}");
    assert!(page.contains("30 Stars (available: 30 Stars)"), "{page}");

    // More than is due is refused, with what is due.
    let over = refused(
        d,
        url,
        &["referrer", &maya.to_string(), "--pay", "31", "--credit"],
    )
    .await;
    assert!(
        over.contains("Maya has 30 Stars available to pay out; 31 Stars is more than that."),
        "{over}"
    );
    let no_note = refused(d, url, &["referrer", &maya.to_string(), "--pay", "5"]).await;
    assert!(no_note.contains("--credit"), "{no_note}");
    let nobody = refused(d, url, &["referrer", "424242", "--pay", "5", "--credit"]).await;
    assert!(nobody.contains("no customer 424242"), "{nobody}");

    let outside = ok(
        d,
        url,
        &[
            "referrer",
            &maya.to_string(),
            "--pay",
            "10",
            "--outside",
            "gift card",
        ],
    )
    .await;
    assert!(
        outside.contains("10 Stars paid to Maya outside Stardesk"),
        "{outside}"
    );
    let due = ok(d, url, &["payouts", "--due"]).await;
    assert!(due.contains("20 Stars"), "{due}");
    let credit = ok(
        d,
        url,
        &["referrer", &maya.to_string(), "--pay", "20", "--credit"],
    )
    .await;
    assert!(credit.contains("as store credit"), "{credit}");
    assert!(credit.contains("paid as credit"), "the ledger: {credit}");
    let none_due = ok(d, url, &["payouts", "--due"]).await;
    assert!(none_due.contains("nothing due"), "{none_due}");
    let made = ok(d, url, &["payouts"]).await;
    assert!(made.contains("gift card"), "{made}");
    assert!(made.contains("store credit"), "{made}");

    // The exports, read back.
    let file = w.dir.path().join("referrers.csv");
    let written = ok(
        d,
        url,
        &["referrals", "export", "--out", file.to_str().unwrap()],
    )
    .await;
    assert!(written.contains("1 referrer written"), "{written}");
    let (header, rows) = read_csv(&file);
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row[column(&header, "customer_id")], maya.to_string());
    assert_eq!(row[column(&header, "code")], code);
    assert_eq!(row[column(&header, "earned_stars")], "30.000");
    assert_eq!(row[column(&header, "paid_stars")], "30");
    assert_eq!(row[column(&header, "credit_unspent_stars")], "20");
    assert_eq!(row[column(&header, "due_stars")], "0");

    let file = w.dir.path().join("payouts.csv");
    ok(
        d,
        url,
        &["payouts", "export", "--out", file.to_str().unwrap()],
    )
    .await;
    let (header, rows) = read_csv(&file);
    let methods: Vec<&str> = rows
        .iter()
        .map(|r| r[column(&header, "method")].as_str())
        .collect();
    assert_eq!(methods, ["credit", "outside"], "newest first");
    assert!(rows.iter().all(|r| r[column(&header, "by")] == "stardeskd"));

    // Each payout is a line of the trail, by stardeskd.
    let trail = audit::page(
        &w.store,
        &AuditQuery {
            action: Some("referral".into()),
            limit: 10,
            ..AuditQuery::default()
        },
    )
    .await
    .unwrap();
    let payouts: Vec<_> = trail
        .iter()
        .filter(|l| l.action == "referral.payout")
        .collect();
    assert_eq!(payouts.len(), 2, "{trail:?}");
    assert!(trail.iter().all(|l| l.actor_name == "stardeskd"));
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn promo_codes_from_the_terminal_a_batch_to_csv_and_one_switched_off() {
    let mut w = World::new().await;
    let key = w.product(Kind::Code, "Game key", 120).await;
    w.start_bot();
    let url = w.sim.url();
    let (d, url) = (w.dir.path(), url.as_str());

    let created = ok(d, url, &["promos", "create", "WELCOME", "--percent", "10"]).await;
    assert!(created.contains("promo code WELCOME: created"), "{created}");
    assert!(
        created.contains("10% off · everything · active"),
        "{created}"
    );
    assert!(created.contains("1 per customer"), "the default: {created}");
    assert!(
        created.contains("?start=promo_WELCOME"),
        "the link: {created}"
    );
    let twice = refused(d, url, &["promos", "create", "welcome", "--stars", "5"]).await;
    assert!(twice.contains("exists already"), "{twice}");
    let bad_day = refused(
        d,
        url,
        &[
            "promos",
            "create",
            "SOON",
            "--percent",
            "5",
            "--from",
            "1/12/2026",
        ],
    )
    .await;
    assert!(bad_day.contains("YYYY-MM-DD"), "{bad_day}");
    let both = refused(
        d,
        url,
        &["promos", "create", "BOTH", "--percent", "5", "--stars", "5"],
    )
    .await;
    assert!(both.contains("cannot be used with"), "{both}");
    let too_much = refused(d, url, &["promos", "create", "HALF", "--percent", "100"]).await;
    assert!(too_much.contains("1 to 99"), "{too_much}");

    // A code on one product, within dates given as a day and as an RFC 3339 time.
    let key_id = key.id.to_string();
    ok(
        d,
        url,
        &[
            "promos",
            "create",
            "KEYS20",
            "--stars",
            "20",
            "--product",
            &key_id,
            "--from",
            "2026-01-01",
            "--until",
            "2026-12-31T12:00:00+02:00",
            "--uses",
            "50",
            "--unlimited-per-customer",
            "--first-purchase",
        ],
    )
    .await;
    let list = promos::list(&w.store).await.unwrap();
    let keys = list.iter().find(|p| p.code == "KEYS20").unwrap();
    assert_eq!(keys.stars_off, Some(20));
    assert_eq!(keys.product_ids, [key.id]);
    assert!(!keys.all_items);
    assert_eq!(keys.valid_from, Some(1_767_225_600), "2026-01-01 00:00 UTC");
    assert_eq!(
        keys.valid_until,
        Some(1_798_711_200),
        "2026-12-31 10:00 UTC"
    );
    assert_eq!((keys.max_uses, keys.per_customer), (Some(50), None));
    assert!(keys.first_purchase_only);

    // A batch of one-time codes to a CSV file, read back: all of them, more than the newest
    // 2,000 codes a list shows.
    let file = w.dir.path().join("vip.csv");
    let generated = ok(
        d,
        url,
        &[
            "promos",
            "generate",
            "--prefix",
            "vip",
            "--count",
            "2100",
            "--percent",
            "30",
            "--out",
            file.to_str().unwrap(),
        ],
    )
    .await;
    assert!(generated.contains("2100 one-time codes"), "{generated}");
    let (header, rows) = read_csv(&file);
    assert_eq!(rows.len(), 2100);
    let codes: std::collections::BTreeSet<&str> = rows
        .iter()
        .map(|r| r[column(&header, "code")].as_str())
        .collect();
    assert_eq!(codes.len(), 2100, "every code differs");
    assert!(
        codes.iter().all(|c| c.starts_with("VIP") && c.len() == 11),
        "{codes:?}"
    );
    let batch = &rows[0][column(&header, "batch")];
    assert!(batch.starts_with("VIP"), "{batch}");
    for r in &rows {
        assert_eq!(r[column(&header, "percent_off")], "30");
        assert_eq!(r[column(&header, "max_uses")], "1");
        assert_eq!(r[column(&header, "per_customer")], "1");
        assert_eq!(&r[column(&header, "batch")], batch);
    }
    let stored = promos::batch_codes(&w.store, batch).await.unwrap();
    assert_eq!(stored.len(), 2100);
    assert!(stored.iter().all(|c| codes.contains(c.as_str())));
    // Without --out the codes are printed, one a line.
    let printed = ok(
        d,
        url,
        &[
            "promos", "generate", "--prefix", "GIFT", "--count", "3", "--stars", "5",
        ],
    )
    .await;
    assert_eq!(
        printed.lines().filter(|l| l.starts_with("GIFT")).count(),
        3,
        "{printed}"
    );

    // WELCOME switched off: the chat refuses it; on again: accepted.
    let off = ok(d, url, &["promos", "deactivate", "welcome"]).await;
    assert!(off.contains("promo code WELCOME: deactivated"), "{off}");
    let ana = w.client.create_user("Ana", None).await.unwrap();
    let sent = w.client.send(ana, "/promo WELCOME").await.unwrap();
    w.client
        .wait_for(ana, sent, WAIT, |m| {
            m.body()
                == PromoRefusal::Inactive("WELCOME".into()).message(stardesk_core::texts::Lang::En)
        })
        .await
        .unwrap();
    let listed = ok(d, url, &["promos"]).await;
    let line = listed.lines().find(|l| l.starts_with("WELCOME")).unwrap();
    assert!(line.contains("inactive"), "{listed}");
    assert!(listed.contains("Batches of one-time codes"), "{listed}");
    assert!(listed.contains("2100 codes"), "{listed}");
    assert!(listed.contains("2100 active"), "{listed}");
    let unknown = refused(d, url, &["promos", "deactivate", "NOPE"]).await;
    assert!(
        unknown.contains("There is no promo code NOPE."),
        "{unknown}"
    );
    let on = ok(d, url, &["promos", "activate", "WELCOME"]).await;
    assert!(on.contains("active again"), "{on}");
    let sent = w.client.send(ana, "/promo welcome").await.unwrap();
    w.client
        .wait_for(ana, sent, WAIT, |m| {
            m.body().starts_with("Promo code WELCOME applied: 10% off.")
        })
        .await
        .unwrap();

    let uses = ok(d, url, &["promos", "uses", "WELCOME"]).await;
    assert!(uses.contains("no uses yet"), "{uses}");
    let all = w.dir.path().join("promos.csv");
    let exported = ok(
        d,
        url,
        &["promos", "export", "--out", all.to_str().unwrap()],
    )
    .await;
    assert!(exported.contains("2105 codes written"), "{exported}");

    // Recorded as done by stardeskd.
    let trail = audit::page(
        &w.store,
        &AuditQuery {
            action: Some("promo".into()),
            limit: 20,
            ..AuditQuery::default()
        },
    )
    .await
    .unwrap();
    let actions: Vec<&str> = trail.iter().map(|l| l.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "promo.activate",
            "promo.deactivate",
            "promo.generate",
            "promo.generate",
            "promo.create",
            "promo.create"
        ]
    );
    assert!(trail.iter().all(|l| l.actor_name == "stardeskd"));
    w.stop_bot().await;
}
