//! A subscription's payments: the pre-checkout verdict of the first one, each payment recorded
//! once (by its charge id, in the payment's transaction), and what it delivers: one-person
//! invites and the benefit with a receipt saying until when it is paid.

use serde_json::json;
use sqlx::SqliteConnection;

use super::{PERIOD, SubStatus, subscriber};
use crate::{
    db,
    deliveries::Sold,
    error::{Error, Result},
    orders::Order,
    payload::PlanPayload,
    payments::{Payment, Refusal, Written},
    promos::{self, Item},
    referrals, reports,
    shop::Shop,
    telegram::{SendError, Telegram},
    texts,
    zone::Zone,
};

/// The first payment's pre-checkout (renewals have none): the plan on sale at the invoice's
/// price, the customer not blocked and not subscribed already.
pub async fn pre_checkout(
    shop: &Shop,
    raw: &str,
    customer_id: i64,
    total_amount: i64,
) -> Result<Result<(), Refusal>> {
    let Ok(p) = PlanPayload::verify(raw, &shop.secret) else {
        return Ok(Err(Refusal::InvalidInvoice));
    };
    if total_amount != p.price {
        return Ok(Err(Refusal::WrongAmount));
    }
    let read = &shop.store.read;
    let Some(plan) = db::subscriptions::plan(read, p.plan_id).await? else {
        return Ok(Err(Refusal::UnknownProduct));
    };
    if !plan.active {
        return Ok(Err(Refusal::NotOnSale));
    }
    let promo = match p.promo_id {
        Some(id) => match db::promos::get(read, id).await? {
            Some(promo) => Some(promo),
            None => return Ok(Err(Refusal::PriceChanged)),
        },
        None => None,
    };
    if promo.as_ref().map_or(plan.price, |pr| pr.price(plan.price)) != p.price {
        return Ok(Err(Refusal::PriceChanged));
    }
    if db::customers::is_blocked(read, customer_id).await? {
        return Ok(Err(Refusal::Blocked));
    }
    if db::subscriptions::live_for(read, customer_id, p.plan_id)
        .await?
        .is_some()
    {
        return Ok(Err(Refusal::Subscribed));
    }
    if let Some(promo) = promo {
        // The use is kept for this invoice, like a unit of stock: the last use goes to one.
        let at = db::now();
        let mut tx = shop.store.write.begin().await?;
        let item = Some(Item::Plan(p.plan_id));
        if let Err(why) = promos::check(&mut tx, &promo, customer_id, item, at, &p.nonce).await? {
            return Ok(Err(Refusal::Promo(why)));
        }
        let until = at + shop.hold_seconds;
        db::promos::hold(
            &mut *tx,
            &p.nonce,
            customer_id,
            Some(promo.id),
            0,
            until,
            at,
        )
        .await?;
        tx.commit().await?;
    }
    Ok(Ok(()))
}

/// Records a subscription payment inside the payment's transaction (the order is written by the
/// caller): a first payment makes the subscription, a renewal moves it on. `Ok(None)` when the
/// payload is not a valid plan payload (the caller apologises and refunds).
pub async fn record(
    tx: &mut SqliteConnection,
    secret: &[u8],
    zone: &Zone,
    pay: &Payment<'_>,
    order_id: i64,
    at: i64,
) -> Result<Option<i64>> {
    let Ok(p) = PlanPayload::verify(pay.payload, secret) else {
        return Ok(None);
    };
    if db::subscriptions::plan(&mut *tx, p.plan_id)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    let existing = db::subscriptions::by_payload(&mut *tx, pay.payload, pay.customer.id).await?;
    let sub_id = match (existing, pay.first) {
        (Some(id), false) => {
            let current = db::subscriptions::subscriber_by_id(&mut *tx, id)
                .await?
                .ok_or(Error::NotFound("subscription"))?;
            // The ledger gives no expiration date: a recovered renewal pays one period on.
            let until = pay.expires_at.unwrap_or(current.paid_until + PERIOD);
            db::subscriptions::renew(&mut *tx, id, until, pay.total_amount, at).await?;
            let month = zone.month_key(current.started_at);
            let renewals = current.renewals;
            db::report_days::cohort_move(tx, &month, Some(renewals), renewals + 1).await?;
            db::subscriptions::link_order(&mut *tx, order_id, p.plan_id, id, until).await?;
            id
        }
        _ => {
            let until = pay.expires_at.unwrap_or(at + PERIOD);
            let id = db::subscriptions::insert_subscription(
                &mut *tx,
                &db::subscriptions::NewSubscription {
                    customer_id: pay.customer.id,
                    plan_id: p.plan_id,
                    price: p.price,
                    first_charge_id: pay.charge_id,
                    payload: pay.payload,
                    paid_until: until,
                    stars: pay.total_amount,
                },
                at,
            )
            .await?;
            db::subscriptions::link_order(&mut *tx, order_id, p.plan_id, id, until).await?;
            db::report_days::cohort_move(tx, &zone.month_key(at), None, 0).await?;
            if let Some(promo_id) = p.promo_id {
                db::promos::convert_hold(&mut *tx, &p.nonce).await?;
                db::subscriptions::set_promo(&mut *tx, id, promo_id).await?;
                let list = db::subscriptions::plan(&mut *tx, p.plan_id)
                    .await?
                    .map_or(p.price, |plan| plan.price);
                let (who, paid) = (pay.customer.id, pay.total_amount);
                promos::record_use(tx, promo_id, who, order_id, list, paid, at).await?;
            }
            id
        }
    };
    let (who, paid) = (pay.customer.id, pay.total_amount);
    let commission = referrals::earn(
        tx,
        order_id,
        (who, None),
        paid,
        Some(Item::Plan(p.plan_id)),
        at,
    )
    .await?;
    reports::count_sale(tx, zone, at, (0, p.plan_id), paid, commission).await?;
    Ok(Some(sub_id))
}

/// Writes the order of a subscription payment and what it owes (goods, or an apology when the
/// payload names no plan), in the caller's transaction.
pub async fn record_order(
    tx: &mut SqliteConnection,
    secret: &[u8],
    zone: &Zone,
    pay: &Payment<'_>,
    at: i64,
) -> Result<Written> {
    let plan = match PlanPayload::verify(pay.payload, secret) {
        Ok(p) => db::subscriptions::plan(&mut *tx, p.plan_id).await?,
        Err(_) => None,
    };
    let title = plan
        .as_ref()
        .map_or_else(|| "Unknown subscription".to_string(), |p| p.title.clone());
    let new = db::orders::NewOrder {
        charge_id: pay.charge_id,
        provider_charge_id: pay.provider_charge_id,
        customer_id: pay.customer.id,
        product_id: None,
        product_title: &title,
        stars: pay.total_amount,
        payload: pay.payload,
        recovered: pay.recovered,
    };
    let inserted = db::group::on_handle(&mut *tx, |db| db::orders::insert_paid(db, &new, at));
    let Some(order_id) = inserted.await? else {
        return Ok(Written::Existing);
    };
    let kind = match record(tx, secret, zone, pay, order_id, at).await? {
        Some(_) => "goods",
        None => {
            db::orders::set_refund_reason(&mut *tx, order_id, "unknown_product").await?;
            // Counted on a referral like any order; its refund takes it off again.
            let (who, paid) = (pay.customer.id, pay.total_amount);
            let commission = referrals::earn(tx, order_id, (who, None), paid, None, at).await?;
            reports::count_sale(tx, zone, at, (0, 0), paid, commission).await?;
            "apology"
        }
    };
    let delivery_id = db::deliveries::insert(&mut *tx, order_id, kind, at).await?;
    Ok(Written::New {
        order_id,
        delivery_id,
        kind,
        order: None,
        sold: Sold::default(),
        may_run_low: false,
    })
}

/// What a subscription payment delivers: for the first, one-person invites to each channel
/// (as buttons) and the benefit; for a renewal, the benefit. The receipt says until when.
pub async fn deliver(
    shop: &Shop,
    tg: &dyn Telegram,
    order: &Order,
    sub_id: i64,
    first: bool,
    l: crate::texts::Lang,
) -> std::result::Result<(), SendError> {
    let fail = |e: Error| SendError::GaveUp(e.to_string());
    let s = subscriber(&shop.store, sub_id).await.map_err(fail)?;
    let plan = super::plan(&shop.store, s.plan_id).await.map_err(fail)?;
    let paid_until = db::subscriptions::payments(&shop.store.read, sub_id)
        .await
        .map_err(fail)?
        .into_iter()
        .find(|p| p.order_id == order.id)
        .and_then(|p| p.paid_until)
        .unwrap_or(s.paid_until);
    let mut links = Vec::new();
    if first && s.has_access && s.status != SubStatus::Refunded {
        links = super::invites(shop, tg, &s).await.map_err(|e| match e {
            Error::Telegram(m) => SendError::Refused(m),
            other => fail(other),
        })?;
    }
    let body = texts::subscription_receipt(
        l,
        order,
        &plan.title,
        paid_until,
        first,
        plan.benefit.as_deref(),
    );
    let mut params = json!({ "chat_id": order.customer_id, "text": body, "parse_mode": "HTML" });
    super::add_join_buttons(&mut params, &links, l);
    tg.call("sendMessage", params).await?;
    Ok(())
}
