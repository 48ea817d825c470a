//! Fault injection and rate limits on the Bot API side.

mod common;

use std::time::{Duration, Instant};

use common::{Sim, wait_until};
use serde_json::{Value, json};

async fn set_faults(sim: &Sim, config: Value) {
    let (status, body) = sim.post("/sim/faults", config).await;
    assert_eq!(status, 200, "{body}");
}

async fn chat_len(sim: &Sim, user: u64) -> usize {
    sim.get(&format!("/sim/users/{user}/chat"))
        .await
        .1
        .as_array()
        .unwrap()
        .len()
}

#[tokio::test]
async fn errors_are_500_without_effect() {
    let sim = Sim::start().await;
    let user = sim.customer("Ann", 0).await;
    set_faults(&sim, json!({ "error_rate": 1.0, "seed": 1 })).await;
    let (status, body) = sim
        .call("sendMessage", json!({ "chat_id": user, "text": "hi" }))
        .await;
    assert_eq!(status, 500);
    assert_eq!(
        body,
        json!({"ok": false, "error_code": 500, "description": "Internal Server Error"})
    );
    assert_eq!(chat_len(&sim, user).await, 0);
    // The control API is never faulted.
    let (status, _) = sim.get("/sim/stats").await;
    assert_eq!(status, 200);
    set_faults(&sim, json!({})).await;
    sim.ok("sendMessage", json!({ "chat_id": user, "text": "hi" }))
        .await;
    let (_, stats) = sim.get("/sim/stats").await;
    assert_eq!(stats["errors_injected"], 1);
}

#[tokio::test]
async fn retry_after_is_429_without_effect() {
    let sim = Sim::start().await;
    let user = sim.customer("Ann", 0).await;
    set_faults(&sim, json!({ "retry_after_rate": 1.0 })).await;
    let (status, body) = sim
        .call("sendMessage", json!({ "chat_id": user, "text": "hi" }))
        .await;
    assert_eq!(status, 429);
    assert_eq!(body["parameters"], json!({ "retry_after": 1 }));
    assert_eq!(body["description"], "Too Many Requests: retry after 1");
    assert_eq!(chat_len(&sim, user).await, 0);
    let (_, stats) = sim.get("/sim/stats").await;
    assert_eq!(stats["too_many_requests_sent"], 1);
}

#[tokio::test]
async fn dropped_responses_still_take_effect() {
    let sim = Sim::start().await;
    let user = sim.customer("Ann", 0).await;
    set_faults(&sim, json!({ "drop_rate": 1.0 })).await;
    let response = sim
        .http
        .post(sim.method_url("sendMessage"))
        .json(&json!({ "chat_id": user, "text": "delivered" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 502);
    assert!(serde_json::from_slice::<Value>(&response.bytes().await.unwrap()).is_err());
    assert_eq!(chat_len(&sim, user).await, 1);
    let (_, stats) = sim.get("/sim/stats").await;
    assert_eq!(stats["dropped"], 1);
}

#[tokio::test]
async fn seeded_faults_repeat() {
    async fn run() -> Vec<u16> {
        let sim = Sim::start().await;
        let user = sim.customer("Ann", 0).await;
        set_faults(
            &sim,
            json!({ "error_rate": 0.3, "retry_after_rate": 0.2, "drop_rate": 0.1, "seed": 42 }),
        )
        .await;
        let mut statuses = Vec::new();
        for _ in 0..40 {
            let response = sim
                .http
                .post(sim.method_url("sendMessage"))
                .json(&json!({ "chat_id": user, "text": "x" }))
                .send()
                .await
                .unwrap();
            statuses.push(response.status().as_u16());
        }
        statuses
    }
    let first = run().await;
    assert_eq!(first, run().await);
    for status in [200, 429, 500, 502] {
        assert!(first.contains(&status), "{status} missing from {first:?}");
    }
}

#[tokio::test]
async fn latency_is_added() {
    let sim = Sim::start().await;
    set_faults(&sim, json!({ "latency_ms": 300 })).await;
    let started = std::time::Instant::now();
    sim.ok("getMe", json!({})).await;
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
}

#[tokio::test]
async fn rate_limit_per_chat() {
    let sim = Sim::start().await;
    let user = sim.customer("Ann", 0).await;
    for _ in 0..5 {
        sim.ok(
            "sendMessage",
            json!({ "chat_id": user, "text": "unlimited by default" }),
        )
        .await;
    }
    set_faults(&sim, json!({ "rate_limit": true })).await;
    for _ in 0..3 {
        sim.ok("sendMessage", json!({ "chat_id": user, "text": "burst" }))
            .await;
    }
    let refused_at = Instant::now();
    let (status, body) = sim
        .call(
            "sendMessage",
            json!({ "chat_id": user, "text": "too fast" }),
        )
        .await;
    assert_eq!(status, 429);
    let retry_after = body["parameters"]["retry_after"].as_u64().unwrap();
    assert!(retry_after >= 1);
    assert_eq!(chat_len(&sim, user).await, 8);
    // The limiter runs on real time (the virtual clock does not move it): send until the
    // chat's bucket has refilled. A refused send has no effect, so retrying does not delay it.
    wait_until(
        "the rate limit lets the chat's next message through",
        async || {
            let (status, body) = sim
                .call(
                    "sendMessage",
                    json!({ "chat_id": user, "text": "after waiting" }),
                )
                .await;
            if status == 429 {
                return false;
            }
            assert_eq!(status, 200, "sendMessage failed: {body}");
            assert_eq!(body["ok"], json!(true));
            true
        },
    )
    .await;
    // Within the promised retry_after, with a second's slack for the polling and a busy machine.
    let waited = refused_at.elapsed();
    assert!(
        waited <= Duration::from_secs(retry_after + 1),
        "still limited {waited:?} after retry_after {retry_after}"
    );
}
