//! Subscription plans as the window and stardeskd ask for them: channels checked with Telegram,
//! plans, subscribers' actions, and the expiry queue. What goes to Telegram goes through the
//! running bot, or with the bot stopped through a client of the saved token.

use super::Desk;
use crate::{
    audit::Who,
    error::{Error, Result},
    reconcile,
    refunds::{self, Refunded, Why},
    stepup,
    subscriptions::{
        self, Channel, Plan, PlanDraft, Removal, Subscriber,
        expiry::{self, ExpiryQueue, ExpiryRun},
    },
};

impl Desk {
    /// Checks a channel the merchant pasted (`@name`, id or t.me link) and keeps it.
    pub async fn check_channel(&self, chat: &str, who: &Who) -> Result<Channel> {
        let (shop, api) = self.telegram("checking the channel")?;
        subscriptions::check_channel(&shop, api.as_ref(), who, chat).await
    }

    /// Checks again every channel the shop knows (rights change in Telegram, not here).
    pub async fn recheck_channels(&self, who: &Who) -> Result<Vec<Channel>> {
        let (shop, api) = self.telegram("checking the channels")?;
        for c in subscriptions::channels(&shop.store).await? {
            if let Err(e) =
                subscriptions::check_channel(&shop, api.as_ref(), who, &c.id.to_string()).await
            {
                tracing::warn!(channel = c.id, error = %e, "channel not checked");
            }
        }
        subscriptions::channels(&shop.store).await
    }

    pub async fn forget_channel(&self, id: i64, who: &Who) -> Result<()> {
        subscriptions::forget_channel(&self.store(), who, id).await
    }

    pub async fn create_plan(&self, draft: &PlanDraft, who: &Who) -> Result<Plan> {
        subscriptions::create_plan(&self.store(), who, draft).await
    }

    pub async fn update_plan(&self, id: i64, draft: &PlanDraft, who: &Who) -> Result<Plan> {
        subscriptions::update_plan(&self.store(), who, id, draft).await
    }

    pub async fn set_plan_active(&self, id: i64, active: bool, who: &Who) -> Result<Plan> {
        subscriptions::set_plan_active(&self.store(), who, id, active).await
    }

    /// The plan's shareable deep link, once the bot's name is known.
    pub async fn plan_link(&self, id: i64) -> Result<String> {
        subscriptions::plan(&self.store(), id).await?;
        let bot = self
            .bot_username()
            .await
            .ok_or_else(|| Error::invalid("Start the bot once: the link carries its @name."))?;
        Ok(subscriptions::deep_link(&bot, id))
    }

    /// The bot's @name: the running bot's, or with the bot stopped Telegram's answer for the
    /// saved token (within a few seconds); none in demo mode with the bot stopped.
    pub async fn bot_username(&self) -> Option<String> {
        if let Some(name) = self.status().await.bot.bot_username {
            return Some(name);
        }
        let (_, api) = self.telegram("asking the bot's name").ok()?;
        let me = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            api.call("getMe", serde_json::json!({})),
        )
        .await
        .ok()?
        .ok()?;
        me["username"].as_str().map(str::to_string)
    }

    /// Cancels (renew = false) or re-enables a subscription's renewal with Telegram.
    pub async fn set_renewal(&self, id: i64, renew: bool, who: &Who) -> Result<Subscriber> {
        let (shop, api) = self.telegram("the change of renewal")?;
        subscriptions::set_renewal(&shop, api.as_ref(), id, who, renew).await
    }

    /// Access `days` longer, a goodwill gesture; someone removed is let in again.
    pub async fn extend_subscription(
        &self,
        id: i64,
        days: i64,
        reason: &str,
        who: &Who,
    ) -> Result<Subscriber> {
        let (shop, api) = self.telegram("the new invite")?;
        subscriptions::extend(&shop, api.as_ref(), id, who, days, reason).await
    }

    pub async fn remove_subscriber(&self, id: i64, reason: &str, who: &Who) -> Result<Subscriber> {
        let (shop, api) = self.telegram("the removal")?;
        subscriptions::remove_now(&shop, api.as_ref(), id, who, reason).await
    }

    /// Refunds the subscription's last payment; a step-up code above the threshold when asked
    /// from the window (`who` is the operator).
    pub async fn refund_subscription(
        &self,
        id: i64,
        why: Why,
        keep_access: bool,
        who: &Who,
        code: Option<&str>,
    ) -> Result<Refunded> {
        let why = why.checked()?;
        let store = self.store();
        if who.actor == crate::audit::Actor::Operator {
            let last = crate::db::subscriptions::last_payment(&store.read, id)
                .await?
                .ok_or(Error::NotFound("payment"))?;
            if refunds::preview(&store, last).await?.needs_code {
                stepup::check(&store, code).await?;
            }
        }
        let (shop, api) = self.telegram("the refund")?;
        subscriptions::refund_last(&shop, api.as_ref(), id, who, &why, keep_access).await
    }

    pub async fn expiry_queue(&self) -> Result<ExpiryQueue> {
        expiry::queue(&self.shop()).await
    }

    /// Runs the expiry queue now (reminders, then removals); `force` removes even while
    /// automatic removal is paused.
    pub async fn run_expiry(&self, force: bool, who: &Who) -> Result<ExpiryRun> {
        let (shop, api, bot_id) = self.telegram_of_bot("the expiry run")?;
        let reconcile = || async {
            reconcile::run(&shop, api.as_ref(), bot_id)
                .await
                .map(|_| ())
        };
        expiry::run(&shop, api.as_ref(), who, force, reconcile).await
    }

    pub async fn undo_removal(&self, removal_id: i64, days: i64, who: &Who) -> Result<Removal> {
        let (shop, api) = self.telegram("the new invite")?;
        expiry::undo(&shop, api.as_ref(), removal_id, who, days).await
    }

    pub async fn set_removals_paused(&self, paused: bool, who: &Who) -> Result<bool> {
        let done = expiry::set_paused(&self.shop(), who, paused).await?;
        self.nudge_scheduler();
        Ok(done)
    }

    pub async fn set_reminder_days(&self, days: &[i64], who: &Who) -> Result<Vec<i64>> {
        let done = expiry::set_reminder_days(&self.shop(), who, days).await?;
        self.nudge_scheduler();
        Ok(done)
    }

    /// Asks the running bot's scheduler to look for due work now.
    pub(super) fn nudge_scheduler(&self) {
        if let Some(r) = &self.session().runtime {
            r.nudge_scheduler();
        }
    }
}
