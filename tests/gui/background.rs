//! Selling with the window closed: the window's own close request hides it and the process keeps
//! serving; a customer buys meanwhile and gets the goods; starting Stardesk again on the same
//! data folder shows the running window and the second start ends at once.

use std::{
    path::PathBuf,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use anyhow::{Context, Result, ensure};
use serde_json::Value;
use stardesk_core::demo::sim_client::SimClient;

use super::{Window, class, workspace};

/// A command of the app's, called from the page as the UI calls it.
async fn invoke(w: &Window, cmd: &str, args: Value) -> Result<Value> {
    let out =
        w.c.execute_async(
            "const [cmd, args, done] = arguments;
             window.__TAURI_INTERNALS__.invoke(cmd, args).then(
                 (v) => done({ ok: v ?? null }),
                 (e) => done({ err: e }),
             );",
            vec![Value::from(cmd), args],
        )
        .await?;
    match out.get("ok") {
        Some(v) => Ok(v.clone()),
        None => anyhow::bail!("{cmd} failed: {out}"),
    }
}

pub(super) async fn sells_with_the_window_closed(
    w: &Window,
    sim: &SimClient,
    product_id: i64,
) -> Result<()> {
    eprintln!("gui: stop asks first");
    w.page("overview").await?;
    w.find("[data-test='stop-bot']").await?.click().await?;
    w.find_text(&class("modal"), "Stop selling?").await?;
    w.shot("stop-selling-confirm").await?;
    w.find("[data-test='keep-selling']").await?.click().await?;
    w.find_text(&class("status-card"), "Running").await?;

    eprintln!("gui: settings for running in the background");
    w.page("settings").await?;
    w.find_text(&class("card"), "Start at login, in the background")
        .await?;
    // The page settles (texts, templates) before the section is brought into view.
    w.find_text(&class("card"), "What the bot says").await?;
    let section = w.find("[data-test='background-section']").await?;
    w.c.execute(
        "arguments[0].scrollIntoView({block: 'center'});",
        vec![serde_json::to_value(&section)?],
    )
    .await?;
    w.until("the section in view",
        "(() => { const r = document.querySelector(\"[data-test='background-section']\").getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()",
    )
    .await?;
    w.shot("settings-background").await?;

    eprintln!("gui: window closed, the shop keeps selling");
    w.page("overview").await?;
    w.until("the window shown", "document.visibilityState === 'visible'")
        .await?;
    let status = invoke(w, "bot_status", Value::Null).await?;
    // Demo mode keeps its shop in the data folder's "demo" folder.
    let shop_dir = PathBuf::from(status["data_dir"].as_str().context("no data folder")?);
    let data_dir = match status["mode"].as_str() {
        Some("demo") => shop_dir.parent().context("demo folder")?.to_path_buf(),
        _ => shop_dir,
    };

    // The window's own close request, as its title bar's close button sends it.
    invoke(
        w,
        "plugin:window|close",
        serde_json::json!({ "label": "main" }),
    )
    .await?;
    w.until("the window hidden", "document.visibilityState === 'hidden'")
        .await?;
    // The same process still answers, with the bot serving.
    let status = invoke(w, "bot_status", Value::Null).await?;
    ensure!(
        status["bot"]["state"] == "running",
        "with the window closed the bot is {}",
        status["bot"]
    );

    // A customer buys meanwhile and gets the goods from the bot of the hidden window.
    let nora = sim.create_user("Nora", Some("nora_hidden")).await?;
    sim.send(nora, "/start").await?;
    let (paid, goods) = sim.buy(nora, product_id, Duration::from_secs(30)).await?;
    ensure!(paid.status == "paid", "the purchase was {paid:?}");
    ensure!(goods.is_some(), "no goods in Nora's chat");
    let latest = invoke(
        w,
        "reports_latest_orders",
        serde_json::json!({ "limit": 5 }),
    )
    .await?;
    ensure!(
        latest.to_string().contains("Nora"),
        "Nora's order is not in the shop: {latest}"
    );

    // Starting Stardesk again shows the running window; the second start ends at once.
    let app = std::env::var("STARDESK_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|_| workspace().join("target/debug/stardesk"));
    let started = Instant::now();
    let mut second = Command::new(&app)
        .arg("--data-dir")
        .arg(&data_dir)
        .arg("--no-first-sale")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .context("second start")?;
    let status = loop {
        if let Some(s) = second.try_wait()? {
            break s;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = second.kill();
            let _ = second.wait();
            anyhow::bail!("the second start did not end within 20 s");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let took = started.elapsed();
    eprintln!("gui: the second start ended with {status} after {took:?}");
    ensure!(status.success(), "the second start ended with {status}");
    w.until(
        "the window shown again",
        "document.visibilityState === 'visible'",
    )
    .await?;
    // Still one shop, one bot: the order from before is there.
    let status = invoke(w, "bot_status", Value::Null).await?;
    ensure!(
        status["bot"]["state"] == "running",
        "after the second start the bot is {}",
        status["bot"]
    );
    w.find_text(&class("list"), "Nora").await?;
    w.shot("background-reopened").await?;
    Ok(())
}
