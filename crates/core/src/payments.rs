//! Payments: the pre-checkout verdict (validate, then hold one unit of stock for the invoice) and
//! the payment itself (exactly one order per charge id, its unit of stock and the revenue rollup
//! in one transaction). Reached from the bot's updates and from reconciliation alike.

use sqlx::SqliteConnection;

use crate::{
    catalog::{Kind, Terms},
    customers::Seen,
    db::{self, group, holds::Converted, now},
    deliveries::{self, Goods, Sold},
    error::{Error, Result},
    events::AppEvent,
    orders::{Order, Status},
    payload::{Payload, PlanPayload, TipPayload},
    promos::{self, Item},
    referrals, reports,
    shop::Shop,
    subscriptions,
    telegram::Telegram,
    texts::Lang,
    zone::Zone,
};

/// Why a payment is refused; each has the sentence the customer reads in Telegram's dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    InvalidInvoice,
    WrongCurrency,
    WrongAmount,
    NotYourInvoice,
    UnknownProduct,
    NotOnSale,
    PriceChanged,
    Blocked,
    LimitReached(i64),
    SoldOut,
    AlreadyPaid,
    /// A payment of this very invoice is under way (another tap on Pay).
    BeingPaid,
    /// The customer has a subscription to this plan that is not over.
    Subscribed,
    /// The customer has access to this product's channel already (named).
    HasAccess(String),
    /// The invoice's promo code cannot be used any more, and why.
    Promo(crate::promos::PromoRefusal),
    /// The store credit the invoice counted on is not there any more.
    CreditChanged,
    /// The invoice's time is over (Settings: how long an invoice stays valid).
    Expired,
    /// A limit against abuse (Settings).
    Limit(crate::limits::Exceeded),
}

impl Refusal {
    /// The sentence the customer reads, in their language.
    pub fn message(&self, l: crate::texts::Lang) -> String {
        use crate::tr;
        match self {
            Refusal::InvalidInvoice => tr!(l, "refusal-invalid-invoice"),
            Refusal::WrongCurrency => tr!(l, "refusal-wrong-currency"),
            Refusal::WrongAmount => tr!(l, "refusal-wrong-amount"),
            Refusal::NotYourInvoice => tr!(l, "refusal-not-your-invoice"),
            Refusal::UnknownProduct => tr!(l, "refusal-unknown-product"),
            Refusal::NotOnSale => tr!(l, "refusal-not-on-sale"),
            Refusal::PriceChanged => tr!(l, "refusal-price-changed"),
            Refusal::Blocked => tr!(l, "refusal-blocked"),
            Refusal::LimitReached(n) => tr!(l, "refusal-limit-reached", limit = *n),
            Refusal::SoldOut => tr!(l, "refusal-sold-out"),
            Refusal::AlreadyPaid => tr!(l, "refusal-already-paid"),
            Refusal::BeingPaid => tr!(l, "refusal-being-paid"),
            Refusal::Subscribed => tr!(l, "refusal-subscribed"),
            Refusal::HasAccess(channel) => crate::texts::has_access(l, channel),
            Refusal::Promo(why) => tr!(l, "refusal-promo", why = why.message(l)),
            Refusal::CreditChanged => tr!(l, "refusal-credit-changed"),
            Refusal::Expired => tr!(l, "refusal-expired"),
            Refusal::Limit(exceeded) => exceeded.message(l),
        }
    }
}

pub struct PreCheckout<'a> {
    pub customer: Seen<'a>,
    pub currency: &'a str,
    pub total_amount: i64,
    pub payload: &'a str,
}

/// Answers a pre-checkout: `Ok(Ok(()))` holds a unit of stock for the shop's hold time. An
/// invoice is payable once: a second pre-checkout while its hold is live, or after it was paid,
/// is refused, so concurrent taps on Pay make one charge at most.
pub async fn pre_checkout(shop: &Shop, q: &PreCheckout<'_>) -> Result<Result<(), Refusal>> {
    if PlanPayload::is_plan(q.payload) {
        if q.currency != "XTR" {
            return Ok(Err(Refusal::WrongCurrency));
        }
        if let Some(hit) = crate::limits::check(shop, q.customer.id, q.total_amount).await? {
            return Ok(Err(Refusal::Limit(hit.exceeded)));
        }
        return subscriptions::pay::pre_checkout(shop, q.payload, q.customer.id, q.total_amount)
            .await;
    }
    if TipPayload::is_tip(q.payload) {
        if q.currency != "XTR" {
            return Ok(Err(Refusal::WrongCurrency));
        }
        if let Err(refusal) = crate::tips::check(shop, q.payload, q.customer.id, q.total_amount) {
            return Ok(Err(refusal));
        }
        if let Some(hit) = crate::limits::check(shop, q.customer.id, q.total_amount).await? {
            return Ok(Err(Refusal::Limit(hit.exceeded)));
        }
        return Ok(Ok(()));
    }
    let Ok(p) = Payload::verify(q.payload, &shop.secret) else {
        return Ok(Err(Refusal::InvalidInvoice));
    };
    if q.currency != "XTR" {
        return Ok(Err(Refusal::WrongCurrency));
    }
    if q.total_amount != p.price {
        return Ok(Err(Refusal::WrongAmount));
    }
    if q.customer.id != p.customer_id {
        return Ok(Err(Refusal::NotYourInvoice));
    }
    // The shop's clock (the simulator's in demo mode) is read only for an invoice with a timer
    // that the system's clock, never ahead of it, does not already find over.
    if p.expired(now()) || (p.valid_until.is_some() && p.expired(shop.clock.now_for_update().await))
    {
        return Ok(Err(Refusal::Expired));
    }
    if let Some(hit) = crate::limits::check(shop, p.customer_id, p.price).await? {
        return Ok(Err(Refusal::Limit(hit.exceeded)));
    }
    let hold_seconds = shop.hold_seconds;
    if one_plain_unit(&p) {
        let common = p.clone();
        let verdict = shop
            .store
            .commits
            .run_direct(move |db| group::attempt(db, |db| hold_common(db, &common, hold_seconds)))
            .await?;
        if let Some(verdict) = verdict {
            return Ok(verdict);
        }
    }
    shop.store
        .commits
        .run(move |tx| {
            let p = p.clone();
            Box::pin(async move { hold(tx, &p, hold_seconds).await })
        })
        .await
}

/// An invoice for one unit at the product's list price: no promo code, no store credit. Only
/// such an invoice's pre-checkout and payment try the common path.
fn one_plain_unit(p: &Payload) -> bool {
    p.quantity == 1 && p.promo_id.is_none() && p.credit == 0
}

/// What an earlier hold of the same invoice says: paid already, or being paid.
fn refusal_of_earlier(hold: Option<&db::holds::Hold>) -> Option<Refusal> {
    match hold.map(|h| h.state.as_str()) {
        Some("converted") => Some(Refusal::AlreadyPaid),
        Some("active") => Some(Refusal::BeingPaid),
        _ => None,
    }
}

/// The common pre-checkout's hold, in a direct unit, for [`one_plain_unit`]: a product with no
/// channel and no per-customer limit, and no hold of this invoice before. `None` for any other,
/// which [`hold`] takes (in `group::attempt`, which undoes what this wrote first). Its verdicts
/// are [`hold`]'s, in the same order.
fn hold_common(
    db: &rusqlite::Connection,
    p: &Payload,
    hold_seconds: i64,
) -> Result<Option<Result<(), Refusal>>> {
    let at = now();
    let facts = db::products::terms_at_checkout(db, p.product_id, p.customer_id, &p.nonce)?;
    let Some((product, blocked, existing)) = facts else {
        return Ok(Some(Err(Refusal::UnknownProduct)));
    };
    let refusal = if !product.active {
        Some(Refusal::NotOnSale)
    } else if product.price != p.price {
        Some(Refusal::PriceChanged)
    } else if blocked {
        Some(Refusal::Blocked)
    } else {
        refusal_of_earlier(existing.as_ref())
    };
    if let Some(refusal) = refusal {
        return Ok(Some(Err(refusal)));
    }
    // A hold that lapsed is taken up again by the full path.
    if existing.is_some() || product.channel_id.is_some() || product.per_customer_limit.is_some() {
        return Ok(None);
    }
    let new = db::holds::NewHold {
        nonce: &p.nonce,
        product_id: p.product_id,
        customer_id: p.customer_id,
        expires_at: at + hold_seconds,
    };
    if product.kind == Kind::Code {
        // No code on sale: [`keep_unit`] looks for one a lapsed hold keeps.
        if db::holds::insert_taking_code(db, &new, at)?.1.is_none() {
            return Ok(None);
        }
    } else {
        if let Some(stock) = product.stock
            && stock - db::holds::active_for_product(db, p.product_id, at)? <= 0
        {
            return Ok(Some(Err(Refusal::SoldOut)));
        }
        db::holds::insert(db, &new, at)?;
    }
    Ok(Some(Ok(())))
}

async fn hold(
    db: &mut SqliteConnection,
    p: &Payload,
    hold_seconds: i64,
) -> Result<Result<(), Refusal>> {
    let at = now();
    let expires_at = at + hold_seconds;
    let facts = group::on_handle(&mut *db, |db| {
        db::products::terms_at_checkout(db, p.product_id, p.customer_id, &p.nonce)
    });
    let Some((product, blocked, existing)) = facts.await? else {
        return Ok(Err(Refusal::UnknownProduct));
    };
    if !product.active {
        return Ok(Err(Refusal::NotOnSale));
    }
    // Only codes are sold by the unit in quantity.
    if p.quantity > 1 && (product.kind != Kind::Code || p.quantity > 10) {
        return Ok(Err(Refusal::InvalidInvoice));
    }
    let list = product.price * p.quantity;
    let promo = match p.promo_id {
        Some(id) => match db::promos::get(&mut *db, id).await? {
            Some(promo) => Some(promo),
            None => return Ok(Err(Refusal::PriceChanged)),
        },
        None => None,
    };
    let promo_price = promo.as_ref().map_or(list, |pr| pr.price(list));
    if p.credit < 0 || p.credit > promo_price || promo_price - p.credit != p.price {
        return Ok(Err(Refusal::PriceChanged));
    }
    if blocked {
        return Ok(Err(Refusal::Blocked));
    }
    if let Some(refusal) = refusal_of_earlier(existing.as_ref()) {
        return Ok(Err(refusal));
    }
    // The code and the credit the price counts on, before any stock is looked at.
    if let Some(promo) = &promo
        && let Err(why) = promos::check(
            &mut *db,
            promo,
            p.customer_id,
            Some(Item::Product(p.product_id)),
            at,
            &p.nonce,
        )
        .await?
    {
        return Ok(Err(Refusal::Promo(why)));
    }
    if p.credit > 0
        && db::referrals::credit_left(&mut *db, p.customer_id, at, &p.nonce).await? < p.credit
    {
        return Ok(Err(Refusal::CreditChanged));
    }
    // Said before the limit: it is the reason that a channel-access buyer needs to read.
    if let Some(channel_id) = product.channel_id
        && db::channel_access::has_access(&mut *db, p.customer_id, channel_id, 0).await?
    {
        let title = db::subscriptions::channel(&mut *db, channel_id)
            .await?
            .map_or_else(|| product.title.clone(), |c| c.title);
        return Ok(Err(Refusal::HasAccess(title)));
    }
    if let Some(limit) = product.per_customer_limit {
        let taken = db::holds::taken_by_customer(&mut *db, p.customer_id, p.product_id, at).await?;
        if taken + p.quantity > limit {
            return Ok(Err(Refusal::LimitReached(limit)));
        }
    }
    if !keep_unit(db, p, &p.nonce, &product, existing, expires_at, at).await? {
        return Ok(Err(Refusal::SoldOut));
    }
    // The further units of an invoice for several, each with its own hold; all or none.
    let mut kept = Vec::new();
    for nonce in p.unit_nonces().iter().skip(1) {
        let earlier = db::holds::by_nonce(&mut *db, nonce).await?;
        if !keep_unit(db, p, nonce, &product, earlier, expires_at, at).await? {
            let first = db::holds::by_nonce(&mut *db, &p.nonce).await?;
            kept.extend(first.map(|h| h.id));
            db::holds::forget(&mut *db, &kept).await?;
            return Ok(Err(Refusal::SoldOut));
        }
        kept.extend(db::holds::by_nonce(&mut *db, nonce).await?.map(|h| h.id));
    }
    if p.promo_id.is_some() || p.credit > 0 {
        db::promos::hold(
            &mut *db,
            &p.nonce,
            p.customer_id,
            p.promo_id,
            p.credit,
            expires_at,
            at,
        )
        .await?;
    }
    Ok(Ok(()))
}

/// The invoice's hold on a unit of stock: a code product's code, or a place within a limited
/// stock; false when nothing is left. A new hold on a code product takes its code in the
/// insert itself; only when no code is available does it look for one a lapsed hold keeps.
async fn keep_unit(
    db: &mut SqliteConnection,
    p: &Payload,
    nonce: &str,
    product: &Terms,
    existing: Option<db::holds::Hold>,
    expires_at: i64,
    at: i64,
) -> Result<bool> {
    let new = db::holds::NewHold {
        nonce,
        product_id: p.product_id,
        customer_id: p.customer_id,
        expires_at,
    };
    match (product.kind, existing) {
        (Kind::Code, None) => {
            let taking = |db: &_| db::holds::insert_taking_code(db, &new, at);
            let (hold_id, code) = group::on_handle(&mut *db, taking).await?;
            if code.is_none() {
                let Some(code_id) = db::codes::take_free(&mut *db, p.product_id, at).await? else {
                    db::holds::delete(&mut *db, hold_id).await?;
                    return Ok(false);
                };
                db::holds::keep_code(&mut *db, hold_id, code_id).await?;
            }
        }
        // A hold that lapsed and was released: the same invoice takes a code again.
        (Kind::Code, Some(h)) => {
            let Some(code_id) = db::codes::take_free(&mut *db, p.product_id, at).await? else {
                return Ok(false);
            };
            db::holds::reactivate(&mut *db, h.id, expires_at).await?;
            db::holds::keep_code(&mut *db, h.id, code_id).await?;
        }
        (_, existing) => {
            if let Some(stock) = product.stock {
                let held = group::on_handle(&mut *db, |db| {
                    db::holds::active_for_product(db, p.product_id, at)
                });
                let held = held.await?;
                if stock - held <= 0 {
                    return Ok(false);
                }
            }
            match existing {
                Some(h) => db::holds::reactivate(&mut *db, h.id, expires_at).await?,
                None => group::on_handle(&mut *db, |db| db::holds::insert(db, &new, at)).await?,
            }
        }
    }
    Ok(true)
}

/// What a customer pays for a product now: its price, less the promo code they applied (when
/// it covers the product), less their store credit.
#[derive(Debug, Clone)]
pub struct Quote {
    pub list: i64,
    pub promo: Option<promos::Promo>,
    /// The price after the promo code.
    pub promo_price: i64,
    pub credit: i64,
    /// What the invoice asks; 0 when store credit covers it all.
    pub to_pay: i64,
}

impl Quote {
    /// The price with no promo code: the list price less the credit left (as far as it goes).
    fn plain(list: i64, credit_left: i64) -> Quote {
        let credit = credit_left.clamp(0, list);
        Quote {
            list,
            promo: None,
            promo_price: list,
            credit,
            to_pay: list - credit,
        }
    }

    /// The invoice's payload for this price.
    pub fn payload(&self, product_id: i64, customer_id: i64) -> Payload {
        Payload::new(product_id, self.list, customer_id).discounted(
            self.to_pay,
            self.promo.as_ref().map(|p| p.id),
            self.credit,
        )
    }
}

pub async fn quote(shop: &Shop, customer_id: i64, product_id: i64, list: i64) -> Result<Quote> {
    // On the writer's connection, as a card's read (see [`shopper_view`]).
    shop.store
        .commits
        .run(move |tx| {
            Box::pin(async move {
                // Most customers have neither a code nor credit: one read tells.
                let applied = db::promos::applied_with_credit(&mut *tx, customer_id, now()).await?;
                quote_with(tx, customer_id, product_id, list, applied).await
            })
        })
        .await
}

/// The quote from the promo code the customer applied and their credit left, as read.
async fn quote_with(
    conn: &mut SqliteConnection,
    customer_id: i64,
    product_id: i64,
    list: i64,
    (applied, left): (Option<i64>, i64),
) -> Result<Quote> {
    let Some(id) = applied else {
        return Ok(Quote::plain(list, left));
    };
    let item = Some(Item::Product(product_id));
    let promo = promos::applied_code(conn, id, customer_id, item).await?;
    let promo_price = promo.as_ref().map_or(list, |p| p.price(list));
    let credit = left.clamp(0, promo_price);
    Ok(Quote {
        list,
        promo,
        promo_price,
        credit,
        to_pay: promo_price - credit,
    })
}

/// A product as one customer meets it on its card and at Buy, read in one statement: the
/// product, whether the customer is blocked, their units left under its limit, whether they
/// are in its channel already, the terms they must accept first, the invoice timer, and what
/// their price is made of.
pub struct ShopperView {
    pub product: crate::catalog::Product,
    pub blocked: bool,
    /// Units the customer may still buy under the product's limit (`None`: no limit).
    pub left: Option<i64>,
    /// The channel the product lets into, when the customer is in it already by an order.
    pub in_channel: Option<String>,
    /// The terms' version to accept before an invoice, when the shop asks for it and the
    /// customer has not accepted this one.
    pub must_accept: Option<i64>,
    pub invoice_minutes: i64,
    applied: (Option<i64>, i64),
    customer: i64,
}

impl ShopperView {
    /// What the customer pays for `list` Stars of the product (see [`quote`]); reads only when
    /// they applied a promo code.
    pub async fn quote(&self, shop: &Shop, list: i64) -> Result<Quote> {
        let (customer, product) = (self.customer, self.product.id);
        if self.applied.0.is_none() {
            return Ok(Quote::plain(list, self.applied.1));
        }
        let applied = self.applied;
        shop.store
            .commits
            .run(move |tx| Box::pin(quote_with(tx, customer, product, list, applied)))
            .await
    }
}

/// The product `product_id` as the customer meets it (see [`ShopperView`]); `None` when there
/// is no such product.
pub async fn shopper_view(
    shop: &Shop,
    customer: i64,
    product_id: i64,
) -> Result<Option<ShopperView>> {
    const KEYS: db::products::ViewKeys<'static> = db::products::ViewKeys {
        require_acceptance: crate::legal::REQUIRE,
        terms_version: crate::legal::VERSION,
        invoice_minutes: crate::invoices::MINUTES_SETTING,
    };
    let held_at = shop.clock.now_for_update().await;
    let at = now();
    // Read on the writer's connection, in a unit of the group commit: a read-only connection
    // throws its page cache away whenever the file changed since its last read (WAL), which
    // under a stream of payments is every time; the writer's cache stays warm. The unit shares
    // its group's transaction, so it reads what the units before it wrote.
    let view = shop
        .store
        .commits
        .run_direct(move |db| {
            db::products::shopper_view(db, product_id, customer, (at, held_at), &KEYS)
        })
        .await?;
    Ok(view.map(|v| {
        let must_accept = (v.require_acceptance.as_deref() == Some("1") && !v.accepted)
            .then(|| crate::legal::version_of(v.terms_version.as_deref()));
        let left = v
            .product
            .per_customer_limit
            .map(|limit| (limit - v.taken.unwrap_or(0)).max(0));
        let in_channel = v.holds_channel.then(|| {
            v.product
                .channel_title
                .clone()
                .unwrap_or_else(|| v.product.title.clone())
        });
        ShopperView {
            blocked: v.blocked,
            left,
            in_channel,
            must_accept,
            invoice_minutes: crate::invoices::minutes_of(v.invoice_minutes.as_deref()),
            applied: (v.applied_promo, v.credit_left),
            customer,
            product: v.product,
        }
    }))
}

/// A payment as Telegram reported it, by a `successful_payment` or by its ledger.
#[derive(Debug, Clone)]
pub struct Payment<'a> {
    pub charge_id: &'a str,
    pub provider_charge_id: Option<&'a str>,
    pub customer: Seen<'a>,
    pub total_amount: i64,
    pub payload: &'a str,
    pub recovered: bool,
    /// A subscription's first payment (`is_first_recurring`).
    pub first: bool,
    /// A subscription payment's `subscription_expiration_date`; unknown when read from the ledger.
    pub expires_at: Option<i64>,
}

#[derive(Debug, Clone)]
pub enum Recorded {
    /// A new order; `delivery` is the delivery this caller now owns and must carry out.
    New {
        order: Order,
        delivery: db::deliveries::Delivery,
        /// What the payment's transaction read of the goods: the delivery reads it not again.
        sold: Sold,
    },
    /// The payment was already recorded: the same update again, or the ledger catching up.
    Existing(Order),
}

/// What `record` wrote, before the order is read back.
pub enum Written {
    /// `kind`: what the delivery owes, `goods` or `apology`. `order`: the order as written,
    /// when the transaction knew all of it; `sold`: what it read of the goods.
    New {
        order_id: i64,
        delivery_id: i64,
        kind: &'static str,
        order: Option<Box<Order>>,
        sold: Sold,
        /// The sale may have brought the product to its low-stock mark.
        may_run_low: bool,
    },
    Existing,
}

/// Records a payment inside the caller's transaction, so that anything else the payment implies
/// is committed with it: the customer, exactly one order per charge id, its unit of stock, the
/// revenue rollup, and the delivery it is owed. When nothing can be delivered (sold out, the
/// customer's limit, a second charge for one invoice, an unknown product), the delivery owed
/// is a refund with an apology.
pub async fn record(
    tx: &mut SqliteConnection,
    secret: &[u8],
    zone: &Zone,
    pay: &Payment<'_>,
) -> Result<Written> {
    let at = now();
    let (plan, tip) = (
        PlanPayload::is_plan(pay.payload),
        TipPayload::is_tip(pay.payload),
    );
    let payload = (!plan && !tip)
        .then(|| Payload::verify(pay.payload, secret).ok())
        .flatten();
    // A product's payment records its payer with the read of its terms (one trip to the store).
    if payload.is_none() {
        group::on_handle(&mut *tx, |db| db::customers::upsert(db, &pay.customer, at)).await?;
    }
    if plan {
        return subscriptions::pay::record_order(tx, secret, zone, pay, at).await;
    }
    if tip {
        return record_tip(tx, zone, pay, at).await;
    }
    let (product, suggestion, invoice, referral) = match &payload {
        Some(p) => {
            let (payer, id) = (&pay.customer, p.product_id);
            let read = |db: &_| db::products::terms_at_payment(db, payer, at, id, pay.payload);
            match group::on_handle(&mut *tx, read).await? {
                Some(at) => (Some(at.terms), at.suggestion, at.invoice, Some(at.referral)),
                None => (None, None, None, None),
            }
        }
        None => (None, None, None, None),
    };
    let quantity = payload.as_ref().map_or(1, |p| p.quantity);
    let title = match (&product, quantity) {
        (None, _) => "Unknown item".to_string(),
        (Some(p), 1) => p.title.clone(),
        (Some(p), n) => format!("{} {}", p.title, crate::texts::times(n)),
    };
    let product_id = product.as_ref().and(payload.as_ref().map(|p| p.product_id));
    let new = db::orders::NewOrder {
        charge_id: pay.charge_id,
        provider_charge_id: pay.provider_charge_id,
        customer_id: pay.customer.id,
        product_id,
        product_title: &title,
        stars: pay.total_amount,
        payload: pay.payload,
        recovered: pay.recovered,
    };
    let inserted = group::on_handle(&mut *tx, |db| db::orders::insert_paid(db, &new, at));
    let Some(order_id) = inserted.await? else {
        return Ok(Written::Existing);
    };
    if quantity > 1 {
        db::orders::set_quantity(&mut *tx, order_id, quantity).await?;
    }
    let unit = match (&payload, &product) {
        (Some(p), Some(product)) => {
            take_unit(tx, p, product, order_id, pay.customer.id, at).await?
        }
        _ => Unit::Nothing("unknown_product"),
    };
    let (mut goods, mut refund_reason, mut codes_left) = (None, None, None);
    let kind = match unit {
        Unit::Code {
            id,
            taken_free,
            given,
        } => {
            let code = match given {
                Some(code) => code,
                None => db::orders::set_code(&mut *tx, order_id, id).await?,
            };
            goods = Some(Goods::Code(code));
            codes_left = product
                .as_ref()
                .map(|p| p.codes_on_sale - i64::from(taken_free));
            "goods"
        }
        Unit::Codes { ids, taken_free } => {
            let first = db::orders::set_code(&mut *tx, order_id, ids[0]).await?;
            let mut codes = vec![first];
            codes.extend(db::codes::sell_more(tx, order_id, &ids[1..]).await?);
            goods = Some(Goods::Codes(codes));
            codes_left = product.as_ref().map(|p| p.codes_on_sale - taken_free);
            "goods"
        }
        Unit::Taken => {
            goods = product
                .as_ref()
                .filter(|p| p.kind == Kind::Text)
                .map(|p| Goods::Text(p.content.clone().unwrap_or_default()));
            "goods"
        }
        Unit::Nothing(reason) => {
            db::orders::set_refund_reason(&mut *tx, order_id, reason).await?;
            refund_reason = Some(reason.to_string());
            "apology"
        }
    };
    if let (Some(p), Some(product)) = (&payload, &product) {
        priced(tx, p, product.price, order_id, kind == "goods", at).await?;
    }
    // A commission for goods that go out; an order refunded at once is only counted.
    let item = payload
        .as_ref()
        .filter(|_| kind == "goods")
        .map(|p| Item::Product(p.product_id));
    let commission = referrals::earn(
        tx,
        order_id,
        (pay.customer.id, referral),
        pay.total_amount,
        item,
        at,
    )
    .await?;
    let item = (new.product_id.unwrap_or(0), 0);
    let (paid, owed) = (pay.total_amount, (order_id, kind));
    let delivery_id = group::on_handle(tx, |db| {
        reports::count_sale_owing(db, zone, at, item, paid, commission, owed)
    })
    .await?;
    let may_run_low = kind == "goods"
        && product
            .as_ref()
            .is_some_and(|p| p.may_run_low(codes_left.unwrap_or(p.codes_on_sale)));
    let plain_price = payload
        .as_ref()
        .is_some_and(|p| p.promo_id.is_none() && p.credit == 0);
    let order = as_written(&new, order_id, refund_reason, at);
    Ok(Written::New {
        order_id,
        delivery_id,
        kind,
        order: Some(Box::new(order)),
        sold: Sold {
            goods,
            plain_price,
            suggestion,
            invoice,
        },
        may_run_low,
    })
}

/// The common payment, in a direct unit, of `p` (its payload, verified, [`one_plain_unit`]): a
/// product with no channel, a customer with no referral, and the invoice's hold live and
/// keeping the unit. `None` for any other, which [`record`] takes (in `group::attempt`, which
/// undoes what this wrote first). It writes what [`record`] writes for such a payment.
fn record_common(
    db: &rusqlite::Connection,
    zone: &Zone,
    pay: &Payment<'_>,
    p: &Payload,
) -> Result<Option<Written>> {
    let at = now();
    let read = db::products::terms_at_payment(db, &pay.customer, at, p.product_id, pay.payload)?;
    let Some(read) = read.filter(|r| r.referral.is_none() && r.terms.channel_id.is_none()) else {
        return Ok(None);
    };
    let product = read.terms;
    let new = db::orders::NewOrder {
        charge_id: pay.charge_id,
        provider_charge_id: pay.provider_charge_id,
        customer_id: pay.customer.id,
        product_id: Some(p.product_id),
        product_title: &product.title,
        stars: pay.total_amount,
        payload: pay.payload,
        recovered: pay.recovered,
    };
    let Some(order_id) = db::orders::insert_paid(db, &new, at)? else {
        return Ok(Some(Written::Existing));
    };
    // A single code the hold kept goes to the order with the conversion itself.
    let give_to = (product.kind == Kind::Code).then_some(order_id);
    let Converted::Held { code_id, given } =
        db::holds::convert(db, &p.nonce, pay.customer.id, give_to)?
    else {
        return Ok(None);
    };
    let goods = match product.kind {
        Kind::Code => match code_id.and(given) {
            Some(code) => Some(Goods::Code(code)),
            None => return Ok(None),
        },
        _ if !db::products::take_unit(db, p.product_id)? => return Ok(None),
        Kind::Text => Some(Goods::Text(product.content.clone().unwrap_or_default())),
        _ => None,
    };
    let (item, owed) = ((p.product_id, 0), (order_id, "goods"));
    let delivery_id = reports::count_sale_owing(db, zone, at, item, pay.total_amount, 0, owed)?;
    Ok(Some(Written::New {
        order_id,
        delivery_id,
        kind: "goods",
        order: Some(Box::new(as_written(&new, order_id, None, at))),
        sold: Sold {
            goods,
            plain_price: true,
            suggestion: read.suggestion,
            invoice: read.invoice,
        },
        may_run_low: product.may_run_low(product.codes_on_sale),
    }))
}

/// The order just inserted from `new`, as its transaction knows it (not read back).
fn as_written(
    new: &db::orders::NewOrder<'_>,
    id: i64,
    refund_reason: Option<String>,
    at: i64,
) -> Order {
    Order {
        id,
        charge_id: new.charge_id.to_string(),
        customer_id: new.customer_id,
        product_id: new.product_id,
        product_title: new.product_title.to_string(),
        stars: new.stars,
        status: Status::Paid,
        recovered: new.recovered,
        refund_reason,
        created_at: at,
        delivered_at: None,
        refunded_at: None,
    }
}

/// A tip, in its payment's transaction: its order, the revenue rollup's Tips item, and the
/// thank-you text as its goods. A tip earns no referral commission.
async fn record_tip(
    tx: &mut SqliteConnection,
    zone: &Zone,
    pay: &Payment<'_>,
    at: i64,
) -> Result<Written> {
    let new = db::orders::NewOrder {
        charge_id: pay.charge_id,
        provider_charge_id: pay.provider_charge_id,
        customer_id: pay.customer.id,
        product_id: None,
        product_title: crate::tips::TITLE,
        stars: pay.total_amount,
        payload: pay.payload,
        recovered: pay.recovered,
    };
    let inserted = group::on_handle(&mut *tx, |db| db::orders::insert_paid(db, &new, at));
    let Some(order_id) = inserted.await? else {
        return Ok(Written::Existing);
    };
    let (paid, owed) = (pay.total_amount, (order_id, "goods"));
    let item = crate::tips::REPORT_ITEM;
    let delivery_id = group::on_handle(tx, |db| {
        reports::count_sale_owing(db, zone, at, item, paid, 0, owed)
    })
    .await?;
    let thanks = crate::tips::thanks_for(tx, Lang::of(pay.customer.language_code)).await?;
    let order = as_written(&new, order_id, None, at);
    Ok(Written::New {
        order_id,
        delivery_id,
        kind: "goods",
        order: Some(Box::new(order)),
        sold: Sold {
            goods: Some(Goods::Thanks(thanks)),
            plain_price: true,
            ..Sold::default()
        },
        may_run_low: false,
    })
}

/// What made an order's price, in its transaction: the store credit it took, and the promo use
/// when the goods go out (an order that is refunded at once uses no promo).
async fn priced(
    tx: &mut SqliteConnection,
    p: &Payload,
    list: i64,
    order_id: i64,
    delivered: bool,
    at: i64,
) -> Result<()> {
    if p.promo_id.is_none() && p.credit == 0 {
        return Ok(());
    }
    db::promos::convert_hold(&mut *tx, &p.nonce).await?;
    if p.credit > 0 {
        db::orders::set_credit(&mut *tx, order_id, p.credit).await?;
    }
    if let Some(promo_id) = p.promo_id
        && delivered
    {
        let promo_price = p.price + p.credit;
        promos::record_use(tx, promo_id, p.customer_id, order_id, list, promo_price, at).await?;
    }
    Ok(())
}

enum Unit {
    /// A code: the one the hold kept, or one taken from those on sale; `given`: its text, when
    /// the hold's conversion gave it to the order already.
    Code {
        id: i64,
        taken_free: bool,
        given: Option<String>,
    },
    /// The codes of an invoice for several units (each kept by its hold or taken from those on
    /// sale); `taken_free`: how many were taken from those on sale.
    Codes { ids: Vec<i64>, taken_free: i64 },
    /// A unit of a text or file product.
    Taken,
    /// Nothing to deliver, and why.
    Nothing(&'static str),
}

/// The unit the invoice's hold kept, or, when the hold lapsed, a unit still free within the
/// customer's limit. A second charge for an invoice already paid takes nothing, and neither
/// does a channel the customer has access to already (two invoices paid one after the other).
async fn take_unit(
    db: &mut SqliteConnection,
    p: &Payload,
    product: &Terms,
    order_id: i64,
    customer_id: i64,
    at: i64,
) -> Result<Unit> {
    // A single code the hold kept goes to the order with the conversion itself.
    let single_code = product.kind == Kind::Code && p.quantity == 1;
    let give_to = single_code.then_some(order_id);
    let converted = |db: &_| db::holds::convert(db, &p.nonce, customer_id, give_to);
    let (held, given) = match group::on_handle(&mut *db, converted).await? {
        Converted::AlreadyPaid => return Ok(Unit::Nothing("already_paid")),
        Converted::Held { code_id, given } => (Some(code_id), given),
        Converted::Missing => (None, None),
    };
    if let Some(channel_id) = product.channel_id
        && db::channel_access::has_access(&mut *db, customer_id, channel_id, order_id).await?
    {
        return Ok(Unit::Nothing("has_access"));
    }
    if held.is_none()
        && let Some(limit) = product.per_customer_limit
    {
        // The new order is counted already; more than the limit means it is one too many.
        let taken = db::holds::taken_by_customer(&mut *db, customer_id, p.product_id, at).await?;
        if taken > limit {
            return Ok(Unit::Nothing("limit_reached"));
        }
    }
    match product.kind {
        Kind::Code if p.quantity > 1 => {
            let mut ids = Vec::new();
            let mut taken_free = 0;
            let first = match held {
                Some(Some(id)) => Some(id),
                _ => None,
            };
            for (i, nonce) in p.unit_nonces().iter().enumerate() {
                let kept = match (i, first) {
                    (0, first) => first,
                    _ => match group::on_handle(&mut *db, |db| {
                        db::holds::convert(db, nonce, customer_id, None)
                    })
                    .await?
                    {
                        Converted::Held { code_id, .. } => code_id,
                        _ => None,
                    },
                };
                let code = match kept {
                    Some(id) => Some(id),
                    None => {
                        let free = db::codes::take_free(db, p.product_id, at).await?;
                        taken_free += i64::from(free.is_some());
                        free
                    }
                };
                match code {
                    Some(id) => ids.push(id),
                    None => {
                        // Not all of them: none, and the codes taken go back on sale.
                        db::codes::put_back(db, &ids).await?;
                        return Ok(Unit::Nothing("out_of_stock"));
                    }
                }
            }
            Ok(Unit::Codes { ids, taken_free })
        }
        Kind::Code => {
            if let Some(Some(id)) = held {
                return Ok(Unit::Code {
                    id,
                    taken_free: false,
                    given,
                });
            }
            Ok(db::codes::take_free(db, p.product_id, at).await?.map_or(
                Unit::Nothing("out_of_stock"),
                |id| Unit::Code {
                    id,
                    taken_free: true,
                    given: None,
                },
            ))
        }
        // A held unit is counted in `stock`, so the sale only has to find stock above zero.
        Kind::Text | Kind::File | Kind::Channel => {
            let taken = |db: &_| db::products::take_unit(db, p.product_id);
            Ok(if group::on_handle(db, taken).await? {
                Unit::Taken
            } else {
                Unit::Nothing("out_of_stock")
            })
        }
    }
}

/// Records a payment (in a transaction it may share with the payments that arrived with it,
/// committed before this returns) and tells the window about a new order.
pub async fn record_payment(shop: &Shop, pay: &Payment<'_>) -> Result<Recorded> {
    let copy = PaymentCopy::of(pay);
    let (secret, zone) = (shop.secret.clone(), shop.store.zone.clone());
    let product = !PlanPayload::is_plan(pay.payload) && !TipPayload::is_tip(pay.payload);
    let common = product
        .then(|| Payload::verify(pay.payload, &secret).ok())
        .flatten()
        .filter(one_plain_unit);
    if let Some(p) = common {
        let (copy, zone) = (copy.clone(), zone.clone());
        let written = shop
            .store
            .commits
            .run_direct(move |db| {
                group::attempt(db, |db| record_common(db, &zone, &copy.view(), &p))
            })
            .await?;
        if let Some(written) = written {
            return recorded(shop, written, pay.charge_id).await;
        }
    }
    let written = shop
        .store
        .commits
        .run(move |tx| {
            let (copy, secret, zone) = (copy.clone(), secret.clone(), zone.clone());
            Box::pin(async move { record(tx, &secret, &zone, &copy.view()).await })
        })
        .await?;
    recorded(shop, written, pay.charge_id).await
}

/// A payment's own copy, for the group commit.
#[derive(Clone)]
struct PaymentCopy {
    charge_id: String,
    provider_charge_id: Option<String>,
    customer_id: i64,
    first_name: String,
    username: Option<String>,
    language_code: Option<String>,
    total_amount: i64,
    payload: String,
    recovered: bool,
    first: bool,
    expires_at: Option<i64>,
}

impl PaymentCopy {
    fn of(p: &Payment<'_>) -> PaymentCopy {
        PaymentCopy {
            charge_id: p.charge_id.to_string(),
            provider_charge_id: p.provider_charge_id.map(str::to_string),
            customer_id: p.customer.id,
            first_name: p.customer.first_name.to_string(),
            username: p.customer.username.map(str::to_string),
            language_code: p.customer.language_code.map(str::to_string),
            total_amount: p.total_amount,
            payload: p.payload.to_string(),
            recovered: p.recovered,
            first: p.first,
            expires_at: p.expires_at,
        }
    }

    fn view(&self) -> Payment<'_> {
        Payment {
            charge_id: &self.charge_id,
            provider_charge_id: self.provider_charge_id.as_deref(),
            customer: Seen {
                id: self.customer_id,
                first_name: &self.first_name,
                username: self.username.as_deref(),
                language_code: self.language_code.as_deref(),
            },
            total_amount: self.total_amount,
            payload: &self.payload,
            recovered: self.recovered,
            first: self.first,
            expires_at: self.expires_at,
        }
    }
}

/// The order a committed `record` wrote (read back when the transaction did not know all of
/// it); a new one is announced to the window.
async fn recorded(shop: &Shop, written: Written, charge_id: &str) -> Result<Recorded> {
    match written {
        Written::New {
            order_id,
            delivery_id,
            kind,
            order,
            sold,
            may_run_low,
        } => {
            let order = match order {
                Some(order) => *order,
                None => db::orders::get(&shop.store.read, order_id)
                    .await?
                    .ok_or(Error::NotFound("order"))?,
            };
            shop.emit(AppEvent::OrderCreated {
                order: order.clone(),
            });
            if let Some(product_id) = order.product_id
                && may_run_low
                && let Err(e) = crate::catalog::after_sale(shop, product_id).await
            {
                tracing::warn!(error = %e, product_id, "low-stock check failed");
            }
            let delivery = db::deliveries::Delivery::new(delivery_id, order_id, kind);
            Ok(Recorded::New {
                order,
                delivery,
                sold,
            })
        }
        Written::Existing => {
            let order = db::orders::by_charge(&shop.store.write, charge_id)
                .await?
                .ok_or(Error::NotFound("order"))?;
            Ok(Recorded::Existing(order))
        }
    }
}

/// The charge id of an order paid wholly with store credit: Telegram charged nothing.
pub fn credit_charge_id(nonce: &str) -> String {
    format!("{CREDIT_CHARGE}{nonce}")
}

pub const CREDIT_CHARGE: &str = "credit-";

/// An order covered wholly by store credit: no invoice. The same checks as a pre-checkout, the
/// credit and the unit taken and the order recorded in one transaction, then delivered.
pub async fn pay_with_credit(
    shop: &Shop,
    telegram: &dyn Telegram,
    customer: Seen<'_>,
    p: &Payload,
) -> Result<std::result::Result<Recorded, Refusal>> {
    if p.price != 0 || p.credit <= 0 || p.customer_id != customer.id {
        return Err(Error::invalid(
            "Only an order covered by store credit is paid this way.",
        ));
    }
    let charge_id = credit_charge_id(&p.nonce);
    let lang = Lang::of(customer.language_code);
    let raw = p.sign(&shop.secret);
    let mut tx = shop.store.write.begin().await?;
    let at = now();
    group::on_handle(&mut tx, |db| db::customers::upsert(db, &customer, at)).await?;
    if let Err(refusal) = hold(&mut tx, p, shop.hold_seconds).await? {
        return Ok(Err(refusal));
    }
    let pay = Payment {
        charge_id: &charge_id,
        provider_charge_id: None,
        customer,
        total_amount: 0,
        payload: &raw,
        recovered: false,
        first: false,
        expires_at: None,
    };
    let written = record(&mut tx, &shop.secret, &shop.store.zone, &pay).await?;
    tx.commit().await?;
    let done = recorded(shop, written, &charge_id).await?;
    deliver_new(shop, telegram, &done, lang).await;
    Ok(Ok(done))
}

/// A payment arrived (an update, or the ledger): record it once and deliver what it bought.
/// The delivery's outcome is recorded (and raised to the merchant when it fails) by the
/// deliveries service; the returned value says whether this call made the order.
pub async fn paid(shop: &Shop, telegram: &dyn Telegram, pay: &Payment<'_>) -> Result<Recorded> {
    let recorded = record_payment(shop, pay).await?;
    deliver_new(
        shop,
        telegram,
        &recorded,
        Lang::of(pay.customer.language_code),
    )
    .await;
    // The paid invoice leaves the chat once the receipt is there to stand in its place.
    if let Recorded::New { sold, .. } = &recorded
        && let Some(invoice) = sold.invoice
        && let Err(e) = crate::invoices::clear_paid(telegram, invoice).await
    {
        tracing::warn!(error = %e, "a paid invoice was not taken out of the chat");
    }
    Ok(recorded)
}

/// Carries out a new order's delivery; its outcome is the deliveries service's to record.
async fn deliver_new(shop: &Shop, telegram: &dyn Telegram, recorded: &Recorded, l: Lang) {
    if let Recorded::New {
        order,
        delivery,
        sold,
    } = recorded
    {
        let _ = deliveries::run_new(shop, telegram, delivery, order, sold, l).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        audit::Who,
        catalog::{self, ProductDraft},
    };

    async fn shop() -> (tempfile::TempDir, Shop) {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::Store::open(dir.path()).await.unwrap();
        let (shop, _events) = Shop::open_with_events(store).await.unwrap();
        (dir, shop)
    }

    fn customer(id: i64) -> Seen<'static> {
        Seen {
            id,
            first_name: "Customer",
            username: None,
            language_code: None,
        }
    }

    fn payment<'a>(charge: &'a str, customer_id: i64, payload: &'a str) -> Payment<'a> {
        Payment {
            charge_id: charge,
            provider_charge_id: None,
            customer: customer(customer_id),
            total_amount: 10,
            payload,
            recovered: false,
            first: false,
            expires_at: None,
        }
    }

    async fn product(shop: &Shop, kind: Kind, limit: Option<i64>, stock: Option<i64>) -> i64 {
        let who = Who::operator("merchant");
        let draft = ProductDraft {
            kind,
            title: format!("{kind:?}"),
            description: String::new(),
            price: 10,
            per_customer_limit: limit,
            stock,
            content: (kind == Kind::Text).then(|| "the secret".to_string()),
            channel_id: None,
        };
        let product = catalog::create(&shop.store, &who, &draft).await.unwrap();
        if kind == Kind::Code {
            catalog::import_codes(&shop.store, &who, product.id, "C-1\nC-2\nC-3")
                .await
                .unwrap();
        }
        product.id
    }

    /// `record_common` in a direct unit, in its attempt, as `record_payment` runs it.
    async fn common(shop: &Shop, pay: &Payment<'_>) -> Option<Written> {
        let copy = PaymentCopy::of(pay);
        let p = Payload::verify(pay.payload, &shop.secret).unwrap();
        assert!(one_plain_unit(&p));
        let zone = shop.store.zone.clone();
        let common = shop.store.commits.run_direct(move |db| {
            group::attempt(db, |db| record_common(db, &zone, &copy.view(), &p))
        });
        common.await.unwrap()
    }

    /// What recording the payment `charge` left in the store, ids left out: its order, the
    /// code it sold, the hold it converted, its delivery and its payer.
    async fn left_by(shop: &Shop, charge: &str) -> String {
        sqlx::query_scalar(
            "SELECT concat_ws(', ', quote(o.product_id), o.product_title, o.stars, o.status,
                    o.quantity, o.credit_stars, quote(o.refund_reason), o.recovered,
                    quote((SELECT state FROM codes WHERE id = o.code_id)),
                    h.state, h.order_id = o.id, h.code_id IS o.code_id,
                    (SELECT group_concat(kind || ' ' || state) FROM deliveries
                     WHERE order_id = o.id),
                    c.first_name, c.last_seen = o.created_at)
             FROM orders o JOIN customers c ON c.id = o.customer_id
             LEFT JOIN holds h ON h.customer_id = o.customer_id AND h.product_id = o.product_id
             WHERE o.charge_id = ?",
        )
        .bind(charge)
        .fetch_one(&shop.store.write)
        .await
        .unwrap()
    }

    /// What `record` said it wrote, the code sold checked against the order's and left out.
    async fn told(shop: &Shop, written: Written, charge: &str) -> String {
        let Written::New {
            kind,
            sold,
            may_run_low,
            order,
            ..
        } = written
        else {
            return "existing".to_string();
        };
        let goods = match sold.goods {
            Some(Goods::Code(code)) => {
                let order = crate::orders::by_charge(&shop.store.read, charge).await;
                let id = order.unwrap().unwrap().id;
                let sold = crate::orders::code_of(&shop.store.read, id).await.unwrap();
                assert_eq!(
                    sold.as_deref(),
                    Some(code.as_str()),
                    "the code told is the order's"
                );
                "a code".to_string()
            }
            goods => format!("{goods:?}"),
        };
        let order = order.map(|o| (o.product_title, o.stars, o.status));
        format!(
            "{kind} {goods} {} {:?} {:?} {may_run_low} {order:?}",
            sold.plain_price, sold.suggestion, sold.invoice
        )
    }

    #[tokio::test]
    async fn the_common_payment_writes_what_the_full_path_writes() {
        let (_dir, shop) = shop().await;
        for (kind, stock) in [
            (Kind::Code, None),
            (Kind::Text, Some(5)),
            (Kind::File, None),
        ] {
            let product = product(&shop, kind, None, stock).await;
            let mut left = Vec::new();
            // The first customer's payment takes the common path, the second's the full one.
            for (customer_id, common_path) in [(1001, true), (1002, false)] {
                let payload = Payload::new(product, 10, customer_id).sign(&shop.secret);
                let q = PreCheckout {
                    customer: customer(customer_id),
                    currency: "XTR",
                    total_amount: 10,
                    payload: &payload,
                };
                assert_eq!(pre_checkout(&shop, &q).await.unwrap(), Ok(()));
                let charge = format!("{kind:?}-{customer_id}");
                let pay = payment(&charge, customer_id, &payload);
                let written = if common_path {
                    common(&shop, &pay).await.expect("a common payment")
                } else {
                    let mut tx = shop.store.write.begin().await.unwrap();
                    let written = record(&mut tx, &shop.secret, &shop.store.zone, &pay);
                    let written = written.await.unwrap();
                    tx.commit().await.unwrap();
                    written
                };
                let told = told(&shop, written, &charge).await;
                left.push((told, left_by(&shop, &charge).await));
            }
            assert_eq!(left[0], left[1], "{kind:?}");
        }
        let (orders, stars): (i64, i64) =
            sqlx::query_as("SELECT sum(orders), sum(stars) FROM report_days")
                .fetch_one(&shop.store.read)
                .await
                .unwrap();
        assert_eq!((orders, stars), (6, 60));
        let stock: Option<i64> =
            sqlx::query_scalar("SELECT stock FROM products WHERE kind = 'text'")
                .fetch_one(&shop.store.read)
                .await
                .unwrap();
        assert_eq!(stock, Some(3), "each payment took its unit");
    }

    #[tokio::test]
    async fn a_payment_that_is_not_common_is_left_to_the_full_path_with_nothing_written() {
        let (_dir, shop) = shop().await;
        let product = product(&shop, Kind::Text, Some(1), None).await;
        let payload = Payload::new(product, 10, 1001).sign(&shop.secret);
        let pay = payment("ch-1", 1001, &payload);
        // No hold (the pre-checkout was never answered): the common path does not apply, and
        // what it wrote before it found out (the payer, the order) is undone.
        assert!(common(&shop, &pay).await.is_none());
        let rows: (i64, i64) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM customers)",
        )
        .fetch_one(&shop.store.read)
        .await
        .unwrap();
        assert_eq!(rows, (0, 0));
        // The service takes the full path: the order, with its unit (no hold needed here).
        let Recorded::New { order, sold, .. } = record_payment(&shop, &pay).await.unwrap() else {
            panic!("a new order");
        };
        assert_eq!((order.stars, order.status), (10, Status::Paid));
        assert_eq!(sold.goods, Some(Goods::Text("the secret".into())));
    }
}
