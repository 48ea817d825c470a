//! The token side of the session: checking a token with Telegram, keeping it, and switching
//! between the demo's shop and the real one when a bot is connected or disconnected.

use super::{Connected, Desk, DeskStatus, Mode, blocking, demo_dir, mode_of, open_shop};
use crate::{
    audit::{self, Line, Who},
    catalog,
    db::{self, Store},
    error::{Error, Result},
    events::AppEvent,
    token::{self, BotIdentity, Keychain, TokenPlace},
};

impl Desk {
    pub async fn keychain(&self) -> Result<Keychain> {
        let tokens = self.tokens.clone();
        blocking(move || tokens.keychain()).await
    }

    /// Asks Telegram who a token belongs to; nothing is saved.
    pub async fn check_token(&self, token: &str) -> Result<BotIdentity> {
        token::identify(&self.options.api_url, token).await
    }

    /// Checks the token with Telegram, keeps it (keychain, or the 0600 file when allowed) and
    /// opens the real shop with the bot running, leaving demo mode. The demo's orders stay in
    /// the demo's shop; its catalog can be copied over (`copy_demo_catalog`). The real shop's
    /// trail records which bot `who` connected (never the token).
    pub async fn connect(
        &self,
        who: &Who,
        token: &str,
        allow_file: bool,
        code: Option<&str>,
    ) -> Result<Connected> {
        let token = token.trim().to_string();
        let identity = self.check_token(&token).await?;
        // A token Telegram does not know is refused before a step-up code is spent on it.
        self.step_up(code).await?;
        let place = {
            let (tokens, token) = (self.tokens.clone(), token.clone());
            blocking(move || tokens.save(&token, allow_file)).await??
        };
        let _turn = self.lifecycle.lock().await;
        let before = self.connected_bot();
        self.stop_now().await;
        #[cfg(feature = "demo")]
        {
            self.stop_simulator().await;
            self.shoppers.lock().expect("shoppers").clear();
        }
        self.switch(Some((token, place))).await?;
        let line = Line {
            action: "bot.connect",
            subject: "Telegram bot".into(),
            before: Some(before.unwrap_or_else(|| "demo mode".into())),
            after: Some(bot_words(
                identity.username.as_deref(),
                &identity.first_name,
                identity.id,
            )),
            reason: "",
        };
        audit::record(&self.store().write, who, line).await?;
        self.start_now().await?;
        let demo_products = self.demo_products().await?;
        Ok(Connected {
            bot: identity,
            status: self.status_now(),
            demo_products,
        })
    }

    /// Forgets the token and goes back to demo mode (and the demo's own shop); the real shop's
    /// trail records which bot `who` disconnected.
    pub async fn disconnect(&self, who: &Who) -> Result<DeskStatus> {
        if matches!(self.session().token, Some((_, TokenPlace::Environment))) {
            return Err(Error::invalid(format!(
                "The token comes from the {} environment variable; unset it to disconnect.",
                token::ENV
            )));
        }
        let tokens = self.tokens.clone();
        blocking(move || tokens.forget()).await??;
        let _turn = self.lifecycle.lock().await;
        if let Some(bot) = self.connected_bot() {
            let line = Line {
                action: "bot.disconnect",
                subject: "Telegram bot".into(),
                before: Some(bot),
                after: Some("demo mode".into()),
                reason: "",
            };
            audit::record(&self.store().write, who, line).await?;
        }
        self.stop_now().await;
        self.switch(None).await?;
        self.start_now().await?;
        Ok(self.status_now())
    }

    /// The real bot in use, as the trail names it ("@shop_bot (bot id 123)"); none in demo mode.
    /// Only the token's public half, the bot's id, is read.
    fn connected_bot(&self) -> Option<String> {
        let s = self.session();
        let (token, _) = s.token.as_ref()?;
        let id = token.split_once(':').map_or("?", |(id, _)| id);
        let username = s.runtime.as_ref().and_then(|r| r.status().bot_username);
        Some(match username {
            Some(u) => format!("@{u} (bot id {id})"),
            None => format!("bot id {id}"),
        })
    }

    /// Takes the token (or none: demo mode) and opens its mode's shop in place of the current one.
    /// The operator's name goes along to a shop that has none yet: the same person at the same
    /// computer.
    async fn switch(&self, token: Option<(String, TokenPlace)>) -> Result<()> {
        let mode = mode_of(&token);
        let changed = self.session().mode() != mode;
        let shop = if changed {
            let operator = db::settings::get(&self.store().read, audit::OPERATOR_NAME).await?;
            let shop = open_shop(&self.options.data_dir, mode, self.events.clone()).await?;
            if let Some(name) = operator {
                db::settings::set_once(&shop.store.write, audit::OPERATOR_NAME, &name).await?;
            }
            Some(shop)
        } else {
            None
        };
        let mut s = self.session();
        s.token = token;
        if let Some(shop) = shop {
            s.shop = shop;
        }
        drop(s);
        if changed {
            self.events.emit(AppEvent::ShopOpened { mode });
        }
        Ok(())
    }

    /// How many products the demo shop could give a real shop whose catalog is empty.
    async fn demo_products(&self) -> Result<i64> {
        let dir = demo_dir(&self.options.data_dir);
        let shop = self.shop();
        if self.mode() != Mode::Live
            || !dir.join(db::FILE_NAME).exists()
            || !catalog::list(&shop.store.read, true).await?.is_empty()
        {
            return Ok(0);
        }
        let demo = Store::open(&dir).await?;
        let n = catalog::list(&demo.read, false).await?.len() as i64;
        demo.close().await;
        Ok(n)
    }

    /// Copies the demo shop's catalog (products on sale, their unsold codes and files) into the
    /// real shop, once; never its orders or customers. Recorded in the real shop's trail as
    /// done by `who`. Returns how many products were copied.
    pub async fn copy_demo_catalog(&self, who: &Who) -> Result<i64> {
        if self.mode() != Mode::Live {
            return Err(Error::invalid(
                "Connect your bot first: the demo catalog is copied into your real shop.",
            ));
        }
        let shop = self.shop();
        if !catalog::list(&shop.store.read, true).await?.is_empty() {
            return Err(Error::Conflict(
                "Your shop has products already; the demo catalog is only copied into an empty one."
                    .into(),
            ));
        }
        let dir = demo_dir(&self.options.data_dir);
        if !dir.join(db::FILE_NAME).exists() {
            return Ok(0);
        }
        let demo = Store::open(&dir).await?;
        let copied = catalog::copy_catalog(&demo, &shop.store, who).await;
        demo.close().await;
        copied
    }
}

/// "@shop_bot (bot id 123)", or the bot's name when it has no username.
fn bot_words(username: Option<&str>, first_name: &str, id: i64) -> String {
    match username {
        Some(u) => format!("@{u} (bot id {id})"),
        None => format!("{first_name} (bot id {id})"),
    }
}
