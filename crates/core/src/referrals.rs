//! The shop's own referral program: every customer has a link; a new customer who arrives through
//! one belongs to that referrer (first link wins); each payment of a referred customer earns the
//! referrer a commission for a while, in thousandths of a Star, written in the payment's own
//! transaction, pending for a hold period, then available; a refund reverses it. Stars cannot go
//! from a bot to a person, so the merchant pays out as store credit (taken off the referrer's
//! next purchases) or outside Stardesk (a gift, a transfer), each payout audited.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::{
    audit::{self, Line, Who},
    catalog::stars,
    db::{self, Store, now},
    error::{Error, Result},
    promos::Item,
    stepup,
};

pub const DEFAULT_PERCENT: i64 = 10;
pub const MAX_PERCENT: i64 = 50;
pub const DEFAULT_MONTHS: i64 = 12;
pub const DEFAULT_HOLD_DAYS: i64 = 21;
const DAY: i64 = 86_400;
/// A month of a referral's duration: 30 days, like a subscription's period.
const MONTH: i64 = 30 * DAY;

const PERCENT_KEY: &str = "referral_percent";
const MONTHS_KEY: &str = "referral_months";
const HOLD_KEY: &str = "referral_hold_days";

/// The program's terms, as the merchant set them.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct ReferralSettings {
    /// Whole percent of each payment, 0 to 50; 0 turns commissions off.
    pub percent: i64,
    /// How long after the referral its payments earn, in months of 30 days (1 to 120).
    pub months: i64,
    /// Days a commission stays pending before it can be paid out (0 to 90).
    pub hold_days: i64,
}

impl Default for ReferralSettings {
    fn default() -> Self {
        ReferralSettings {
            percent: DEFAULT_PERCENT,
            months: DEFAULT_MONTHS,
            hold_days: DEFAULT_HOLD_DAYS,
        }
    }
}

impl ReferralSettings {
    pub fn validate(&self) -> Result<()> {
        if !(0..=MAX_PERCENT).contains(&self.percent) {
            return Err(Error::invalid(
                "The commission must be a whole percent from 0 to 50.",
            ));
        }
        if !(1..=120).contains(&self.months) {
            return Err(Error::invalid(
                "Commissions are earned for 1 to 120 months after a referral.",
            ));
        }
        if !(0..=90).contains(&self.hold_days) {
            return Err(Error::invalid("The hold period is 0 to 90 days."));
        }
        Ok(())
    }
}

pub async fn settings(db: &mut SqliteConnection) -> Result<ReferralSettings> {
    let d = ReferralSettings::default();
    let read = async |db: &mut SqliteConnection, key: &str, default: i64| -> Result<i64> {
        Ok(db::settings::get(db, key)
            .await?
            .and_then(|v| v.parse().ok())
            .unwrap_or(default))
    };
    Ok(ReferralSettings {
        percent: read(db, PERCENT_KEY, d.percent).await?,
        months: read(db, MONTHS_KEY, d.months).await?,
        hold_days: read(db, HOLD_KEY, d.hold_days).await?,
    })
}

pub async fn get_settings(store: &Store) -> Result<ReferralSettings> {
    let mut conn = store.read.acquire().await?;
    settings(&mut conn).await
}

/// Saves the program's terms; each change is a line of the trail. New terms apply to payments
/// from now on: commissions earned stay as they were.
pub async fn set_settings(
    store: &Store,
    who: &Who,
    new: &ReferralSettings,
) -> Result<ReferralSettings> {
    new.validate()?;
    let mut tx = store.write.begin().await?;
    let old = settings(&mut tx).await?;
    let changes = [
        (
            PERCENT_KEY,
            "referral.percent",
            old.percent,
            new.percent,
            "%",
        ),
        (
            MONTHS_KEY,
            "referral.months",
            old.months,
            new.months,
            " months",
        ),
        (
            HOLD_KEY,
            "referral.hold",
            old.hold_days,
            new.hold_days,
            " days",
        ),
    ];
    for (key, action, before, after, unit) in changes {
        if before == after {
            continue;
        }
        db::settings::set(&mut *tx, key, &after.to_string()).await?;
        let line = Line {
            action,
            subject: "Referral program".into(),
            before: Some(format!("{before}{unit}")),
            after: Some(format!("{after}{unit}")),
            reason: "",
        };
        audit::record(&mut *tx, who, line).await?;
    }
    tx.commit().await?;
    Ok(*new)
}

/// A personal code: 8 letters and digits that read unambiguously.
fn new_code() -> String {
    crate::promos::random_code(b"abcdefghjkmnpqrstuvwxyz23456789")
}

/// The customer's referral code, made the first time it is asked for.
pub async fn code(store: &Store, customer_id: i64) -> Result<String> {
    if let Some(code) = db::referrals::code_of(&store.read, customer_id).await? {
        return Ok(code);
    }
    let mut tx = store.write.begin().await?;
    let code = loop {
        if let Some(code) = db::referrals::code_of(&mut *tx, customer_id).await? {
            break code;
        }
        let code = new_code();
        if db::referrals::set_code(&mut *tx, customer_id, &code).await? {
            break code;
        }
        if db::customers::get(&mut *tx, customer_id).await?.is_none() {
            return Err(Error::NotFound("customer"));
        }
    };
    tx.commit().await?;
    Ok(code)
}

/// `https://t.me/<bot>?start=r_<code>`.
pub fn link(bot_username: &str, code: &str) -> String {
    format!("https://t.me/{bot_username}?start=r_{code}")
}

/// What came of a referral link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arrival {
    /// A new customer, now the referrer's.
    Referred {
        referrer_id: i64,
        referrer_name: String,
    },
    /// No one has that code.
    UnknownCode,
    /// The customer's own link.
    Own,
    /// The bot knew this customer before: existing customers don't count.
    Existing,
    /// Another link came first.
    Taken,
}

/// A `/start r_<code>`: the customer belongs to the code's owner when they are new, i.e. the
/// bot had not seen them before this message (`was_new`, decided before they were recorded).
pub async fn arrive(store: &Store, customer_id: i64, code: &str, was_new: bool) -> Result<Arrival> {
    let Some(referrer) = db::referrals::by_code(&store.read, code).await? else {
        return Ok(Arrival::UnknownCode);
    };
    if referrer == customer_id {
        return Ok(Arrival::Own);
    }
    if db::referrals::of_customer(&store.read, customer_id)
        .await?
        .is_some()
    {
        return Ok(Arrival::Taken);
    }
    if !was_new {
        return Ok(Arrival::Existing);
    }
    attribute(store, customer_id, referrer).await
}

/// Ties a customer to a referrer now (the first link wins), with the program's duration.
pub(crate) async fn attribute(store: &Store, customer_id: i64, referrer: i64) -> Result<Arrival> {
    let mut tx = store.write.begin().await?;
    let terms = settings(&mut tx).await?;
    let at = now();
    let done = db::referrals::attribute(
        &mut *tx,
        customer_id,
        referrer,
        at,
        at + terms.months * MONTH,
    )
    .await?;
    let name = db::customers::get(&mut *tx, referrer)
        .await?
        .map_or_else(String::new, |c| c.first_name);
    tx.commit().await?;
    Ok(if done {
        Arrival::Referred {
            referrer_id: referrer,
            referrer_name: name,
        }
    } else {
        Arrival::Taken
    })
}

/// A paid order of a referred customer, in the payment's own transaction: counted on their
/// referral (orders and Stars, for the Referrals page), and, when its goods go out, earning the
/// referrer a commission: `percent` of what the customer paid (the item's own rate, or the
/// shop's), in thousandths of a Star, pending for the hold period. No commission once the
/// referral's time is over, at a rate of 0, or when nothing was paid in Stars. Called once per
/// new order; the commission earned, in thousandths. `known`: the customer's referral as the
/// payment read it already (`Some`), else it is read here.
pub async fn earn(
    tx: &mut SqliteConnection,
    order_id: i64,
    (customer_id, known): (i64, Option<Option<db::referrals::Referral>>),
    paid: i64,
    item: Option<Item>,
    at: i64,
) -> Result<i64> {
    let referral = match known {
        Some(referral) => referral,
        None => db::referrals::of_customer(&mut *tx, customer_id).await?,
    };
    let Some(referral) = referral else {
        return Ok(0);
    };
    let mut millistars = 0;
    if let Some(item) = item
        && paid > 0
        && at < referral.ends_at
    {
        let terms = settings(tx).await?;
        let (product, plan) = item.ids();
        let percent = db::referrals::item_percent(&mut *tx, product, plan)
            .await?
            .unwrap_or(terms.percent);
        if percent > 0 {
            let c = db::referrals::NewCommission {
                referrer_id: referral.referrer_id,
                order_id,
                // Whole Stars times whole percent, in thousandths: exact.
                millistars: paid * percent * 10,
                percent,
                available_at: at + terms.hold_days * DAY,
            };
            if db::referrals::insert_commission(&mut *tx, &c, at).await? {
                millistars = c.millistars;
            }
        }
    }
    db::referrals::add_to_totals(&mut *tx, customer_id, 1, paid, millistars).await?;
    Ok(millistars)
}

/// A refunded order of a referred customer, in the refund's transaction: its commission
/// reversed with a negative line (also after it was paid out: the referrer's balance goes down)
/// and the order taken off their referral's totals. Called once per refund; the commission
/// taken back, in thousandths (negative).
pub async fn reverse(
    tx: &mut SqliteConnection,
    order: &crate::orders::Order,
    at: i64,
) -> Result<i64> {
    let reversed = db::referrals::reverse(&mut *tx, order.id, at)
        .await?
        .map_or(0, |(_, millistars)| millistars);
    db::referrals::add_to_totals(&mut *tx, order.customer_id, -1, -order.stars, -reversed).await?;
    Ok(reversed)
}

/// Thousandths of a Star in words: "20 Stars", "20.5 Stars", "0.125 Stars".
pub fn stars_exact(millistars: i64) -> String {
    if millistars % 1000 == 0 {
        return stars(millistars / 1000);
    }
    format!("{} Stars", millistars_text(millistars))
}

/// Thousandths of a Star as a number, as exact as they are: "20", "20.5", "-0.125".
pub fn millistars_text(millistars: i64) -> String {
    let sign = if millistars < 0 { "-" } else { "" };
    let m = millistars.unsigned_abs();
    if m.is_multiple_of(1000) {
        return format!("{sign}{}", m / 1000);
    }
    let frac = format!("{:03}", m % 1000);
    format!("{sign}{}.{}", m / 1000, frac.trim_end_matches('0'))
}

/// Thousandths of a Star as whole Stars, rounded down (what can be paid out).
pub fn whole(millistars: i64) -> i64 {
    millistars.div_euclid(1000)
}

/// A referrer with their figures. Commission amounts are in thousandths of a Star.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Referrer {
    pub customer_id: i64,
    pub name: String,
    pub username: Option<String>,
    pub code: Option<String>,
    /// People who arrived through their link.
    pub invited: i64,
    /// Of them, how many bought something (not refunded).
    pub buyers: i64,
    /// Stars the people they brought paid (refunds left out).
    pub revenue: i64,
    /// Commission earned, net of reversals (thousandths).
    pub earned: i64,
    /// Still on hold (thousandths).
    pub pending: i64,
    /// Earned, past the hold, not paid out (thousandths; negative after a refund of a
    /// commission already paid).
    pub available: i64,
    /// Paid out, in whole Stars (credit and outside).
    pub paid: i64,
    /// Store credit they have not spent yet, in whole Stars.
    pub credit: i64,
}

impl Referrer {
    pub(crate) fn new(
        customer_id: i64,
        name: String,
        username: Option<String>,
        code: Option<String>,
        [invited, buyers, revenue]: [i64; 3],
        [earned, pending]: [i64; 2],
        [paid, credited, credit_used]: [i64; 3],
    ) -> Referrer {
        Referrer {
            customer_id,
            name,
            username,
            code,
            invited,
            buyers,
            revenue,
            earned,
            pending,
            available: earned - pending - paid * 1000,
            paid,
            credit: credited - credit_used,
        }
    }

    /// Whole Stars that can be paid out now.
    pub fn due(&self) -> i64 {
        whole(self.available).max(0)
    }
}

/// One line of a referrer's ledger: a commission (`earned`), its reversal (`reversed`), or a
/// payout (`payout_credit`, `payout_outside`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct LedgerLine {
    pub at: i64,
    pub kind: String,
    pub order_id: Option<i64>,
    pub customer_id: Option<i64>,
    pub customer_name: Option<String>,
    pub title: Option<String>,
    pub order_stars: Option<i64>,
    pub percent: Option<i64>,
    /// Thousandths of a Star, signed as it moves the referrer's balance.
    pub millistars: i64,
    /// When a commission leaves its hold.
    pub available_at: Option<i64>,
    pub note: Option<String>,
    pub by: Option<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PayoutMethod {
    /// Taken off the referrer's next purchases.
    Credit,
    /// Paid some other way (a gift, a transfer), recorded with a note.
    Outside,
}

impl PayoutMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            PayoutMethod::Credit => "credit",
            PayoutMethod::Outside => "outside",
        }
    }

    pub fn parse(s: &str) -> Option<PayoutMethod> {
        match s {
            "credit" => Some(PayoutMethod::Credit),
            "outside" => Some(PayoutMethod::Outside),
            _ => None,
        }
    }

    fn words(self) -> &'static str {
        match self {
            PayoutMethod::Credit => "as store credit",
            PayoutMethod::Outside => "outside Stardesk",
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Payout {
    pub id: i64,
    pub referrer_id: i64,
    pub referrer_name: String,
    pub stars: i64,
    pub method: PayoutMethod,
    pub note: String,
    pub by: String,
    pub at: i64,
}

/// A referrer's page: figures, the people they brought, the ledger.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ReferrerDetail {
    pub referrer: Referrer,
    pub invited: Vec<Invited>,
    pub ledger: Vec<LedgerLine>,
    /// The shop's clock when it was read (the simulator's in demo mode): a commission whose
    /// `available_at` is later is still on hold.
    pub now: i64,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Invited {
    pub customer_id: i64,
    pub name: String,
    pub since: i64,
    pub orders: i64,
    pub stars: i64,
}

pub async fn referrers(store: &Store, now: i64) -> Result<Vec<Referrer>> {
    db::referrals::referrers(&store.read, now, 1000).await
}

pub async fn referrer(store: &Store, customer_id: i64, now: i64) -> Result<Referrer> {
    db::referrals::referrer(&store.read, customer_id, now)
        .await?
        .ok_or(Error::NotFound("customer"))
}

pub async fn detail(store: &Store, customer_id: i64, now: i64) -> Result<ReferrerDetail> {
    let referrer = referrer(store, customer_id, now).await?;
    let invited = db::referrals::invited(&store.read, customer_id, 500)
        .await?
        .into_iter()
        .map(|(customer_id, name, since, orders, stars)| Invited {
            customer_id,
            name,
            since,
            orders,
            stars,
        })
        .collect();
    let ledger = db::referrals::ledger(&store.read, customer_id, 1000).await?;
    Ok(ReferrerDetail {
        referrer,
        invited,
        ledger,
        now,
    })
}

/// Referrers with whole Stars available to pay out, most first.
pub async fn payouts_due(store: &Store, now: i64) -> Result<Vec<Referrer>> {
    let mut due: Vec<Referrer> = referrers(store, now)
        .await?
        .into_iter()
        .filter(|r| r.due() > 0)
        .collect();
    due.sort_by_key(|r| std::cmp::Reverse(r.available));
    Ok(due)
}

pub async fn payouts(store: &Store) -> Result<Vec<Payout>> {
    db::referrals::payouts(&store.read, 500).await
}

/// A payout the merchant marks.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PayoutDraft {
    pub referrer_id: i64,
    /// Whole Stars.
    pub stars: i64,
    pub method: PayoutMethod,
    pub note: String,
}

/// The merchant pays a referrer `stars` of their available commission, as store credit or
/// outside Stardesk. At most what is available; above the step-up threshold (when step-up is
/// on) a current code is asked. Audited, in one transaction.
pub async fn pay_out(
    store: &Store,
    who: &Who,
    out: &PayoutDraft,
    code: Option<&str>,
    now_at: i64,
) -> Result<Payout> {
    let (referrer_id, stars_out, method) = (out.referrer_id, out.stars, out.method);
    if stars_out < 1 {
        return Err(Error::invalid("A payout is at least 1 Star."));
    }
    let note = out.note.trim();
    if method == PayoutMethod::Outside && note.is_empty() {
        return Err(Error::invalid(
            "Say how it was paid (a gift, a transfer…): the note is kept with the payout.",
        ));
    }
    if note.chars().count() > 500 {
        return Err(Error::invalid("The note is at most 500 characters."));
    }
    if who.actor == audit::Actor::Operator && stepup::required_for_refund(store, stars_out).await? {
        stepup::check(store, code).await?;
    }
    let mut tx = store.write.begin().await?;
    let r = db::referrals::referrer(&mut *tx, referrer_id, now_at)
        .await?
        .ok_or(Error::NotFound("customer"))?;
    if stars_out > r.due() {
        return Err(Error::invalid(format!(
            "{} has {} available to pay out; {} is more than that.",
            r.name,
            stars(r.due()),
            stars(stars_out)
        )));
    }
    let id =
        db::referrals::insert_payout(&mut *tx, referrer_id, stars_out, method, note, who, now())
            .await?;
    let line = Line {
        action: "referral.payout",
        subject: format!("{} (customer #{referrer_id})", r.name),
        before: Some(format!("{} available", stars(r.due()))),
        after: Some(format!("{} paid {}", stars(stars_out), method.words())),
        reason: note,
    };
    audit::record(&mut *tx, who, line).await?;
    tx.commit().await?;
    db::referrals::payouts(&store.read, 50)
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(Error::NotFound("payout"))
}

/// What `/referrals` shows a customer, in whole Stars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyReferrals {
    pub code: String,
    pub terms: ReferralSettings,
    pub invited: i64,
    pub buyers: i64,
    pub pending: i64,
    pub available: i64,
    pub paid: i64,
    pub credit: i64,
}

pub async fn mine(store: &Store, customer_id: i64, now_at: i64) -> Result<MyReferrals> {
    let code = code(store, customer_id).await?;
    let r = referrer(store, customer_id, now_at).await?;
    let credit = db::referrals::credit_left(&store.read, customer_id, db::now(), "").await?;
    Ok(MyReferrals {
        code,
        terms: get_settings(store).await?,
        invited: r.invited,
        buyers: r.buyers,
        pending: whole(r.pending),
        available: whole(r.available),
        paid: r.paid,
        credit: credit.max(0),
    })
}

/// A product or plan whose commission differs from the shop's.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct RateOverride {
    pub product_id: Option<i64>,
    pub plan_id: Option<i64>,
    pub title: String,
    pub percent: i64,
}

pub async fn overrides(store: &Store) -> Result<Vec<RateOverride>> {
    Ok(db::referrals::overrides(&store.read)
        .await?
        .into_iter()
        .map(|(product_id, plan_id, title, percent)| RateOverride {
            product_id,
            plan_id,
            title,
            percent,
        })
        .collect())
}

/// Gives a product or plan its own commission rate (0 to 50 %), or back the shop's (`None`).
pub async fn set_override(
    store: &Store,
    who: &Who,
    item: Item,
    percent: Option<i64>,
) -> Result<Vec<RateOverride>> {
    if percent.is_some_and(|p| !(0..=MAX_PERCENT).contains(&p)) {
        return Err(Error::invalid(
            "The commission must be a whole percent from 0 to 50.",
        ));
    }
    let mut tx = store.write.begin().await?;
    let (product, plan) = item.ids();
    let before = db::referrals::item_percent(&mut *tx, product, plan).await?;
    let (found, subject) = match item {
        Item::Product(id) => {
            let title = db::products::terms(&mut *tx, id).await?.map(|p| p.title);
            (
                db::referrals::set_product_percent(&mut *tx, id, percent).await?,
                crate::catalog::subject(id, &title.unwrap_or_default()),
            )
        }
        Item::Plan(id) => {
            let title = db::subscriptions::plan(&mut *tx, id)
                .await?
                .map(|p| p.title);
            (
                db::referrals::set_plan_percent(&mut *tx, id, percent).await?,
                format!("{} (plan #{id})", title.unwrap_or_default()),
            )
        }
    };
    if !found {
        return Err(Error::NotFound("product or plan"));
    }
    if before != percent {
        let words =
            |p: Option<i64>| p.map_or_else(|| "the shop's rate".to_string(), |p| format!("{p}%"));
        let line = Line {
            action: "referral.rate",
            subject,
            before: Some(words(before)),
            after: Some(words(percent)),
            reason: "",
        };
        audit::record(&mut *tx, who, line).await?;
    }
    tx.commit().await?;
    overrides(store).await
}
