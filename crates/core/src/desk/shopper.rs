//! Demo mode's side of the session: the built-in simulator, the first simulated sale, and the
//! simulated shopper panel of the Demo page.

use std::time::Duration;

use super::{Desk, Mode};
use crate::{
    catalog, db,
    demo::{
        self, Simulator,
        chat::{ChatLine, DemoPurchase, DemoReferral, DemoStep, Shopper, is_goods},
        sim_client::{BuyAnswer, SimClient},
    },
    error::{Error, Result},
    runtime::BotConfig,
    shop::Shop,
    subscriptions,
};

/// Setting: demo mode has played its first simulated sale in this shop.
const DEMO_FIRST_SALE: &str = "demo_first_sale";

fn sim_error(e: anyhow::Error) -> Error {
    Error::Telegram(format!("the simulator: {e}"))
}

impl Desk {
    /// The simulator demo mode talks to (started on first use) and the sample catalog.
    pub(super) async fn demo_config(&self, shop: &Shop) -> Result<BotConfig> {
        let running = self.session().sim.as_ref().map(|s| s.url.clone());
        let url = match running {
            Some(url) => url,
            None => {
                let sim = match &self.options.demo_api_url {
                    Some(url) => Simulator::at(url),
                    None => Simulator::start(self.options.listen_sim).await?,
                };
                let url = sim.url.clone();
                self.session().sim = Some(sim);
                url
            }
        };
        demo::seed_catalog(&shop.store).await?;
        demo::seed_plan(&shop.store, &SimClient::new(&url)).await?;
        demo::seed_promo(&shop.store).await?;
        demo::seed_stock(&shop.store).await?;
        demo::seed_legal(&shop.store).await?;
        demo::seed_tips(&shop.store).await?;
        demo::seed_languages(&shop.store).await?;
        let mut config = BotConfig::new(url, demo::DEMO_TOKEN);
        // The simulator's clock jumps (a month later on the Demo page): due work is looked for
        // often, and the scheduler is nudged after each jump.
        config.schedule_every = Duration::from_secs(5);
        Ok(config)
    }

    pub(super) async fn stop_simulator(&self) {
        let sim = self.session().sim.take();
        if let Some(sim) = sim {
            sim.shutdown().await;
        }
    }

    /// So that a newcomer sees a sale land in the window within seconds of the first start.
    pub(super) async fn play_first_sale(&self) -> Result<()> {
        let store = self.store();
        if !db::settings::set_once(&store.write, DEMO_FIRST_SALE, "1").await? {
            return Ok(());
        }
        let sim = self.sim()?;
        let shoppers = self.shoppers.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(3)).await;
            let Some(product) = catalog::list(&store.read, false)
                .await
                .ok()
                .and_then(|l| l.into_iter().next())
            else {
                return;
            };
            match demo::create_shopper(&sim, &shoppers, "Alice", crate::texts::Lang::En).await {
                Ok(alice) => {
                    if let Err(e) = sim.buy(alice.id, product.id, Duration::from_secs(30)).await {
                        tracing::warn!(error = %e, "the first demo sale did not go through");
                    }
                    // Glad of it, she tips: a tip in Orders, the Tips line in Reports.
                    if let Err(e) = demo::tip_sample(&sim, alice.id).await {
                        tracing::warn!(error = %e, "the demo's tip did not go through");
                    }
                    // Something for the Support page to rehearse on: a question and a request.
                    if let Err(e) = demo::support_sample(&sim, &shoppers, product.id).await {
                        tracing::warn!(error = %e, "the demo's support sample did not go through");
                    }
                    if let Err(e) = demo::languages_sample(&sim, &shoppers, product.id).await {
                        tracing::warn!(error = %e, "the demo's German and Russian shoppers did not buy");
                    }
                    if let Err(e) = demo::abandoned_invoice(&sim, &shoppers, product.id).await {
                        tracing::warn!(error = %e, "the demo's unpaid invoice was not sent");
                    }
                    let plan = subscriptions::plans(&store)
                        .await
                        .ok()
                        .and_then(|l| l.into_iter().find(|p| p.active));
                    if let Some(plan) = plan
                        && let Err(e) = demo::subscription_sample(&sim, &shoppers, plan.id).await
                    {
                        tracing::warn!(error = %e, "the demo's subscription sample did not go through");
                    }
                }
                Err(e) => tracing::warn!(error = %e, "the demo shopper could not be created"),
            }
        });
        Ok(())
    }

    /// The simulator's control client, in demo mode with the bot started.
    pub fn sim(&self) -> Result<SimClient> {
        let s = self.session();
        match (s.mode(), &s.sim) {
            (Mode::Demo, Some(sim)) => Ok(sim.client.clone()),
            (Mode::Demo, None) => Err(Error::invalid(
                "Start the bot first: the simulated shopper talks to it.",
            )),
            (Mode::Live, _) => Err(Error::invalid(
                "The simulated shopper works in demo mode only; your real bot is connected.",
            )),
        }
    }

    pub fn shoppers(&self) -> Vec<Shopper> {
        self.shoppers.lock().expect("shoppers").clone()
    }

    /// The simulated customers with the Stars each has left, read from the simulator now
    /// (none when the simulator is not running).
    pub async fn shoppers_with_stars(&self) -> Result<Vec<Shopper>> {
        let mut list = self.shoppers();
        let Ok(sim) = self.sim() else {
            return Ok(list);
        };
        for s in &mut list {
            s.stars = sim.user_stars(s.id).await.ok();
        }
        Ok(list)
    }

    /// A simulated customer whose Telegram speaks `lang`: the bot answers them in it.
    pub async fn create_shopper(
        &self,
        first_name: &str,
        lang: crate::texts::Lang,
    ) -> Result<Shopper> {
        let name = first_name.trim();
        if name.is_empty() {
            return Err(Error::invalid("Give the customer a first name."));
        }
        if name.chars().count() > 64 {
            return Err(Error::invalid("A first name has at most 64 characters."));
        }
        let sim = self.sim()?;
        demo::create_shopper(&sim, &self.shoppers, name, lang)
            .await
            .map_err(sim_error)
    }

    /// The customer opens the bot, as from its link: `/start`.
    pub async fn open_shop(&self, user: i64) -> Result<Vec<ChatLine>> {
        self.send(user, "/start").await
    }

    /// The customer writes to the bot; returns the chat once the bot has answered (or 5 s passed).
    pub async fn send(&self, user: i64, text: &str) -> Result<Vec<ChatLine>> {
        if text.trim().is_empty() {
            return Err(Error::invalid("Write a message first."));
        }
        let sim = self.sim()?;
        let sent = sim.send(user, text.trim()).await.map_err(sim_error)?;
        let _ = sim
            .wait_for(user, sent, Duration::from_secs(5), |_| true)
            .await;
        self.settled(&sim).await;
        chat_of(&sim, user).await
    }

    /// Waits (a few seconds at most) until the bot has handled every update the simulator has
    /// made, so that an answer of several messages (the card after "applied", the catalog after
    /// a welcome) shows whole in the chat.
    async fn settled(&self, sim: &SimClient) {
        let store = self.store();
        let end = tokio::time::Instant::now() + Duration::from_secs(5);
        while tokio::time::Instant::now() < end {
            let Ok(stats) = sim.stats().await else {
                return;
            };
            let count = |k: &str| stats[k].as_u64().unwrap_or(0);
            let handled = count("updates_created") == count("updates_confirmed")
                && db::inbox::pending(&store.read).await.unwrap_or(0) == 0;
            if handled {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The customer `referrer` refers a friend: they ask `/referrals` and a new simulated
    /// customer, `friend_name`, opens their link; the friend is the referrer's from then on
    /// (their purchases earn a commission: see Referrals).
    pub async fn refer_friend(&self, referrer: i64, friend_name: &str) -> Result<DemoReferral> {
        let sim = self.sim()?;
        let friend = self
            .create_shopper(friend_name, crate::texts::Lang::En)
            .await?;
        let link = demo::refer_friend(&sim, referrer, friend.id, Duration::from_secs(10))
            .await
            .map_err(sim_error)?;
        self.settled(&sim).await;
        let chat = chat_of(&sim, friend.id).await?;
        Ok(DemoReferral { friend, link, chat })
    }

    /// The customer taps an inline button under a bot message.
    pub async fn press(&self, user: i64, message_id: i64, data: &str) -> Result<Vec<ChatLine>> {
        let sim = self.sim()?;
        let last = sim
            .chat(user)
            .await
            .map_err(sim_error)?
            .iter()
            .map(|m| m.message_id)
            .max()
            .unwrap_or(0);
        sim.press(user, message_id, data).await.map_err(sim_error)?;
        let _ = sim
            .wait_for(user, last, Duration::from_secs(5), |_| true)
            .await;
        self.settled(&sim).await;
        chat_of(&sim, user).await
    }

    /// The customer pays an invoice in the chat.
    pub async fn pay(&self, user: i64, message_id: i64) -> Result<DemoStep> {
        let sim = self.sim()?;
        let outcome = sim.pay(user, message_id).await.map_err(sim_error)?;
        let goods = if outcome.status == "paid" {
            sim.wait_for(user, message_id, Duration::from_secs(10), is_goods)
                .await
                .ok()
        } else {
            None
        };
        Ok(DemoStep {
            purchase: Some(DemoPurchase::of(outcome, goods)),
            chat: chat_of(&sim, user).await?,
        })
    }

    /// The whole purchase in one go: the product's card, Buy, the invoice, payment, the goods.
    /// When the bot offers no invoice (a blocked customer, the limit reached, sold out), the step
    /// says what the bot said instead.
    pub async fn buy(&self, user: i64, product_id: i64) -> Result<DemoStep> {
        let sim = self.sim()?;
        let wait = Duration::from_secs(20);
        let purchase = match sim
            .tap_buy(user, product_id, wait)
            .await
            .map_err(sim_error)?
        {
            BuyAnswer::Invoice(invoice) => {
                let outcome = sim.pay(user, invoice.message_id).await.map_err(sim_error)?;
                let goods = if outcome.status == "paid" {
                    sim.wait_for(user, invoice.message_id, wait, is_goods)
                        .await
                        .ok()
                } else {
                    None
                };
                DemoPurchase::of(outcome, goods)
            }
            // Store credit covered the whole price: the order is made with no invoice.
            BuyAnswer::Said(m) if m.body().contains("store credit") => {
                let goods = sim.wait_for(user, m.message_id, wait, is_goods).await.ok();
                DemoPurchase::credit(goods)
            }
            BuyAnswer::Card(m) | BuyAnswer::Said(m) => DemoPurchase::refused(&m),
        };
        Ok(DemoStep {
            purchase: Some(purchase),
            chat: chat_of(&sim, user).await?,
        })
    }

    /// The customer taps a link button: an invoice link is paid (a subscription's Subscribe),
    /// an invite link joins its channel; other links leave the demo.
    pub async fn open_link(&self, user: i64, url: &str) -> Result<DemoStep> {
        let sim = self.sim()?;
        let last = sim
            .chat(user)
            .await
            .map_err(sim_error)?
            .iter()
            .map(|m| m.message_id)
            .max()
            .unwrap_or(0);
        let purchase = if url.starts_with("https://t.me/$") {
            let outcome = sim.pay_link(user, url).await.map_err(sim_error)?;
            let goods = if outcome.status == "paid" {
                sim.wait_for(user, last, Duration::from_secs(10), is_goods)
                    .await
                    .ok()
            } else {
                None
            };
            Some(DemoPurchase::of(outcome, goods))
        } else if url.starts_with("https://t.me/+") {
            sim.join(user, url).await.map_err(|e| {
                Error::Conflict(format!(
                    "Telegram refused the invite: {}",
                    e.to_string().trim_start_matches("the simulator: ")
                ))
            })?;
            None
        } else {
            return Err(Error::invalid(format!(
                "{url} opens outside the demo: in Telegram it opens in the browser."
            )));
        };
        Ok(DemoStep {
            purchase,
            chat: chat_of(&sim, user).await?,
        })
    }

    /// Moves the simulator's clock `days` ahead (renewals are charged, periods end) and has the
    /// expiry queue looked at at once; returns the new time.
    pub async fn demo_later(&self, days: i64) -> Result<i64> {
        if !(1..=90).contains(&days) {
            return Err(Error::invalid("Move the clock 1 to 90 days ahead."));
        }
        let sim = self.sim()?;
        let now = sim.advance_clock(days * 86_400).await.map_err(sim_error)?;
        self.nudge_scheduler();
        self.shop()
            .emit(crate::events::AppEvent::SubscriptionsChanged);
        Ok(now)
    }

    /// Where the simulator's clock stands (ahead of the wall clock after `demo_later`).
    pub async fn demo_now(&self) -> Result<i64> {
        self.sim()?.now().await.map_err(sim_error)
    }

    pub async fn chat(&self, user: i64) -> Result<Vec<ChatLine>> {
        let sim = self.sim()?;
        chat_of(&sim, user).await
    }
}

async fn chat_of(sim: &SimClient, user: i64) -> Result<Vec<ChatLine>> {
    let chat = sim.chat(user).await.map_err(sim_error)?;
    Ok(chat.into_iter().map(ChatLine::from).collect())
}
