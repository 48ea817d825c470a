//! The server's life cycle: graceful shutdown, and the standalone binary.

mod common;

use std::{
    io::{BufRead, BufReader},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use common::{Sim, TOKEN};
use serde_json::{Value, json};

#[tokio::test]
async fn shutdown_ends_long_polls_and_stops_listening() {
    let sim = Sim::start().await;
    let polls = sim.requests("getUpdates").await;
    let url = sim.method_url("getUpdates");
    let http = sim.http.clone();
    let poll = tokio::spawn(async move {
        let response = http
            .post(url)
            .json(&json!({ "timeout": 60 }))
            .send()
            .await
            .unwrap();
        response.json::<Value>().await.unwrap()
    });
    // Shutdown must find the poll in flight.
    sim.wait_for_requests("getUpdates", polls + 1).await;
    let addr = sim.server.addr();
    let started = Instant::now();
    sim.server.shutdown().await;
    assert!(started.elapsed() < Duration::from_secs(3));
    let body = tokio::time::timeout(Duration::from_secs(3), poll)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(body, json!({ "ok": true, "result": [] }));
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn binary_listens_where_told() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bot-api-sim"))
        .args(["--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("bot-api-sim listening on ")
        .unwrap()
        .to_owned();
    assert!(
        url.starts_with("http://127.0.0.1:") && !url.ends_with(":0"),
        "{url}"
    );
    let me: Value = reqwest::get(format!("{url}/bot{TOKEN}/getMe"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(me["result"]["first_name"], "Demo Shop");
}
