//! getUpdates: long polling, offset confirmation, expiry, and the 409 for a second poller.

mod common;

use std::time::{Duration, Instant};

use common::Sim;
use serde_json::{Value, json};

async fn write(sim: &Sim, user: u64, text: &str) {
    let (status, _) = sim
        .post(
            &format!("/sim/users/{user}/messages"),
            json!({ "text": text }),
        )
        .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn long_poll_wakes_on_new_update() {
    let sim = Sim::start().await;
    let user = sim.customer("Ann", 0).await;
    let polls = sim.requests("getUpdates").await;
    let url = sim.method_url("getUpdates");
    let http = sim.http.clone();
    let started = Instant::now();
    let poll = tokio::spawn(async move {
        let response = http
            .post(url)
            .json(&json!({ "timeout": 20 }))
            .send()
            .await
            .unwrap();
        response.json::<Value>().await.unwrap()
    });
    // The update must come while the poll is waiting, not before it arrives.
    sim.wait_for_requests("getUpdates", polls + 1).await;
    write(&sim, user, "hello").await;
    let body = poll.await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the poll should wake at once"
    );
    let updates = body["result"].as_array().unwrap();
    assert_eq!(updates.len(), 1);
    assert_eq!(updates[0]["update_id"], 1);
    assert_eq!(updates[0]["message"]["text"], "hello");
}

#[tokio::test]
async fn empty_poll_times_out_with_empty_list() {
    let sim = Sim::start().await;
    let started = Instant::now();
    let updates = sim.ok("getUpdates", json!({ "timeout": 1 })).await;
    assert_eq!(updates, json!([]));
    assert!(started.elapsed() >= Duration::from_millis(900));
}

#[tokio::test]
async fn offset_confirms_and_ids_increase() {
    let sim = Sim::start().await;
    let user = sim.customer("Ann", 0).await;
    for text in ["a", "b", "c"] {
        write(&sim, user, text).await;
    }
    let updates = sim.ok("getUpdates", json!({ "limit": 2 })).await;
    let ids: Vec<i64> = updates
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["update_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![1, 2]);
    // Without a higher offset nothing is confirmed: the same updates come again.
    let again = sim.ok("getUpdates", json!({})).await;
    assert_eq!(again.as_array().unwrap().len(), 3);
    let rest = sim.ok("getUpdates", json!({ "offset": 3 })).await;
    assert_eq!(rest.as_array().unwrap().len(), 1);
    assert_eq!(rest[0]["message"]["text"], "c");
    let none = sim.ok("getUpdates", json!({ "offset": 4 })).await;
    assert_eq!(none, json!([]));
    let (_, stats) = sim.get("/sim/stats").await;
    assert_eq!(stats["updates_confirmed"], 3);
    assert_eq!(stats["updates_sent"], 2 + 3 + 1);

    write(&sim, user, "d").await;
    let next = sim.ok("getUpdates", json!({ "offset": 4 })).await;
    assert_eq!(next[0]["update_id"], 4);
}

#[tokio::test]
async fn a_second_poll_ends_the_first_with_409() {
    let sim = Sim::start().await;
    let user = sim.customer("Ann", 0).await;
    let polls = sim.requests("getUpdates").await;
    let url = sim.method_url("getUpdates");
    let http = sim.http.clone();
    let first = tokio::spawn(async move {
        let response = http
            .post(url)
            .json(&json!({ "timeout": 30 }))
            .send()
            .await
            .unwrap();
        (
            response.status().as_u16(),
            response.json::<Value>().await.unwrap(),
        )
    });
    // The second poll must come after the first is waiting.
    sim.wait_for_requests("getUpdates", polls + 1).await;
    let url = sim.method_url("getUpdates");
    let http = sim.http.clone();
    let second = tokio::spawn(async move {
        let response = http
            .post(url)
            .json(&json!({ "timeout": 30 }))
            .send()
            .await
            .unwrap();
        (
            response.status().as_u16(),
            response.json::<Value>().await.unwrap(),
        )
    });
    let (status, body) = tokio::time::timeout(Duration::from_secs(5), first)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(status, 409);
    assert_eq!(
        body,
        json!({
            "ok": false,
            "error_code": 409,
            "description": "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
        })
    );
    write(&sim, user, "for the newer poll").await;
    let (status, body) = tokio::time::timeout(Duration::from_secs(5), second)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(status, 200);
    assert_eq!(body["result"][0]["message"]["text"], "for the newer poll");
}

#[tokio::test]
async fn updates_expire_after_a_day_and_filter_by_kind() {
    let sim = Sim::start().await;
    let user = sim.customer("Ann", 0).await;
    write(&sim, user, "old").await;
    sim.post("/sim/clock", json!({ "advance_seconds": 86_401 }))
        .await;
    assert_eq!(sim.ok("getUpdates", json!({})).await, json!([]));

    write(&sim, user, "new").await;
    let only_callbacks = sim
        .ok(
            "getUpdates",
            json!({ "allowed_updates": ["callback_query"] }),
        )
        .await;
    assert_eq!(only_callbacks, json!([]));
    let all = sim.ok("getUpdates", json!({ "allowed_updates": [] })).await;
    assert_eq!(all[0]["message"]["text"], "new");
}

#[tokio::test]
async fn updates_wait_for_the_first_bot() {
    let sim = Sim::start().await;
    // A customer writes before any bot has called: the first token to call gets it.
    let (_, user) = sim
        .post("/sim/users", json!({ "first_name": "Early" }))
        .await;
    let user = user["id"].as_u64().unwrap();
    assert_eq!(user, 100_000_001);
    write(&sim, user, "anyone there?").await;
    let updates = sim.ok("getUpdates", json!({})).await;
    assert_eq!(updates[0]["message"]["text"], "anyone there?");
    let (_, bot) = sim.get("/sim/bot").await;
    assert_eq!(bot["id"], json!(common::BOT_ID));
    let (_, info) = sim.get(&format!("/sim/users/{user}")).await;
    assert_eq!(info["stars"], 10_000);
}

#[tokio::test]
async fn a_batch_says_the_virtual_time_it_was_taken_at() {
    let sim = Sim::start().await;
    let now = |r: &reqwest::Response| -> i64 {
        r.headers()["x-sim-now"].to_str().unwrap().parse().unwrap()
    };
    let url = sim.method_url("getUpdates");
    let first = sim.http.post(&url).json(&json!({})).send().await.unwrap();
    let (_, clock) = sim.get("/sim/clock").await;
    let before = now(&first);
    assert!((before - clock["now"].as_i64().unwrap()).abs() <= 1);
    sim.post("/sim/clock", json!({ "advance_seconds": 3600 }))
        .await;
    let later = sim.http.post(&url).json(&json!({})).send().await.unwrap();
    assert!(now(&later) >= before + 3600, "{} {before}", now(&later));
    // Other methods carry no such header.
    let me = sim.http.post(sim.method_url("getMe")).send().await.unwrap();
    assert!(me.headers().get("x-sim-now").is_none());
}
