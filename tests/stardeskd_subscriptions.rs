//! `stardeskd` runs subscription plans from a terminal: a channel checked with the simulator, a
//! plan created and listed with its link, the subscribers and the expiry queue read.

use std::path::Path;

use bot_api_sim::SimServer;
use stardesk_core::{audit, db, demo::sim_client::SimClient};

/// Runs `stardeskd` on the shop in `dir`, talking to the simulator; returns what it printed.
async fn stardeskd(dir: &Path, sim: &str, args: &[&str]) -> String {
    stardesk_tests::stardeskd_ok(dir, sim, "8000000003:PLANS-token", args).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_created_from_the_terminal_is_listed_with_its_channel_and_link() {
    let dir = tempfile::tempdir().unwrap();
    let sim = SimServer::start("127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let url = sim.url();
    let channel = SimClient::new(url.clone())
        .create_channel("Insiders")
        .await
        .unwrap()
        .to_string();

    let (d, url) = (dir.path(), url.as_str());

    let added = stardeskd(d, url, &["channels", "--add", &channel]).await;
    assert!(added.contains("Insiders"), "{added}");
    assert!(added.contains("admin, invites and bans"), "{added}");
    assert!(!added.contains("warning"), "{added}");

    let created = stardeskd(
        d,
        url,
        &[
            "plans",
            "create",
            "--title",
            "Insiders monthly",
            "--price",
            "150",
            "--channel",
            &channel,
        ],
    )
    .await;
    assert!(created.contains("plan #1: created"), "{created}");

    let listed = stardeskd(d, url, &["plans"]).await;
    assert!(
        listed.contains("#1 Insiders monthly · 150 Stars / 30 days · on sale"),
        "{listed}"
    );
    assert!(
        listed.contains(&format!("Insiders ({channel})")),
        "{listed}"
    );
    assert!(listed.contains("?start=plan_1"), "{listed}");

    let none = stardeskd(d, url, &["subscribers", "--status", "active"]).await;
    assert!(none.contains("no subscribers match"), "{none}");
    let queue = stardeskd(d, url, &["expiry"]).await;
    assert!(queue.contains("automatic removal on"), "{queue}");

    // Recorded as done by stardeskd.
    let store = db::Store::open(d).await.unwrap();
    let lines = audit::page(
        &store,
        &audit::AuditQuery {
            action: Some("plan".into()),
            limit: 10,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0].actor_name, "stardeskd");
    sim.shutdown().await;
}
