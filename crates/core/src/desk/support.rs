//! The support desk's actions as the window and stardeskd ask for them: refunds (one, or many
//! at once), refund requests, replies to customers. Risky ones from the window ask for a step-up
//! code once an authenticator is enrolled.

use std::sync::Arc;

use super::Desk;
use crate::{
    audit::{self, Who},
    bot::Api,
    error::{Error, Result},
    refunds::{
        self, InFlight, Refunded, Why,
        batch::{self, RefundBatch},
        policy::{self, RefundPolicy},
    },
    requests::{self, RefundRequest},
    runtime::{self, BotConfig},
    shop::Shop,
    stepup,
    support::{self, SupportMessage},
};

impl Desk {
    /// The way to Telegram for the support desk: the running bot's, or, with the bot stopped, a
    /// client of the saved token (refunds and replies need no polling).
    pub(super) fn telegram(&self, what: &str) -> Result<(Shop, Api)> {
        self.telegram_of_bot(what).map(|(shop, api, _)| (shop, api))
    }

    /// As `telegram`, with the bot's id (whose star ledger reconciliation reads).
    pub(super) fn telegram_of_bot(&self, what: &str) -> Result<(Shop, Api, i64)> {
        let s = self.session();
        if let Some(r) = &s.runtime {
            return Ok((s.shop.clone(), r.api(), r.bot_id()));
        }
        let Some((token, _)) = s.token.clone() else {
            return Err(Error::invalid(format!(
                "Start the bot first: {what} goes out through it."
            )));
        };
        let config = BotConfig::new(self.options.api_url.clone(), token);
        let api: Api = Arc::new(runtime::api(&config, s.shop.retry)?);
        Ok((s.shop.clone(), api, config.bot_id()))
    }

    /// The operator at this computer, as the audit trail names them.
    pub async fn operator(&self) -> Result<Who> {
        audit::operator(&self.store()).await
    }

    /// Refunds an order in full (once, however often asked) and tells the customer.
    pub async fn refund(&self, order_id: i64, who: &Who, why: Why) -> Result<Refunded> {
        let why = why.checked()?;
        let (shop, api) = self.telegram("the refund")?;
        refunds::refund_and_tell(&shop, api.as_ref(), order_id, who, &why).await
    }

    /// The window's refund: a step-up code above the threshold.
    pub async fn operator_refund(
        &self,
        order_id: i64,
        why: Why,
        code: Option<&str>,
    ) -> Result<Refunded> {
        let store = self.store();
        let preview = refunds::preview(&store, order_id).await?;
        if preview.needs_code {
            stepup::check(&store, code).await?;
        }
        let who = self.operator().await?;
        self.refund(order_id, &who, why).await
    }

    /// Refunds many orders in the background, reporting each; always asks for a step-up code
    /// when an authenticator is enrolled.
    pub async fn refund_many(
        &self,
        order_ids: &[i64],
        why: Why,
        code: Option<&str>,
    ) -> Result<RefundBatch> {
        let why = why.checked()?;
        let store = self.store();
        stepup::check(&store, code).await?;
        // The way to Telegram is checked before anything is written down.
        self.telegram("the refund")?;
        let who = self.operator().await?;
        let id = batch::create(&store, &who, order_ids, &why).await?;
        self.run_batch(id)?;
        batch::get(&self.shop(), id).await
    }

    /// Runs a batch's remaining orders (a batch cut short, or its failed orders again).
    pub async fn resume_refunds(
        &self,
        batch_id: i64,
        retry_failed: bool,
        code: Option<&str>,
    ) -> Result<RefundBatch> {
        let store = self.store();
        stepup::check(&store, code).await?;
        self.telegram("the refund")?;
        if retry_failed {
            batch::retry_failed(&store, batch_id).await?;
        }
        self.run_batch(batch_id)?;
        batch::get(&self.shop(), batch_id).await
    }

    fn run_batch(&self, batch_id: i64) -> Result<()> {
        let (shop, api) = self.telegram("the refund")?;
        let Some(claim) = InFlight::claim(&shop.batching, batch_id) else {
            // Already running here: its progress keeps coming.
            return Ok(());
        };
        tokio::spawn(async move {
            let _claim = claim;
            if let Err(e) = batch::run(&shop, api.as_ref(), batch_id).await {
                tracing::error!(batch = batch_id, error = %e, "refund batch stopped");
            }
        });
        Ok(())
    }

    /// Runs a batch to its end in this task (stardeskd, tests).
    pub async fn run_refunds(&self, batch_id: i64) -> Result<RefundBatch> {
        let (shop, api) = self.telegram("the refund")?;
        let Some(_claim) = InFlight::claim(&shop.batching, batch_id) else {
            return Err(Error::Conflict(format!(
                "Refund batch #{batch_id} is running already."
            )));
        };
        batch::run(&shop, api.as_ref(), batch_id).await
    }

    pub async fn approve_request(
        &self,
        id: i64,
        who: &Who,
        code: Option<&str>,
    ) -> Result<RefundRequest> {
        let store = self.store();
        if who.actor == audit::Actor::Operator {
            let req = requests::get(&store, id).await?;
            if stepup::required_for_refund(&store, req.stars).await? {
                stepup::check(&store, code).await?;
            }
        }
        let (shop, api) = self.telegram("the refund")?;
        requests::approve(&shop, api.as_ref(), id, who).await
    }

    pub async fn decline_request(
        &self,
        id: i64,
        who: &Who,
        message: &str,
    ) -> Result<RefundRequest> {
        let (shop, api) = self.telegram("the answer")?;
        requests::decline(&shop, api.as_ref(), id, who, message).await
    }

    pub async fn reply(
        &self,
        conversation_id: i64,
        who: &Who,
        body: &str,
    ) -> Result<SupportMessage> {
        let (shop, api) = self.telegram("the reply")?;
        support::reply(&shop, api.as_ref(), conversation_id, who, body).await
    }

    /// Changing the refund policy asks for a step-up code.
    pub async fn set_refund_policy(&self, policy: &RefundPolicy, code: Option<&str>) -> Result<()> {
        // A policy out of range is refused before a code is spent on it.
        policy.check()?;
        let store = self.store();
        stepup::check(&store, code).await?;
        let who = self.operator().await?;
        policy::set(&store, &who, policy).await
    }
}

/// Step-up enrolment and settings, each recorded in the audit trail.
impl Desk {
    pub async fn step_up_begin(&self) -> Result<stepup::Enrolment> {
        let store = self.store();
        let who = self.operator().await?;
        let account = match self.status().await.bot.bot_username {
            Some(bot) => format!("{} @{bot}", who.name),
            None => who.name.clone(),
        };
        stepup::begin(&store, &account).await
    }

    pub async fn step_up_confirm(&self, code: &str) -> Result<stepup::StepUpStatus> {
        let store = self.store();
        stepup::confirm(&store, code).await?;
        self.audit_step_up("stepup.enrol", "off", "on").await?;
        stepup::status(&store).await
    }

    pub async fn step_up_disable(&self, code: Option<&str>) -> Result<stepup::StepUpStatus> {
        let store = self.store();
        stepup::disable(&store, code).await?;
        self.audit_step_up("stepup.disable", "on", "off").await?;
        stepup::status(&store).await
    }

    pub async fn step_up_threshold(
        &self,
        stars: i64,
        code: Option<&str>,
    ) -> Result<stepup::StepUpStatus> {
        let store = self.store();
        let before = stepup::status(&store).await?.threshold;
        stepup::set_threshold(&store, stars, code).await?;
        self.audit_step_up(
            "stepup.threshold",
            &format!("refunds above {before} Stars"),
            &format!("refunds above {stars} Stars"),
        )
        .await?;
        stepup::status(&store).await
    }

    /// Checks a step-up code for a risky action of the window's (changing the bot token).
    pub async fn step_up(&self, code: Option<&str>) -> Result<()> {
        stepup::check(&self.store(), code).await
    }

    async fn audit_step_up(&self, action: &str, before: &str, after: &str) -> Result<()> {
        let who = self.operator().await?;
        audit::record(
            &self.store().write,
            &who,
            audit::Line {
                action,
                subject: "step-up codes".into(),
                before: Some(before.into()),
                after: Some(after.into()),
                reason: "",
            },
        )
        .await
    }
}
