//! Promo codes: a percentage or a number of Stars off (never below 1 Star), on everything or on
//! chosen products and plans, within dates, with a total and a per-customer limit, optionally
//! for first purchases only. A customer applies a code in the chat; the invoice carries the
//! discounted price in its signed payload; pre-checkout checks the code again and keeps one use
//! with the unit of stock; the payment takes the use in the order's own transaction.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::{
    audit::{self, Line, Who},
    catalog::{MAX_PRICE, stars},
    db::{self, Store, now},
    error::{Error, Result},
};

/// A promo code with what it did: uses, Stars its orders brought, discount given.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Promo {
    pub id: i64,
    pub code: String,
    pub percent_off: Option<i64>,
    pub stars_off: Option<i64>,
    /// On every product and plan; otherwise on `product_ids` and `plan_ids`.
    pub all_items: bool,
    pub product_ids: Vec<i64>,
    pub plan_ids: Vec<i64>,
    pub valid_from: Option<i64>,
    pub valid_until: Option<i64>,
    /// Uses in all; `None` is no limit.
    pub max_uses: Option<i64>,
    /// Uses per customer; `None` is no limit.
    pub per_customer: Option<i64>,
    pub first_purchase_only: bool,
    /// The bulk batch it was generated in.
    pub batch: Option<String>,
    pub active: bool,
    pub created_at: i64,
    pub uses: i64,
    /// Stars paid by the orders that used it (refunds left out).
    pub revenue: i64,
    pub discount_given: i64,
}

impl Promo {
    /// The price of an item of `list` Stars with this code: never below 1 Star. A percentage
    /// takes off whole Stars, rounded down.
    pub fn price(&self, list: i64) -> i64 {
        discounted(list, self.percent_off, self.stars_off)
    }

    /// "10% off", "25 ⭐ off", as the chat says it to a customer in `l`.
    pub fn words_in(&self, l: crate::texts::Lang) -> String {
        use crate::tr;
        match (self.percent_off, self.stars_off) {
            (Some(p), _) => tr!(l, "promo-percent-off", percent = p),
            (None, Some(s)) => tr!(l, "promo-stars-off", stars = crate::texts::stars(s)),
            _ => String::new(),
        }
    }

    /// "10% off", "25 ⭐ off", as the window and the terminal say it.
    pub fn words(&self) -> String {
        match (self.percent_off, self.stars_off) {
            (Some(p), _) => format!("{p}% off"),
            (None, Some(s)) => format!("{} off", crate::texts::stars(s)),
            _ => String::new(),
        }
    }
}

pub fn discounted(list: i64, percent_off: Option<i64>, stars_off: Option<i64>) -> i64 {
    let off = match (percent_off, stars_off) {
        (Some(p), _) => list * p / 100,
        (None, Some(s)) => s,
        _ => 0,
    };
    (list - off).max(1).min(list)
}

/// What the merchant fills in for a code (or, with `count`, a batch of one-time codes).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct PromoDraft {
    pub code: String,
    pub percent_off: Option<i64>,
    pub stars_off: Option<i64>,
    /// Empty with `plan_ids` empty: every product and plan.
    pub product_ids: Vec<i64>,
    pub plan_ids: Vec<i64>,
    pub valid_from: Option<i64>,
    pub valid_until: Option<i64>,
    pub max_uses: Option<i64>,
    pub per_customer: Option<i64>,
    pub first_purchase_only: bool,
}

/// Letters, digits, `_` and `-`, 3 to 32 of them: what fits a `start=promo_CODE` deep link.
pub fn validate_code(code: &str) -> Result<()> {
    let n = code.chars().count();
    if !(3..=32).contains(&n) {
        return Err(Error::invalid("A code is 3 to 32 characters long."));
    }
    if !code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(Error::invalid(
            "A code is made of Latin letters, digits, _ and - only (it goes into a t.me link).",
        ));
    }
    Ok(())
}

impl PromoDraft {
    pub fn validate(&self) -> Result<()> {
        validate_code(self.code.trim())?;
        self.validate_terms()
    }

    fn validate_terms(&self) -> Result<()> {
        match (self.percent_off, self.stars_off) {
            (Some(p), None) if (1..=99).contains(&p) => {}
            (Some(_), None) => {
                return Err(Error::invalid("A percentage off is 1 to 99 %."));
            }
            (None, Some(s)) if (1..=MAX_PRICE).contains(&s) => {}
            (None, Some(_)) => {
                return Err(Error::invalid(
                    "Stars off is a whole number from 1 to 10,000.",
                ));
            }
            _ => {
                return Err(Error::invalid(
                    "Choose either a percentage off or a number of Stars off.",
                ));
            }
        }
        if let (Some(from), Some(until)) = (self.valid_from, self.valid_until)
            && until <= from
        {
            return Err(Error::invalid(
                "\"Valid until\" must be after \"valid from\".",
            ));
        }
        if self.max_uses.is_some_and(|n| n < 1) {
            return Err(Error::invalid(
                "The total number of uses is at least 1, or empty for no limit.",
            ));
        }
        if self.per_customer.is_some_and(|n| n < 1) {
            return Err(Error::invalid(
                "Uses per customer is at least 1, or empty for no limit.",
            ));
        }
        Ok(())
    }

    fn summary(&self) -> String {
        let mut out = match (self.percent_off, self.stars_off) {
            (Some(p), _) => format!("{p}% off"),
            (None, Some(s)) => format!("{} off", stars(s)),
            _ => String::new(),
        };
        if self.product_ids.is_empty() && self.plan_ids.is_empty() {
            out.push_str(" everything");
        } else {
            out.push_str(&format!(
                " {} products, {} plans",
                self.product_ids.len(),
                self.plan_ids.len()
            ));
        }
        if let Some(n) = self.max_uses {
            out.push_str(&format!(" · {n} uses"));
        }
        match self.per_customer {
            Some(n) => out.push_str(&format!(" · {n} per customer")),
            None => out.push_str(" · no limit per customer"),
        }
        if self.first_purchase_only {
            out.push_str(" · first purchase only");
        }
        if let Some(u) = self.valid_until {
            out.push_str(&format!(" · until {}", audit::iso_utc(u)));
        }
        out
    }
}

async fn insert(
    tx: &mut SqliteConnection,
    draft: &PromoDraft,
    code: &str,
    batch: Option<&str>,
    at: i64,
) -> Result<Option<i64>> {
    let all = draft.product_ids.is_empty() && draft.plan_ids.is_empty();
    let new = db::promos::NewPromo {
        code,
        percent_off: draft.percent_off,
        stars_off: draft.stars_off,
        all_items: all,
        valid_from: draft.valid_from,
        valid_until: draft.valid_until,
        max_uses: draft.max_uses,
        per_customer: draft.per_customer,
        first_purchase_only: draft.first_purchase_only,
        batch,
    };
    let Some(id) = db::promos::insert(&mut *tx, &new, at).await? else {
        return Ok(None);
    };
    for &p in &draft.product_ids {
        if db::products::terms(&mut *tx, p).await?.is_none() {
            return Err(Error::invalid(format!("There is no product #{p}.")));
        }
        db::promos::insert_item(&mut *tx, id, Some(p), None).await?;
    }
    for &p in &draft.plan_ids {
        if db::subscriptions::plan(&mut *tx, p).await?.is_none() {
            return Err(Error::invalid(format!("There is no plan #{p}.")));
        }
        db::promos::insert_item(&mut *tx, id, None, Some(p)).await?;
    }
    Ok(Some(id))
}

pub async fn create(store: &Store, who: &Who, draft: &PromoDraft) -> Result<Promo> {
    create_as(store, Some(who), draft).await
}

/// `create`, with no line in the trail when no one made it (the demo's sample code).
pub(crate) async fn create_as(
    store: &Store,
    who: Option<&Who>,
    draft: &PromoDraft,
) -> Result<Promo> {
    draft.validate()?;
    let code = draft.code.trim().to_string();
    let mut tx = store.write.begin().await?;
    let Some(id) = insert(&mut tx, draft, &code, None, now()).await? else {
        return Err(Error::invalid(format!(
            "The code {code} exists already (codes are the same whatever their case)."
        )));
    };
    if let Some(who) = who {
        let line = Line {
            action: "promo.create",
            subject: format!("Promo code {code}"),
            before: None,
            after: Some(draft.summary()),
            reason: "",
        };
        audit::record(&mut *tx, who, line).await?;
    }
    tx.commit().await?;
    get(store, id).await
}

pub const MAX_BATCH: i64 = 10_000;

/// A bulk batch as generated: its name (what its CSV export asks for) and its codes.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct GeneratedBatch {
    pub batch: String,
    pub codes: Vec<String>,
}

/// A batch of one-time codes: `prefix` then 8 random letters and digits, each usable once by
/// one customer (the draft's own code and limits are ignored). Returns the batch's name.
pub async fn generate(
    store: &Store,
    who: &Who,
    prefix: &str,
    count: i64,
    draft: &PromoDraft,
) -> Result<(String, Vec<String>)> {
    let prefix = prefix.trim().to_ascii_uppercase();
    if !(1..=MAX_BATCH).contains(&count) {
        return Err(Error::invalid("Generate 1 to 10,000 codes at a time."));
    }
    if prefix.chars().count() > 16 {
        return Err(Error::invalid("The prefix is at most 16 characters."));
    }
    if !prefix.is_empty() {
        validate_code(&format!("{prefix}XXXXXXXX"))?;
    }
    let draft = PromoDraft {
        code: String::new(),
        max_uses: Some(1),
        per_customer: Some(1),
        ..draft.clone()
    };
    draft.validate_terms()?;
    let at = now();
    let base = format!(
        "{}{}",
        if prefix.is_empty() { "CODES" } else { &prefix },
        at
    );
    let mut tx = store.write.begin().await?;
    // Two batches with one prefix in the same second stay apart (an export asks by the name).
    let mut batch = base.clone();
    let mut n = 2;
    while !db::promos::batch_codes(&mut *tx, &batch).await?.is_empty() {
        batch = format!("{base}-{n}");
        n += 1;
    }
    let mut codes = Vec::with_capacity(count as usize);
    while (codes.len() as i64) < count {
        let code = format!("{prefix}{}", random_part());
        if insert(&mut tx, &draft, &code, Some(&batch), at)
            .await?
            .is_some()
        {
            codes.push(code);
        }
    }
    let line = Line {
        action: "promo.generate",
        subject: format!("Promo batch {batch}"),
        before: None,
        after: Some(format!("{count} one-time codes, {}", draft.summary())),
        reason: "",
    };
    audit::record(&mut *tx, who, line).await?;
    tx.commit().await?;
    Ok((batch, codes))
}

fn random_part() -> String {
    random_code(b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
}

/// 8 random characters of `alphabet` (one without look-alikes such as 0/O and 1/I/l).
pub(crate) fn random_code(alphabet: &[u8]) -> String {
    (0..8)
        .map(|_| alphabet[rand::random_range(0..alphabet.len())] as char)
        .collect()
}

pub async fn get(store: &Store, id: i64) -> Result<Promo> {
    get_in(&store.read, id).await
}

async fn get_in(db: &sqlx::SqlitePool, id: i64) -> Result<Promo> {
    let mut p = db::promos::get(db, id)
        .await?
        .ok_or(Error::NotFound("promo code"))?;
    (p.product_ids, p.plan_ids) = db::promos::items(db, id).await?;
    Ok(p)
}

/// Every code, newest first: what the Promo codes page lists and an export writes.
pub async fn list(store: &Store) -> Result<Vec<Promo>> {
    with_items(store, db::promos::list(&store.read, i64::MAX).await?).await
}

/// Every code of one bulk batch, in the order they were made.
pub async fn of_batch(store: &Store, batch: &str) -> Result<Vec<Promo>> {
    with_items(store, db::promos::of_batch(&store.read, batch).await?).await
}

async fn with_items(store: &Store, mut list: Vec<Promo>) -> Result<Vec<Promo>> {
    for p in list.iter_mut().filter(|p| !p.all_items) {
        (p.product_ids, p.plan_ids) = db::promos::items(&store.read, p.id).await?;
    }
    Ok(list)
}

pub async fn batch_codes(store: &Store, batch: &str) -> Result<Vec<String>> {
    db::promos::batch_codes(&store.read, batch).await
}

/// Deactivated codes are refused from now on; invoices already paid keep their price.
pub async fn set_active(store: &Store, who: &Who, id: i64, active: bool) -> Result<Promo> {
    let mut tx = store.write.begin().await?;
    let p = db::promos::get(&mut *tx, id)
        .await?
        .ok_or(Error::NotFound("promo code"))?;
    if db::promos::set_active(&mut *tx, id, active, now()).await? {
        let (action, before, after) = if active {
            ("promo.activate", "inactive", "active")
        } else {
            ("promo.deactivate", "active", "inactive")
        };
        let line = Line {
            action,
            subject: format!("Promo code {}", p.code),
            before: Some(before.into()),
            after: Some(after.into()),
            reason: "",
        };
        audit::record(&mut *tx, who, line).await?;
    }
    tx.commit().await?;
    get(store, id).await
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PromoUse {
    pub order_id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub title: String,
    pub list_price: i64,
    pub discount: i64,
    pub paid: i64,
    pub refunded: bool,
    pub at: i64,
}

pub async fn uses(store: &Store, id: i64) -> Result<Vec<PromoUse>> {
    db::promos::uses(&store.read, id, 2000).await
}

/// What a promo did on one order: the code, the list price, the discount.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct OrderPromo {
    pub code: String,
    pub list_price: i64,
    pub discount: i64,
}

pub async fn of_order(store: &Store, order_id: i64) -> Result<Option<OrderPromo>> {
    Ok(db::promos::of_order(&store.read, order_id)
        .await?
        .map(|(code, list_price, discount)| OrderPromo {
            code,
            list_price,
            discount,
        }))
}

/// What lowered an order's price besides Telegram's charge: its promo code, and the store credit
/// it took (whole Stars; `stars` on the order stays what Telegram charged).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct OrderPricing {
    pub promo: Option<OrderPromo>,
    pub credit_stars: i64,
}

pub async fn pricing_of_order(store: &Store, order_id: i64) -> Result<OrderPricing> {
    let (_, credit_stars) = db::promos::pricing(&store.read, order_id).await?;
    Ok(OrderPricing {
        promo: of_order(store, order_id).await?,
        credit_stars,
    })
}

// ---- in the chat ----

/// Why a code cannot be used; each has the sentence the customer reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromoRefusal {
    Unknown(String),
    Inactive(String),
    NotYet(String, i64),
    Expired(String, i64),
    UsedUp(String),
    UsedByYou(String),
    FirstPurchaseOnly(String),
    NotForThis(String),
}

impl PromoRefusal {
    /// The sentence the customer reads, in their language.
    pub fn message(&self, l: crate::texts::Lang) -> String {
        use crate::{texts::day, tr};
        match self {
            PromoRefusal::Unknown(c) => tr!(l, "promo-unknown", code = c.as_str()),
            PromoRefusal::Inactive(c) => tr!(l, "promo-inactive", code = c.as_str()),
            PromoRefusal::NotYet(c, from) => {
                tr!(l, "promo-not-yet", code = c.as_str(), day = day(l, *from))
            }
            PromoRefusal::Expired(c, until) => {
                tr!(l, "promo-expired", code = c.as_str(), day = day(l, *until))
            }
            PromoRefusal::UsedUp(c) => tr!(l, "promo-used-up", code = c.as_str()),
            PromoRefusal::UsedByYou(c) => tr!(l, "promo-used-by-you", code = c.as_str()),
            PromoRefusal::FirstPurchaseOnly(c) => tr!(l, "promo-first-only", code = c.as_str()),
            PromoRefusal::NotForThis(c) => tr!(l, "promo-not-for-item", code = c.as_str()),
        }
    }
}

/// An item for sale: a product or a subscription plan.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Item {
    Product(i64),
    Plan(i64),
}

impl Item {
    /// (product id, plan id).
    pub fn ids(self) -> (Option<i64>, Option<i64>) {
        match self {
            Item::Product(id) => (Some(id), None),
            Item::Plan(id) => (None, Some(id)),
        }
    }
}

/// Checks a code for a customer (and an item, when there is one): active, within its dates,
/// uses left in all and for this customer (paid and kept by live invoices, `except` the
/// invoice being checked), first purchase, and the item covered.
pub async fn check(
    db: &mut SqliteConnection,
    p: &Promo,
    customer_id: i64,
    item: Option<Item>,
    at: i64,
    except: &str,
) -> Result<std::result::Result<(), PromoRefusal>> {
    let code = p.code.clone();
    if !p.active {
        return Ok(Err(PromoRefusal::Inactive(code)));
    }
    if let Some(from) = p.valid_from
        && at < from
    {
        return Ok(Err(PromoRefusal::NotYet(code, from)));
    }
    if let Some(until) = p.valid_until
        && at >= until
    {
        return Ok(Err(PromoRefusal::Expired(code, until)));
    }
    let (all, mine) = db::promos::taken(&mut *db, p.id, customer_id, at, except).await?;
    if p.per_customer.is_some_and(|n| mine >= n) {
        return Ok(Err(PromoRefusal::UsedByYou(code)));
    }
    if p.max_uses.is_some_and(|n| all >= n) {
        return Ok(Err(PromoRefusal::UsedUp(code)));
    }
    if p.first_purchase_only && db::promos::has_bought(&mut *db, customer_id).await? {
        return Ok(Err(PromoRefusal::FirstPurchaseOnly(code)));
    }
    if let Some(item) = item
        && !p.all_items
    {
        let (product, plan) = item.ids();
        if !db::promos::covers(&mut *db, p.id, product, plan).await? {
            return Ok(Err(PromoRefusal::NotForThis(code)));
        }
    }
    Ok(Ok(()))
}

/// `/promo CODE` (or `start=promo_CODE`): the code is checked and kept for the customer's next
/// invoices. Returns it, or why not.
pub async fn apply(
    store: &Store,
    customer_id: i64,
    code: &str,
) -> Result<std::result::Result<Promo, PromoRefusal>> {
    let code = code.trim();
    let shown: String = code.chars().take(32).collect();
    if validate_code(code).is_err() {
        return Ok(Err(PromoRefusal::Unknown(shown)));
    }
    let mut tx = store.write.begin().await?;
    let Some(id) = db::promos::id_by_code(&mut *tx, code).await? else {
        return Ok(Err(PromoRefusal::Unknown(shown)));
    };
    let mut p = db::promos::get(&mut *tx, id)
        .await?
        .ok_or(Error::NotFound("promo code"))?;
    (p.product_ids, p.plan_ids) = db::promos::items(&mut *tx, id).await?;
    if let Err(refusal) = check(&mut tx, &p, customer_id, None, now(), "").await? {
        return Ok(Err(refusal));
    }
    db::promos::apply(&mut *tx, customer_id, id, now()).await?;
    tx.commit().await?;
    Ok(Ok(p))
}

/// The code a customer applied, while it still holds for them (a spent or expired one is
/// forgotten quietly: the card shows the full price again).
pub async fn applied(
    db: &mut SqliteConnection,
    customer_id: i64,
    item: Option<Item>,
) -> Result<Option<Promo>> {
    let Some(id) = db::promos::applied(&mut *db, customer_id).await? else {
        return Ok(None);
    };
    applied_code(db, id, customer_id, item).await
}

/// The code `id` the customer applied, when it still holds for `item`.
pub async fn applied_code(
    db: &mut SqliteConnection,
    id: i64,
    customer_id: i64,
    item: Option<Item>,
) -> Result<Option<Promo>> {
    let Some(mut p) = db::promos::get(&mut *db, id).await? else {
        return Ok(None);
    };
    (p.product_ids, p.plan_ids) = db::promos::items(&mut *db, id).await?;
    Ok(check(db, &p, customer_id, item, now(), "")
        .await?
        .is_ok()
        .then_some(p))
}

/// Drops the customer's applied code.
pub async fn forget(store: &Store, customer_id: i64) -> Result<()> {
    db::promos::clear_applied(&store.write, customer_id).await
}

/// Records a promo use on a paid order, in the payment's transaction, and forgets the applied
/// code once the customer has used it as often as it allows.
pub async fn record_use(
    tx: &mut SqliteConnection,
    promo_id: i64,
    customer_id: i64,
    order_id: i64,
    list_price: i64,
    promo_price: i64,
    at: i64,
) -> Result<()> {
    db::promos::insert_use(
        &mut *tx,
        promo_id,
        customer_id,
        order_id,
        list_price,
        (list_price - promo_price).max(0),
        at,
    )
    .await?;
    if let Some(p) = db::promos::get(&mut *tx, promo_id).await?
        && let Some(limit) = p.per_customer
    {
        let (_, mine) = db::promos::taken(&mut *tx, promo_id, customer_id, at, "").await?;
        if mine >= limit {
            db::promos::clear_applied(&mut *tx, customer_id).await?;
        }
    }
    Ok(())
}

/// How long "Have a promo code?" waits for the code.
pub const PROMPT_SECONDS: i64 = 600;

/// "Have a promo code?" tapped on a product's card.
pub async fn ask(store: &Store, customer_id: i64, product_id: i64) -> Result<()> {
    db::promos::ask(&store.write, customer_id, product_id, now()).await
}

/// The product whose card asked for a code in the last ten minutes (asked once: taken).
pub async fn take_prompt(store: &Store, customer_id: i64) -> Result<Option<i64>> {
    db::promos::take_prompt(&store.write, customer_id, now() - PROMPT_SECONDS).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn two_batches_with_one_prefix_keep_their_own_codes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).await.unwrap();
        let who = Who::stardeskd();
        let draft = PromoDraft {
            percent_off: Some(20),
            ..PromoDraft::default()
        };
        // Back to back: most often within one second, which named both batches alike.
        let (first, a) = generate(&store, &who, "vip", 3, &draft).await.unwrap();
        let (second, b) = generate(&store, &who, "vip", 2, &draft).await.unwrap();
        assert_ne!(first, second);
        assert_eq!(batch_codes(&store, &first).await.unwrap(), a);
        assert_eq!(batch_codes(&store, &second).await.unwrap(), b);
        assert_eq!(of_batch(&store, &second).await.unwrap().len(), 2);
    }
}
