//! Demo mode (the default-on `demo` feature): the in-process Telegram simulator, a sample
//! catalog, and simulated shoppers so a newcomer sees a sale land. Demo mode keeps its own shop
//! (see `desk::demo_dir`): its data never mixes with a real shop's.

pub mod chat;
pub mod sim_client;

use std::{net::SocketAddr, sync::Mutex, time::Duration};

use crate::{
    audit::Who,
    catalog::{self, Kind, ProductDraft},
    db::{self, Store},
    error::{Error, Result},
    promos::{self, PromoDraft},
    subscriptions::{self, PlanDraft},
};

use chat::Shopper;
use sim_client::SimClient;

/// The simulator demo mode talks to: one started in this process, or one running elsewhere.
pub struct Simulator {
    pub url: String,
    pub client: SimClient,
    server: Option<bot_api_sim::SimServer>,
}

impl Simulator {
    pub async fn start(listen: SocketAddr) -> Result<Simulator> {
        let server = bot_api_sim::SimServer::start(listen).await.map_err(|e| {
            Error::Io(std::io::Error::other(format!(
                "the Telegram simulator could not start: {e}"
            )))
        })?;
        let url = server.url();
        Ok(Simulator {
            client: SimClient::new(&url),
            url,
            server: Some(server),
        })
    }

    /// A simulator already running at `url`.
    pub fn at(url: &str) -> Simulator {
        Simulator {
            url: url.to_string(),
            client: SimClient::new(url),
            server: None,
        }
    }

    pub async fn shutdown(self) {
        if let Some(server) = self.server {
            server.shutdown().await;
        }
    }
}

/// Who the demo's sample lines of the audit trail name.
pub const SAMPLE_OPERATOR: &str = "Sample operator";

/// The token demo mode's bot uses with the simulator.
pub const DEMO_TOKEN: &str = "7000000001:DEMO-stardesk";

/// Seeds one product of each kind, once per data folder. Seeding is nobody's action and leaves
/// no trail, except a short sample for the Audit page: the game key's launch price raised and
/// its codes imported, by a sample operator.
pub async fn seed_catalog(store: &Store) -> Result<()> {
    if db::settings::get(&store.write, "demo_seeded")
        .await?
        .is_some()
    {
        return Ok(());
    }
    catalog::create_as(
        store,
        None,
        &ProductDraft {
            kind: Kind::Text,
            title: "Pro tips guide".into(),
            description: "A private link to the guide, delivered the moment you pay.".into(),
            price: 25,
            per_customer_limit: None,
            stock: None,
            content: Some(
                "Your guide: https://example.com/guide/7f3a (keep this link private)".into(),
            ),
            channel_id: None,
        },
    )
    .await?;
    let mut game_key = ProductDraft {
        kind: Kind::Code,
        title: "Game key".into(),
        description: "One activation key for the full game.".into(),
        price: 120,
        per_customer_limit: Some(3),
        stock: None,
        content: None,
        channel_id: None,
    };
    let game = catalog::create_as(store, None, &game_key).await?;
    let sample = Who::operator(SAMPLE_OPERATOR);
    game_key.price = 150;
    catalog::update(store, &sample, game.id, &game_key).await?;
    let codes: String = (1..=40)
        .map(|i| format!("GAME-{:04X}-{:04X}\n", i * 7919 % 65536, i * 104729 % 65536))
        .collect();
    catalog::import_codes(store, &sample, game.id, &codes).await?;
    let pack = catalog::create_as(
        store,
        None,
        &ProductDraft {
            kind: Kind::File,
            title: "Wallpaper pack".into(),
            description: "Ten wallpapers as one file.".into(),
            price: 60,
            per_customer_limit: None,
            stock: None,
            content: None,
            channel_id: None,
        },
    )
    .await?;
    let readme = "Wallpaper pack\n\nThank you for your purchase!\n".repeat(3);
    catalog::set_file_as(
        store,
        None,
        pack.id,
        "wallpapers.txt",
        "text/plain",
        readme.as_bytes(),
    )
    .await?;
    db::settings::set(&store.write, "demo_seeded", "1").await?;
    Ok(())
}

/// The sample channel's chat id in the simulator, the same at every start.
pub const SAMPLE_CHANNEL: i64 = -1_009_000_000_001;
pub const SAMPLE_CHANNEL_TITLE: &str = "Insiders (sample channel)";
const PLAN_SEEDED: &str = "demo_plan_seeded";

/// The Subscriptions page's sample: a private channel the bot administers in the simulator
/// (made again at every start: the simulator forgets it) and, once per data folder, a monthly
/// plan granting it, created by the sample operator.
pub async fn seed_plan(store: &Store, sim: &SimClient) -> Result<()> {
    sim.ensure_channel(SAMPLE_CHANNEL, SAMPLE_CHANNEL_TITLE)
        .await
        .map_err(|e| Error::Telegram(format!("the simulator: {e}")))?;
    if db::settings::get(&store.write, PLAN_SEEDED)
        .await?
        .is_some()
    {
        return Ok(());
    }
    db::subscriptions::upsert_channel(
        &store.write,
        &db::subscriptions::ChannelSeen {
            id: SAMPLE_CHANNEL,
            title: SAMPLE_CHANNEL_TITLE,
            username: None,
            kind: "channel",
            bot_status: "admin",
            can_invite: true,
            can_ban: true,
        },
        db::now(),
    )
    .await?;
    subscriptions::create_plan(
        store,
        &Who::operator(SAMPLE_OPERATOR),
        &PlanDraft {
            title: "Insiders monthly".into(),
            description: "Every post of the private Insiders channel, and a monthly wallpaper."
                .into(),
            price: 50,
            benefit: Some(
                "This month's wallpaper: https://example.com/wallpaper/month (thank you for subscribing!)"
                    .into(),
            ),
            channel_ids: vec![SAMPLE_CHANNEL],
        },
    )
    .await?;
    db::settings::set(&store.write, PLAN_SEEDED, "1").await?;
    Ok(())
}

/// The sample promo code the Demo page suggests trying.
pub const SAMPLE_PROMO: &str = "WELCOME10";
const PROMO_SEEDED: &str = "demo_promo_seeded";

const STOCK_SEEDED: &str = "demo_stock_seeded";

/// Stock worth looking at, once per data folder: the game key's pool grows to 120 codes (the
/// Codes view has something to search), and the wallpaper pack becomes a limited run of 4, under
/// its low-stock mark, so Catalog and Overview show a product running low. Nobody's action.
pub async fn seed_stock(store: &Store) -> Result<()> {
    if db::settings::get(&store.write, STOCK_SEEDED)
        .await?
        .is_some()
    {
        return Ok(());
    }
    for p in catalog::list(&store.write, true).await? {
        if p.kind == Kind::Code && p.title == "Game key" {
            let codes: String = (41..=120)
                .map(|i| format!("GAME-{:04X}-{:04X}\n", i * 7919 % 65536, i * 104729 % 65536))
                .collect();
            catalog::import_codes_as(store, None, p.id, &codes).await?;
        }
        if p.kind == Kind::File && p.title == "Wallpaper pack" && p.stock_left.is_none() {
            let draft = ProductDraft {
                kind: p.kind,
                title: p.title.clone(),
                description: p.description.clone(),
                price: p.price,
                per_customer_limit: p.per_customer_limit,
                stock: Some(4),
                content: p.content.clone(),
                channel_id: None,
            };
            db::products::update(&store.write, p.id, &draft, p.updated_at).await?;
        }
    }
    db::settings::set(&store.write, STOCK_SEEDED, "1").await?;
    Ok(())
}

/// The Promo codes page's sample, once per data folder (a demo shop seeded before promo codes
/// existed gets it at its next start): WELCOME10, 10 % off everything, once per customer.
/// Seeding is nobody's action: no line in the trail.
pub async fn seed_promo(store: &Store) -> Result<()> {
    if db::settings::get(&store.write, PROMO_SEEDED)
        .await?
        .is_some()
    {
        return Ok(());
    }
    let draft = PromoDraft {
        code: SAMPLE_PROMO.into(),
        percent_off: Some(10),
        per_customer: Some(1),
        ..PromoDraft::default()
    };
    match promos::create_as(store, None, &draft).await {
        Ok(_) => {}
        // There already (made by hand, or by a start that ended before noting it): kept as it is.
        Err(Error::Invalid(_))
            if db::promos::id_by_code(&store.write, SAMPLE_PROMO)
                .await?
                .is_some() => {}
        Err(e) => return Err(e),
    }
    db::settings::set(&store.write, PROMO_SEEDED, "1").await?;
    Ok(())
}

/// Subscribers for the sample plan: one who renews, one who cancels (so the expiry queue has
/// someone to remind and, a month later, to remove). Each joins the channel with their invite.
pub async fn subscription_sample(
    sim: &SimClient,
    shoppers: &Mutex<Vec<Shopper>>,
    plan_id: i64,
) -> anyhow::Result<()> {
    let wait = Duration::from_secs(30);
    let emil = create_shopper(sim, shoppers, "Emil", crate::texts::Lang::En).await?;
    subscribe(sim, emil.id, plan_id, wait).await?;
    let fatima = create_shopper(sim, shoppers, "Fatima", crate::texts::Lang::En).await?;
    subscribe(sim, fatima.id, plan_id, wait).await?;
    cancel_in_chat(sim, fatima.id, wait).await
}

/// A customer opens the plan's link, pays its Subscribe invoice link and joins the channels with
/// the receipt's one-person invites; returns the first payment's charge id.
pub async fn subscribe(
    sim: &SimClient,
    user: i64,
    plan_id: i64,
    wait: Duration,
) -> anyhow::Result<String> {
    let sent = sim.send(user, &format!("/start plan_{plan_id}")).await?;
    let card = sim
        .wait_for(user, sent, wait, |m| m.url_button("Subscribe").is_some())
        .await?;
    let link = card.url_button("Subscribe").unwrap_or_default();
    let paid = sim.pay_link(user, &link).await?;
    if paid.status != "paid" {
        anyhow::bail!(
            "the subscription was not paid: {}",
            paid.error_message.unwrap_or(paid.status)
        );
    }
    let receipt = sim
        .wait_for(user, card.message_id, wait, |m| {
            m.url_button("Join").is_some()
        })
        .await?;
    for (text, link) in receipt.url_buttons() {
        if text.starts_with("Join") {
            sim.join(user, &link).await?;
        }
    }
    paid.charge_id
        .ok_or_else(|| anyhow::anyhow!("no charge id for the subscription"))
}

/// A subscriber cancels from the chat: `/subscriptions`, Cancel renewal, and the bot confirms.
pub async fn cancel_in_chat(sim: &SimClient, user: i64, wait: Duration) -> anyhow::Result<()> {
    let sent = sim.send(user, "/subscriptions").await?;
    let list = sim
        .wait_for(user, sent, wait, |m| m.button("sub_cancel:").is_some())
        .await?;
    let data = list.button("sub_cancel:").unwrap_or_default();
    sim.press(user, list.message_id, &data).await?;
    sim.wait_for(user, list.message_id, wait, |m| {
        m.body().contains("cancelled")
    })
    .await?;
    Ok(())
}

/// A customer shares their referral link with a friend the bot has not seen: `referrer` asks
/// `/referrals`, their link is read from the bot's answer, and `friend` opens it
/// (`/start r_<code>`). Returns the link once the bot has welcomed the friend as referred.
pub async fn refer_friend(
    sim: &SimClient,
    referrer: i64,
    friend: i64,
    wait: Duration,
) -> anyhow::Result<String> {
    let sent = sim.send(referrer, "/referrals").await?;
    let answer = sim
        .wait_for(referrer, sent, wait, |m| m.body().contains("?start=r_"))
        .await?;
    let link = answer
        .body()
        .split_whitespace()
        .find(|w| w.contains("?start=r_"))
        .unwrap_or_default()
        .to_string();
    let code = link.rsplit("?start=r_").next().unwrap_or_default();
    anyhow::ensure!(!code.is_empty(), "no referral link in /referrals");
    let sent = sim.send(friend, &format!("/start r_{code}")).await?;
    let first = sim.wait_for(friend, sent, wait, |_| true).await?;
    anyhow::ensure!(
        first.body().contains("invitation"),
        "the bot did not count them as referred (only someone new to the bot is, and the first link wins): {}",
        first.body()
    );
    Ok(link)
}

/// A simulated customer who opens the shop and buys `product_id`; returns a line describing it.
pub async fn shopper_buys(sim: &SimClient, name: &str, product_id: i64) -> anyhow::Result<String> {
    let user = sim.create_user(name, Some(&name.to_lowercase())).await?;
    sim.send(user, "/start").await?;
    let (outcome, goods) = sim.buy(user, product_id, Duration::from_secs(20)).await?;
    Ok(match goods {
        Some(g) => format!(
            "{name} paid (charge {}) and received: {}",
            outcome.charge_id.unwrap_or_default(),
            g.body().lines().next().unwrap_or("")
        ),
        None => format!(
            "{name}'s payment: {} {}",
            outcome.status,
            outcome.error_message.unwrap_or_default()
        ),
    })
}

/// A shopper who buys, writes to support and asks for a refund: the Support page's sample.
pub async fn support_sample(
    sim: &SimClient,
    shoppers: &Mutex<Vec<Shopper>>,
    product_id: i64,
) -> anyhow::Result<()> {
    let wait = Duration::from_secs(30);
    let dana = create_shopper(sim, shoppers, "Dana", crate::texts::Lang::En).await?;
    sim.buy(dana.id, product_id, wait).await?;
    let asked = sim
        .send(dana.id, "Hi! Is there a version of the guide in Spanish?")
        .await?;
    sim.wait_for(dana.id, asked, wait, |m| m.from_bot).await?;
    let sent = sim.send(dana.id, "/purchases").await?;
    let list = sim
        .wait_for(dana.id, sent, wait, |m| m.button("refund:").is_some())
        .await?;
    let data = list.button("refund:").unwrap_or_default();
    sim.press(dana.id, list.message_id, &data).await?;
    let question = sim
        .wait_for(dana.id, list.message_id, wait, |m| {
            m.body().contains("why you want a refund")
        })
        .await?;
    sim.send(dana.id, "I bought it twice by mistake, sorry!")
        .await?;
    sim.wait_for(dana.id, question.message_id, wait, |m| {
        m.body().contains("received")
    })
    .await?;
    Ok(())
}

/// The seller's details that /terms shows, once (the merchant's own stay as they are).
pub async fn seed_legal(store: &Store) -> Result<()> {
    let now = crate::legal::get(store).await?;
    if !now.draft.seller_name.is_empty() {
        return Ok(());
    }
    let draft = crate::legal::LegalDraft {
        seller_name: "Demo Digital Goods Ltd".into(),
        seller_contact: "support@example.com".into(),
        seller_address: "1 Example Street, Example City · Reg. no. 0000000".into(),
        require_acceptance: false,
    };
    crate::legal::set(store, &crate::audit::Who::rule("demo"), &draft).await?;
    Ok(())
}

/// A welcome text of the merchant's own in German, once: Settings shows a text kept per
/// language, and a German shopper reads it.
pub async fn seed_languages(store: &Store) -> Result<()> {
    if !crate::db::settings::set_once(&store.write, "demo.languages_seeded", "1").await? {
        return Ok(());
    }
    crate::settings::set_text(
        store,
        &crate::audit::Who::rule("demo"),
        "welcome",
        crate::texts::Lang::De,
        "<b>Willkommen!</b> Wählen Sie unten etwas aus: Sie bezahlen mit Telegram Stars hier im \
         Chat und erhalten Ihren Kauf sofort.",
    )
    .await
}

/// Shoppers whose Telegram speaks German and Russian buy the product: the bot answers each in
/// their language (the Demo page shows their chats).
pub async fn languages_sample(
    sim: &SimClient,
    shoppers: &Mutex<Vec<Shopper>>,
    product_id: i64,
) -> anyhow::Result<()> {
    let wait = Duration::from_secs(30);
    for (name, lang) in [
        ("Jonas", crate::texts::Lang::De),
        ("Olga", crate::texts::Lang::Ru),
    ] {
        let shopper = create_shopper(sim, shoppers, name, lang).await?;
        let invoice = sim.open_invoice(shopper.id, product_id, wait).await?;
        sim.pay(shopper.id, invoice.message_id).await?;
    }
    Ok(())
}

/// Tips offered in the demo's chat ("Support us"), once: a merchant who turned them off keeps
/// them off.
pub async fn seed_tips(store: &Store) -> Result<()> {
    if !crate::db::settings::set_once(&store.write, "demo.tips_seeded", "1").await? {
        return Ok(());
    }
    let mut s = crate::tips::settings(store, crate::texts::Lang::En).await?;
    s.enabled = true;
    crate::tips::set_settings(store, &crate::audit::Who::rule("demo"), &s).await?;
    Ok(())
}

/// A customer glad of their purchase tips the shop (/tip) the second amount it offers (3 Stars
/// by default), or its only one: the sample of a tip in Orders and of the Tips line in Reports.
pub async fn tip_sample(sim: &SimClient, user: i64) -> anyhow::Result<()> {
    let wait = Duration::from_secs(30);
    let sent = sim.send(user, "/tip").await?;
    let menu = sim
        .wait_for(user, sent, wait, |m| m.button("tip:").is_some())
        .await?;
    let mut amounts = menu.buttons("tip:");
    // "Other amount" asks for a number instead.
    amounts.retain(|d| d != "tip:0");
    let amount = amounts
        .get(1)
        .or(amounts.first())
        .ok_or_else(|| anyhow::anyhow!("the tip menu offers no amount"))?;
    let invoice = sim
        .press_for_invoice(user, menu.message_id, amount, wait)
        .await?;
    let outcome = sim.pay(user, invoice.message_id).await?;
    anyhow::ensure!(
        outcome.status == "paid",
        "the demo's tip was not paid: {}",
        outcome.error_message.unwrap_or_default()
    );
    sim.wait_for_start(user, invoice.message_id, wait, "Receipt")
        .await?;
    Ok(())
}

/// A shopper who opens an invoice and walks away: the Invoices view's sample, open until its
/// timer runs out (in 15 minutes, or at once when the Demo page moves the clock on).
pub async fn abandoned_invoice(
    sim: &SimClient,
    shoppers: &Mutex<Vec<Shopper>>,
    product_id: i64,
) -> anyhow::Result<()> {
    let chen = create_shopper(sim, shoppers, "Chen", crate::texts::Lang::En).await?;
    sim.open_invoice(chen.id, product_id, Duration::from_secs(30))
        .await?;
    Ok(())
}

/// A customer in the simulator, with a username made from their name.
pub async fn create_shopper(
    sim: &SimClient,
    shoppers: &Mutex<Vec<Shopper>>,
    name: &str,
    lang: crate::texts::Lang,
) -> anyhow::Result<Shopper> {
    let n = shoppers.lock().expect("shoppers").len() + 1;
    let slug: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase();
    let username = format!(
        "{}_{n}",
        if slug.is_empty() {
            "shopper".to_string()
        } else {
            slug
        }
    );
    let id = sim
        .create_user_with(name, Some(&username), lang.code())
        .await?;
    let shopper = Shopper {
        id,
        first_name: name.to_string(),
        username: Some(username),
        stars: sim.user_stars(id).await.ok(),
        lang,
    };
    shoppers.lock().expect("shoppers").push(shopper.clone());
    Ok(shopper)
}
