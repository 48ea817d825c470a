//! Referrals and promo codes as the window and stardeskd ask for them: figures judged on the
//! shop's clock (the simulator's in demo mode), links with the bot's @name, CSV exports.

use std::path::Path;

use super::Desk;
use crate::{
    audit::{Who, iso_utc},
    db,
    error::{Error, Result},
    exports::{self, Export, cell},
    promos::{self, Promo, PromoDraft},
    referrals::{self, Payout, PayoutDraft, Referrer, ReferrerDetail, whole},
};

/// Thousandths of a Star as a CSV cell: `12.345`.
fn millis(m: i64) -> String {
    let sign = if m < 0 { "-" } else { "" };
    format!(
        "{sign}{}.{:03}",
        m.unsigned_abs() / 1000,
        m.unsigned_abs() % 1000
    )
}

fn opt(v: Option<i64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

impl Desk {
    /// Now on the shop's clock: what is still on hold is judged by it.
    async fn shop_now(&self) -> i64 {
        self.shop().clock.now().await
    }

    pub async fn referrers(&self) -> Result<Vec<Referrer>> {
        referrals::referrers(&self.store(), self.shop_now().await).await
    }

    pub async fn referrer_detail(&self, customer_id: i64) -> Result<ReferrerDetail> {
        referrals::detail(&self.store(), customer_id, self.shop_now().await).await
    }

    pub async fn payouts_due(&self) -> Result<Vec<Referrer>> {
        referrals::payouts_due(&self.store(), self.shop_now().await).await
    }

    /// Marks a payout; above the step-up threshold an operator gives a current code.
    pub async fn pay_out(
        &self,
        draft: &PayoutDraft,
        who: &Who,
        code: Option<&str>,
    ) -> Result<Payout> {
        let now = self.shop_now().await;
        referrals::pay_out(&self.store(), who, draft, code, now).await
    }

    /// A customer's personal referral link, once the bot's name is known.
    pub async fn referral_link(&self, customer_id: i64) -> Result<String> {
        let code = referrals::code(&self.store(), customer_id).await?;
        let bot = self
            .bot_username()
            .await
            .ok_or_else(|| Error::invalid("Start the bot once: the link carries its @name."))?;
        Ok(referrals::link(&bot, &code))
    }

    /// A promo code's deep link: `t.me/<bot>?start=promo_CODE`.
    pub async fn promo_link(&self, id: i64) -> Result<String> {
        let p = promos::get(&self.store(), id).await?;
        let bot = self
            .bot_username()
            .await
            .ok_or_else(|| Error::invalid("Start the bot once: the link carries its @name."))?;
        Ok(format!("https://t.me/{bot}?start=promo_{}", p.code))
    }

    /// Every referrer with their figures, as CSV (Stars with thousandths where commissions are).
    pub async fn export_referrers(&self, path: &Path) -> Result<Export> {
        let list = self.referrers().await?;
        let rows = list.iter().map(|r| {
            vec![
                r.customer_id.to_string(),
                cell(&r.name).into_owned(),
                r.username.clone().unwrap_or_default(),
                r.code.clone().unwrap_or_default(),
                r.invited.to_string(),
                r.buyers.to_string(),
                r.revenue.to_string(),
                millis(r.earned),
                millis(r.pending),
                millis(r.available),
                r.paid.to_string(),
                r.credit.to_string(),
                whole(r.available).max(0).to_string(),
            ]
        });
        exports::write(
            path,
            &[
                "customer_id",
                "name",
                "username",
                "code",
                "invited",
                "buyers",
                "revenue_stars",
                "earned_stars",
                "pending_stars",
                "available_stars",
                "paid_stars",
                "credit_unspent_stars",
                "due_stars",
            ],
            rows,
        )
    }

    /// Every payout, newest first, as CSV.
    pub async fn export_payouts(&self, path: &Path) -> Result<Export> {
        let list = referrals::payouts(&self.store()).await?;
        let rows = list.iter().map(|p| {
            vec![
                p.id.to_string(),
                iso_utc(p.at),
                p.referrer_id.to_string(),
                cell(&p.referrer_name).into_owned(),
                p.stars.to_string(),
                p.method.as_str().to_string(),
                cell(&p.note).into_owned(),
                cell(&p.by).into_owned(),
            ]
        });
        exports::write(
            path,
            &[
                "id",
                "at_utc",
                "referrer_id",
                "referrer",
                "stars",
                "method",
                "note",
                "by",
            ],
            rows,
        )
    }

    /// A promo code by its text, whatever its case.
    pub async fn promo_by_code(&self, code: &str) -> Result<Promo> {
        let code = code.trim();
        let store = self.store();
        match db::promos::id_by_code(&store.read, code).await? {
            Some(id) => promos::get(&store, id).await,
            None => Err(Error::invalid(format!("There is no promo code {code}."))),
        }
    }

    pub async fn create_promo(&self, draft: &PromoDraft, who: &Who) -> Result<Promo> {
        promos::create(&self.store(), who, draft).await
    }

    /// Codes as CSV: every code, or one bulk batch's (to hand out).
    pub async fn export_promos(&self, batch: Option<&str>, path: &Path) -> Result<Export> {
        let list = match batch {
            Some(b) => promos::of_batch(&self.store(), b).await?,
            None => promos::list(&self.store()).await?,
        };
        if batch.is_some() && list.is_empty() {
            return Err(Error::NotFound("batch"));
        }
        let rows = list.iter().map(|p| {
            vec![
                p.code.clone(),
                opt(p.percent_off),
                opt(p.stars_off),
                if p.all_items {
                    "all".into()
                } else {
                    "chosen".into()
                },
                p.valid_from.map(iso_utc).unwrap_or_default(),
                p.valid_until.map(iso_utc).unwrap_or_default(),
                opt(p.max_uses),
                opt(p.per_customer),
                p.first_purchase_only.to_string(),
                p.active.to_string(),
                p.uses.to_string(),
                p.revenue.to_string(),
                p.discount_given.to_string(),
                p.batch.clone().unwrap_or_default(),
            ]
        });
        exports::write(
            path,
            &[
                "code",
                "percent_off",
                "stars_off",
                "applies_to",
                "valid_from_utc",
                "valid_until_utc",
                "max_uses",
                "per_customer",
                "first_purchase_only",
                "active",
                "uses",
                "revenue_stars",
                "discount_stars",
                "batch",
            ],
            rows,
        )
    }

    /// One code's uses as CSV.
    pub async fn export_promo_uses(&self, id: i64, path: &Path) -> Result<Export> {
        let p = promos::get(&self.store(), id).await?;
        let uses = promos::uses(&self.store(), id).await?;
        let rows = uses.iter().map(|u| {
            vec![
                p.code.clone(),
                u.order_id.to_string(),
                iso_utc(u.at),
                u.customer_id.to_string(),
                cell(&u.customer_name).into_owned(),
                cell(&u.title).into_owned(),
                u.list_price.to_string(),
                u.discount.to_string(),
                u.paid.to_string(),
                u.refunded.to_string(),
            ]
        });
        exports::write(
            path,
            &[
                "code",
                "order_id",
                "at_utc",
                "customer_id",
                "customer",
                "item",
                "list_price",
                "discount",
                "paid_stars",
                "refunded",
            ],
            rows,
        )
    }
}
