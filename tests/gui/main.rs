//! The real desktop window under Xvfb, driven over WebDriver (tauri-driver + WebKitWebDriver):
//! a merchant creates a product in Catalog, a price out of range is refused with its reason, a
//! simulated customer buys it and the order appears in Orders without a reload; refunds from the
//! drawer and from a request; a subscription plan on a new channel, subscribed to from the Demo
//! page, its subscriber cancelled, a month later due in the expiry queue's dry run and removed;
//! a customer brought through a referral link, their referrer's commission paid out as store
//! credit once its hold is over; a promo code created with its deep link.
//! A screenshot of every page lands in `artifacts/screenshots/`.
//!
//! It needs a display, `tauri-driver` and the app built with its UI; `scripts/gui-test` provides
//! all three, which is why it is ignored in a plain `cargo test`.

use std::{
    net::{SocketAddr, TcpListener, TcpStream},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};
use fantoccini::{Client, ClientBuilder, Locator, elements::Element};
use serde_json::json;
use stardesk_core::demo::sim_client::SimClient;

mod abuse;
mod background;
mod codes;
mod demo_chat;
mod exports;
mod languages;
mod limit;
mod reports;
mod search;
mod texts;

const PRICE_MESSAGE: &str = "The price must be a whole number of Stars from 1 to 10,000.";
const WAIT: Duration = Duration::from_secs(30);

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `tauri-driver`, stopped with SIGTERM so that it takes WebKitWebDriver down with it.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    /// `saves`: where the app's exports go without a save dialog (its `STARDESK_SAVE_TO`).
    fn start(saves: &Path) -> Result<Driver> {
        let port = free_port();
        let native = free_port();
        let bin = std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into());
        let log = std::fs::File::create(std::env::temp_dir().join("stardesk-tauri-driver.log"))?;
        let child = Command::new(bin)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .env("STARDESK_SAVE_TO", saves)
            .stdout(Stdio::from(log.try_clone()?))
            .stderr(Stdio::from(log))
            .spawn()
            .context(
                "tauri-driver did not start (cargo install tauri-driver --version '^2' --locked)",
            )?;
        let driver = Driver { child, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(SocketAddr::from(([127, 0, 0, 1], port))).is_err() {
            if Instant::now() > deadline {
                bail!("tauri-driver did not listen on {port}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(driver)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // SAFETY: signalling our own child by its pid.
        unsafe {
            libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM);
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Window {
    c: Client,
    shots: PathBuf,
    /// Where exports are saved (the app's `STARDESK_SAVE_TO`).
    saves: PathBuf,
}

impl Window {
    async fn find(&self, css: &str) -> Result<Element> {
        self.c
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("no {css}"))
    }

    /// The first element matching the XPath predicate `which` whose text contains `text`.
    async fn find_text(&self, which: &str, text: &str) -> Result<Element> {
        let xpath = format!(
            "//*[{which}][contains(normalize-space(.), {})]",
            xpath_literal(text)
        );
        self.c
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(&xpath))
            .await
            .with_context(|| format!("no \"{text}\" in [{which}]"))
    }

    async fn js(&self, script: &str) -> Result<serde_json::Value> {
        Ok(self.c.execute(script, vec![]).await?)
    }

    /// Waits until `check` (a JavaScript expression) is true in the page.
    async fn until(&self, what: &str, check: &str) -> Result<()> {
        let end = Instant::now() + WAIT;
        loop {
            if self.js(&format!("return !!({check});")).await?.as_bool() == Some(true) {
                return Ok(());
            }
            anyhow::ensure!(Instant::now() < end, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn page(&self, page: &str) -> Result<()> {
        eprintln!("gui: {page}");
        self.find(&format!(".nav-item[data-page='{page}']"))
            .await?
            .click()
            .await?;
        self.find(&format!(
            ".nav-item[data-page='{page}'][aria-current='page']"
        ))
        .await?;
        Ok(())
    }

    async fn shot(&self, name: &str) -> Result<()> {
        eprintln!("gui: screenshot {name}");
        // Let fonts, charts and animations settle.
        tokio::time::sleep(Duration::from_millis(700)).await;
        // WebKit's snapshot waits for the next painted frame, and an idle page without GPU
        // compositing (the app's default on Linux) paints none: keep one pixel changing.
        self.c
            .execute(
                "const d = document.createElement('div');
                 d.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none';
                 document.body.appendChild(d);
                 let n = 0;
                 const t = setInterval(() => {
                     d.style.background = n++ % 2 ? 'rgba(0,0,0,0.01)' : 'rgba(0,0,0,0.02)';
                     if (n > 60) { clearInterval(t); d.remove(); }
                 }, 50);",
                vec![],
            )
            .await?;
        let png = self.c.screenshot().await?;
        std::fs::write(self.shots.join(format!("{name}.png")), png)?;
        Ok(())
    }
}

/// An XPath predicate: the element has this class.
fn class(name: &str) -> String {
    format!("contains(concat(' ', normalize-space(@class), ' '), ' {name} ')")
}

const ROW: &str = "@role='row'";

fn xpath_literal(s: &str) -> String {
    if !s.contains('\'') {
        format!("'{s}'")
    } else {
        format!("\"{s}\"")
    }
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and the built app: run scripts/gui-test"]
async fn a_merchant_sells_through_the_window() -> Result<()> {
    let app = std::env::var("STARDESK_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|_| workspace().join("target/debug/stardesk"));
    anyhow::ensure!(
        app.exists(),
        "{} is not built: run scripts/gui-test",
        app.display()
    );
    let shots = workspace().join("artifacts/screenshots");
    std::fs::create_dir_all(&shots)?;
    let data = tempfile::tempdir()?;
    let sim_port = free_port();

    let saves = tempfile::tempdir()?;
    let driver = Driver::start(saves.path())?;
    let caps = json!({
        "browserName": "wry",
        "tauri:options": {
            "application": app,
            "args": [
                "--data-dir", data.path(),
                "--listen-sim", format!("127.0.0.1:{sim_port}"),
                "--no-first-sale",
            ],
        },
    });
    let c = ClientBuilder::rustls()?
        .capabilities(caps.as_object().cloned().unwrap_or_default())
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .context("no WebDriver session with the app")?;
    let w = Window {
        c,
        shots,
        saves: saves.path().to_path_buf(),
    };
    // A WebDriver command has no deadline of its own; the whole walk through the window has one.
    let outcome = match tokio::time::timeout(Duration::from_secs(480), run(&w, sim_port)).await {
        Ok(outcome) => outcome,
        Err(_) => Err(anyhow::anyhow!("the window stopped answering WebDriver")),
    };
    let bounded = Duration::from_secs(20);
    if outcome.is_err() {
        let _ = tokio::time::timeout(bounded, w.shot("failure")).await;
    }
    let _ = tokio::time::timeout(bounded, w.c.close()).await;
    drop(driver);
    outcome
}

async fn run(w: &Window, sim_port: u16) -> Result<()> {
    // Overview: demo mode comes up by itself with the simulator and a sample catalog.
    eprintln!("gui: overview");
    w.find(".nav-item[data-page='overview'][aria-current='page']")
        .await?;
    w.find_text(&class("status-card"), "Running").await?;
    w.shot("overview").await?;

    // Catalog: a new product; a price out of range is refused with the reason.
    w.page("catalog").await?;
    w.find_text(&class("product"), "Pro tips guide").await?;
    w.find("[data-test='new-product']").await?.click().await?;
    w.find("input[name='title']")
        .await?
        .send_keys("Field notes")
        .await?;
    w.find("textarea[name='description']")
        .await?
        .send_keys("Twelve pages of notes from the road.")
        .await?;
    w.find("textarea[name='content']")
        .await?
        .send_keys("https://example.com/notes/fn-12")
        .await?;
    let price = w.find("input[name='price']").await?;
    price.send_keys("0").await?;
    w.find_text(&class("field"), PRICE_MESSAGE).await?;
    w.shot("catalog-invalid-price").await?;
    w.find("[data-test='save-product']").await?.click().await?;
    // The save was tried (the form marks itself submitted) and refused in the window.
    w.find("#product-form[data-submitted='true']").await?;
    anyhow::ensure!(
        w.c.find(Locator::Css(".modal")).await.is_ok(),
        "the form closed although the price was refused"
    );
    price.send_keys("\u{E003}42").await?;
    w.find("[data-test='save-product']").await?.click().await?;
    let card = w.find_text(&class("product"), "Field notes").await?;
    let product_id: i64 = card
        .attr("data-product-id")
        .await?
        .context("product id")?
        .parse()?;
    w.find_text(&class("product"), "Twelve pages").await?;
    w.shot("catalog").await?;

    // Codes for the sample code pool: pasted, imported with a summary.
    let game = w.find_text(&class("product"), "Game key").await?;
    game.find(Locator::XPath(".//button[contains(., 'Import codes')]"))
        .await?
        .click()
        .await?;
    // WebDriver types Enter as U+E007; a plain "\n" is dropped by WebKitWebDriver.
    let codes: String = (1..=25)
        .map(|i| format!("GUI-{i:04}\u{E007}"))
        .collect::<String>()
        + "GUI-0001\u{E007}\u{E007}";
    w.find("textarea[name='codes']")
        .await?
        .send_keys(&codes)
        .await?;
    w.find("[data-test='import-codes']").await?.click().await?;
    let summary = w.find("[aria-label='Import summary']").await?;
    let text = summary.prop("textContent").await?.unwrap_or_default();
    anyhow::ensure!(
        text.contains("25added") && text.contains("1duplicates"),
        "the summary says {text:?}"
    );
    w.shot("catalog-import-codes").await?;
    w.find_text(&class("modal"), "Done").await?;
    w.find(".modal-foot .btn.primary").await?.click().await?;
    w.find_text(&class("product"), "145 left").await?;

    // Orders: open, then a customer buys through the simulator; the order appears live.
    w.page("orders").await?;
    w.find_text(&class("empty"), "No orders yet").await?;
    let sim = SimClient::new(format!("http://127.0.0.1:{sim_port}"));
    let gwen = sim.create_user("Gwen", Some("gwen_reads")).await?;
    sim.send(gwen, "/start").await?;
    let (paid, goods) = sim.buy(gwen, product_id, Duration::from_secs(30)).await?;
    anyhow::ensure!(paid.status == "paid", "the purchase was {paid:?}");
    anyhow::ensure!(
        goods.is_some_and(|g| g.body().contains("fn-12")),
        "no goods in the chat"
    );
    let row = w.find_text(ROW, "Gwen").await?;
    let text = row.prop("textContent").await?.unwrap_or_default();
    anyhow::ensure!(text.contains("Field notes"), "the row says {text:?}");
    w.shot("orders").await?;
    row.click().await?;
    w.find_text(&class("drawer"), "Delivery log").await?;
    w.find_text(&class("drawer"), "Goods and receipt").await?;
    w.shot("order-drawer").await?;

    // Refund from the drawer: the dialog says what the refund does and asks why; the customer
    // reads it in the chat and the drawer shows the order refunded.
    let last = sim
        .chat(gwen)
        .await?
        .iter()
        .map(|m| m.message_id)
        .max()
        .unwrap_or(0);
    w.find("[data-test='refund-order']").await?.click().await?;
    w.find_text(&class("modal"), "Refund order #").await?;
    w.find("[data-test='refund-reason']")
        .await?
        .select_by_value("customer_request")
        .await?;
    w.find("[data-test='refund-note']")
        .await?
        .send_keys("Bought the notes twice by mistake")
        .await?;
    w.shot("refund-dialog").await?;
    w.find("[data-test='confirm-refund']")
        .await?
        .click()
        .await?;
    let told = sim
        .wait_for(gwen, last, WAIT, |m| m.body().contains("was refunded"))
        .await?;
    anyhow::ensure!(
        told.body().contains("42"),
        "the refund message says {:?}",
        told.body()
    );
    w.find_text(&class("drawer"), "Refunded").await?;
    w.find(".drawer .close").await?.click().await?;

    // A refund request from the chat: Gwen buys again, asks in /purchases, gives a reason; the
    // request waits in Support with a count in the navigation and is approved there.
    let (paid, _) = sim.buy(gwen, product_id, Duration::from_secs(30)).await?;
    anyhow::ensure!(paid.status == "paid", "the second purchase was {paid:?}");
    let sent = sim.send(gwen, "/purchases").await?;
    let list = sim
        .wait_for(gwen, sent, WAIT, |m| m.body().starts_with("Your purchases"))
        .await?;
    let data = list
        .button("refund:")
        .context("no refund button under the new order")?;
    sim.press(gwen, list.message_id, &data).await?;
    let question = sim
        .wait_for(gwen, list.message_id, WAIT, |m| {
            m.body().contains("why you want a refund")
        })
        .await?;
    sim.send(gwen, "The notes do not open on my phone").await?;
    sim.wait_for(gwen, question.message_id, WAIT, |m| {
        m.body().contains("received")
    })
    .await?;
    w.find("[data-test='support-count']").await?;
    w.page("support").await?;
    let detail = w.find("[data-test='request-detail']").await?;
    let text = detail.prop("textContent").await?.unwrap_or_default();
    anyhow::ensure!(
        text.contains("The notes do not open on my phone") && text.contains("Field notes"),
        "the request says {text:?}"
    );
    w.shot("support-requests").await?;
    let last = sim
        .chat(gwen)
        .await?
        .iter()
        .map(|m| m.message_id)
        .max()
        .unwrap_or(0);
    w.find("[data-test='approve-request']")
        .await?
        .click()
        .await?;
    sim.wait_for(gwen, last, WAIT, |m| m.body().contains("was approved"))
        .await?;
    w.find_text(&class("toast"), "approved").await?;

    // Audit: both refunds, the window's with its reason and the request's approval.
    w.page("audit").await?;
    w.find_text(ROW, "Bought the notes twice by mistake")
        .await?;
    w.find_text(ROW, "Approved a refund request").await?;
    w.shot("audit").await?;
    exports::exports(w).await?;

    // Demo: the simulated shopper panel buys the same product in the window.
    w.page("demo").await?;
    w.find("input[name='shopper-name']")
        .await?
        .send_keys("Hugo")
        .await?;
    w.find("[data-test='create-shopper']")
        .await?
        .click()
        .await?;
    w.find_text(&class("shopper"), "Hugo").await?;
    w.find("[data-test='open-shop']").await?.click().await?;
    w.find_text(&class("chat-log"), "Catalog").await?;
    w.find("select[aria-label='Product to buy']")
        .await?
        .select_by_value(&product_id.to_string())
        .await?;
    w.find("[data-test='buy']").await?.click().await?;
    w.find_text(&class("chat-log"), "Here is your").await?;
    w.find_text(&class("chat-log"), "Receipt").await?;
    w.shot("demo").await?;
    demo_chat::demo_chat(w, product_id).await?;
    limit::limit_on_the_card(w).await?;
    abuse::limits(w).await?;
    codes::codes(w).await?;

    let ivy = refer_a_friend(&sim, gwen, product_id).await?;
    subscriptions(w, &sim).await?;
    referrals(w).await?;
    promo_codes(w, &sim, ivy, product_id).await?;
    search::search(w, &sim, product_id).await?;

    // Customers and Settings.
    w.page("customers").await?;
    w.find_text(ROW, "Hugo").await?;
    w.find_text(ROW, "Gwen").await?;
    w.shot("customers").await?;
    w.page("settings").await?;
    w.find_text(&class("card"), "Telegram bot").await?;
    w.find_text(&class("card"), "What the bot says").await?;
    w.shot("settings").await?;
    texts::bot_texts(w, &sim).await?;

    // Back to Overview: both sales are today's.
    w.page("overview").await?;
    w.find_text(&class("list"), "Hugo").await?;
    w.shot("overview-after-sales").await?;
    reports::reports(w).await?;
    languages::german(w, &sim).await?;

    background::sells_with_the_window_closed(w, &sim, product_id).await?;
    Ok(())
}

/// Subscriptions: a channel added by its id, a plan granting it, Hugo subscribes from the Demo
/// page and joins; the subscriber appears; cancelled, then a month later (automatic removal
/// paused) the dry run shows his removal, and running the queue carries it out.
async fn subscriptions(w: &Window, sim: &SimClient) -> Result<()> {
    let channel = sim.create_channel("Readers club").await?;
    w.page("subscriptions").await?;
    w.find("[data-test='subs-tab-channels']")
        .await?
        .click()
        .await?;
    w.find_text("@data-test='channel-row'", "Insiders").await?;
    w.find("[data-test='channel-chat']")
        .await?
        .send_keys(&channel.to_string())
        .await?;
    w.find("[data-test='channel-add']").await?.click().await?;
    w.find_text("@data-test='channel-row'", "Readers club")
        .await?;
    w.shot("channels").await?;

    w.find("[data-test='subs-tab-plans']")
        .await?
        .click()
        .await?;
    w.find("[data-test='plan-new']").await?.click().await?;
    w.find("[data-test='plan-title']")
        .await?
        .send_keys("Readers club")
        .await?;
    w.find("[data-test='plan-description']")
        .await?
        .send_keys("A book a month, discussed in the club.")
        .await?;
    w.find("[data-test='plan-price']")
        .await?
        .send_keys("30")
        .await?;
    w.find("[data-test='plan-benefit']")
        .await?
        .send_keys("This month: The Left Hand of Darkness.")
        .await?;
    w.find(&format!("[data-test='plan-channel'][data-id='{channel}']"))
        .await?
        .click()
        .await?;
    w.find("[data-test='plan-save']").await?.click().await?;
    let row = w.find_text("@data-test='plan-row'", "Readers club").await?;
    let text = row.prop("textContent").await?.unwrap_or_default();
    anyhow::ensure!(
        text.contains("?start=plan_"),
        "the plan's row has no deep link: {text:?}"
    );
    w.shot("plans").await?;

    // Hugo subscribes from the Demo page: the plan's card, Subscribe (paid), Join.
    w.page("demo").await?;
    w.find_text(&class("shopper"), "Hugo")
        .await?
        .click()
        .await?;
    w.find("select[aria-label='Plan to subscribe to']")
        .await?
        .find(Locator::XPath(".//option[contains(., 'Readers club')]"))
        .await?
        .click()
        .await?;
    w.find("[data-test='open-plan']").await?.click().await?;
    w.find_text("self::button", "Subscribe ·")
        .await?
        .click()
        .await?;
    w.find_text(&class("chat-log"), "Paid until").await?;
    w.find_text("self::button", "Join Readers club")
        .await?
        .click()
        .await?;
    // Hugo is the channel's one member once he joined.
    let joined = Instant::now();
    let hugo = loop {
        if let [hugo] = sim.members(channel).await?[..] {
            break hugo;
        }
        anyhow::ensure!(joined.elapsed() < WAIT, "Hugo did not join the channel");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    w.shot("demo-subscription").await?;

    // The subscriber appears; the drawer cancels renewal.
    w.page("subscriptions").await?;
    w.find("[data-test='subs-tab-subscribers']")
        .await?
        .click()
        .await?;
    let row = w.find_text(ROW, "Hugo").await?;
    let text = row.prop("textContent").await?.unwrap_or_default();
    anyhow::ensure!(text.contains("Readers club"), "the row says {text:?}");
    w.shot("subscribers").await?;
    row.click().await?;
    w.find("[data-test='subscriber-detail']").await?;
    w.find("[data-test='sub-cancel']").await?.click().await?;
    w.find_text("@data-test='subscriber-detail'", "Cancelled")
        .await?;
    w.shot("subscriber-drawer").await?;
    w.find(".drawer .close").await?.click().await?;

    // Automatic removal paused, a month later: the dry run shows Hugo's removal; running the
    // queue anyway removes him from the channel.
    w.find("[data-test='subs-tab-expiry']")
        .await?
        .click()
        .await?;
    w.find("[data-test='expiry-pause']").await?.click().await?;
    w.find_text(&class("banner"), "paused").await?;
    w.page("demo").await?;
    w.find("[data-test='month-later']").await?.click().await?;
    w.find_text(&class("toast"), "30 days later").await?;
    w.page("subscriptions").await?;
    w.find("[data-test='subs-tab-expiry']")
        .await?
        .click()
        .await?;
    w.find_text("@data-test='expiry-dry-run'", "Hugo").await?;
    w.shot("expiry-queue").await?;
    anyhow::ensure!(
        sim.members(channel).await?.contains(&hugo),
        "removed while removals are paused"
    );
    w.find("[data-test='expiry-run']").await?.click().await?;
    w.find_text("self::button", "Run anyway")
        .await?
        .click()
        .await?;
    w.find("[data-test='expiry-undo']").await?;
    let removed = Instant::now();
    while sim.members(channel).await?.contains(&hugo) {
        anyhow::ensure!(removed.elapsed() < WAIT, "Hugo was not removed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    w.shot("expiry-queue-after-run").await?;

    // The Overview counts the subscription figures.
    w.page("overview").await?;
    w.find("[data-test='sub-figures']").await?;
    Ok(())
}

/// A referral in the chat: Gwen asks /referrals for her link and Ivy, new to the bot, opens it
/// and buys. Gwen's commission is on hold until the Demo page's month later (in `subscriptions`).
async fn refer_a_friend(sim: &SimClient, gwen: i64, product_id: i64) -> Result<i64> {
    let sent = sim.send(gwen, "/referrals").await?;
    let reply = sim
        .wait_for(gwen, sent, WAIT, |m| m.body().contains("start=r_"))
        .await?;
    let code: String = reply
        .body()
        .split("start=r_")
        .nth(1)
        .context("no referral link in /referrals")?
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let ivy = sim.create_user("Ivy", Some("ivy_reads")).await?;
    sim.send(ivy, &format!("/start r_{code}")).await?;
    let (paid, _) = sim.buy(ivy, product_id, Duration::from_secs(30)).await?;
    anyhow::ensure!(paid.status == "paid", "Ivy's purchase was {paid:?}");
    Ok(ivy)
}

/// Referrals: Gwen brought Ivy; her drawer has her link and the commission; a month after the
/// sale it is due and paid out as store credit; the program's terms and Telegram's affiliates.
async fn referrals(w: &Window) -> Result<()> {
    w.page("referrals").await?;
    let row = w.find_text(ROW, "Gwen").await?;
    let text = row.prop("textContent").await?.unwrap_or_default();
    anyhow::ensure!(text.contains("42"), "Gwen's row says {text:?}");
    w.shot("referrals").await?;
    row.click().await?;
    w.find_text("@data-test='referral-link'", "start=r_")
        .await?;
    w.find_text("@data-test='referrer-invited'", "Ivy").await?;
    w.find_text("@data-test='ledger-line'", "Commission 10%")
        .await?;
    w.shot("referrer-drawer").await?;
    w.find(".drawer .close").await?.click().await?;

    // The hold (21 days) ended with the month later: 10% of 42 Stars, 4 of them due.
    w.find("[data-test='referrals-tab-payouts']")
        .await?
        .click()
        .await?;
    let due = w.find_text("@data-test='payout-due-row'", "Gwen").await?;
    due.find(Locator::Css("[data-test='pay-out']"))
        .await?
        .click()
        .await?;
    let stars = w.find("[data-test='payout-stars']").await?;
    let value = stars.prop("value").await?.unwrap_or_default();
    anyhow::ensure!(value == "4", "the payout offers {value:?} Stars");
    w.find("[data-test='payout-note']")
        .await?
        .send_keys("Thanks for bringing Ivy")
        .await?;
    w.shot("payout-dialog").await?;
    w.find("[data-test='confirm-payout']")
        .await?
        .click()
        .await?;
    w.find_text(&class("toast"), "paid to Gwen").await?;
    w.find_text("@data-test='payout-row'", "Thanks for bringing Ivy")
        .await?;
    w.shot("payouts").await?;

    w.find("[data-test='referrals-tab-settings']")
        .await?
        .click()
        .await?;
    w.find("[data-test='referral-terms']").await?;
    w.shot("referral-settings").await?;
    w.find("[data-test='referrals-tab-affiliates']")
        .await?
        .click()
        .await?;
    w.find("[data-test='affiliate-figures']").await?;
    w.find_text("@data-test='own-referrers'", "Gwen").await?;
    w.shot("telegram-affiliates").await?;
    Ok(())
}

/// Promo codes: a code with a space in it is refused with the reason, AUTUMN25 (25% off, 50
/// uses) is created and its drawer has its deep link; Ivy applies it in the chat and buys, and
/// the order's drawer shows the price before and after the code; a batch of 20 one-time codes is
/// generated. Buying with a code through the Demo page joins this walk once the demo's own
/// sample code is there.
async fn promo_codes(w: &Window, sim: &SimClient, ivy: i64, product_id: i64) -> Result<()> {
    w.page("promos").await?;
    w.find("[data-test='promo-new']").await?.click().await?;
    let code = w.find("[data-test='promo-code']").await?;
    code.send_keys("AUTUMN 25").await?;
    w.find("[data-test='promo-amount']")
        .await?
        .send_keys("25")
        .await?;
    w.find_text(&class("field"), "Latin letters, digits")
        .await?;
    w.shot("promo-form-invalid").await?;
    code.clear().await?;
    code.send_keys("AUTUMN25").await?;
    w.find("[data-test='promo-max-uses']")
        .await?
        .send_keys("50")
        .await?;
    w.find("[data-test='promo-save']").await?.click().await?;
    // The new code opens in its drawer, with the link to share.
    w.find_text("@data-test='promo-link'", "?start=promo_AUTUMN25")
        .await?;
    w.shot("promo-drawer").await?;
    w.find(".drawer .close").await?.click().await?;
    let row = w.find_text(ROW, "AUTUMN25").await?;
    let text = row.prop("textContent").await?.unwrap_or_default();
    anyhow::ensure!(
        text.contains("25% off") && text.contains("0 / 50"),
        "the code's row says {text:?}"
    );

    // 25% off 42 Stars: 10 off (whole Stars, rounded down), 32 paid.
    let sent = sim.send(ivy, "/promo AUTUMN25").await?;
    sim.wait_for(ivy, sent, WAIT, |m| m.body().contains("AUTUMN25 applied"))
        .await?;
    let (paid, _) = sim.buy(ivy, product_id, Duration::from_secs(30)).await?;
    anyhow::ensure!(
        paid.status == "paid",
        "the purchase with AUTUMN25 was {paid:?}"
    );
    w.find_text(ROW, "1 / 50").await?;
    w.shot("promo-codes").await?;

    // A batch of one-time codes, to hand out one each.
    w.find("[data-test='promo-generate']")
        .await?
        .click()
        .await?;
    w.find("[data-test='promo-prefix']")
        .await?
        .send_keys("VIP")
        .await?;
    // "100" as it opens: three backspaces, then 20.
    w.find("[data-test='promo-count']")
        .await?
        .send_keys("\u{E003}\u{E003}\u{E003}20")
        .await?;
    w.find("[data-test='promo-amount']")
        .await?
        .send_keys("50")
        .await?;
    w.find("[data-test='promo-generate-run']")
        .await?
        .click()
        .await?;
    w.find_text("@data-test='promo-batch'", "20 codes in batch VIP")
        .await?;
    w.shot("promo-batch").await?;
    w.find_text(&class("modal"), "Done").await?;
    w.find_text("self::button", "Done").await?.click().await?;
    w.find_text(ROW, "VIP").await?;

    w.page("orders").await?;
    w.find_text(ROW, "Ivy").await?.click().await?;
    let line = w
        .find_text("@data-test='order-promo'", "Promo AUTUMN25")
        .await?;
    let text = line.prop("textContent").await?.unwrap_or_default();
    anyhow::ensure!(
        text.contains("42") && text.contains("32"),
        "the order's promo line says {text:?}"
    );
    w.shot("order-drawer-promo").await?;
    w.find(".drawer .close").await?.click().await?;
    Ok(())
}
