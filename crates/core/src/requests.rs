//! Refund requests: a customer asks in the chat ("Ask for a refund" under an order in
//! /purchases), support approves (the refund goes out and the customer is told) or declines with a
//! message the customer reads. The refund policy sets the window and an optional automatic rule.

use serde::{Deserialize, Serialize};

use crate::{
    audit::{self, Line, Who},
    db::{self, Store, now},
    error::{Error, Result},
    events::AppEvent,
    orders::{Order, Status},
    pacer::Priority,
    refunds::{self, Category, Refunded, Why, policy::RefundPolicy},
    shop::Shop,
    support::{self, Author},
    telegram::Telegram,
    texts,
};

/// The longest reason a customer can give, in characters.
pub const MAX_REASON: usize = 500;
/// The longest decline message.
pub const MAX_ANSWER: usize = 1000;

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    Open,
    Approved,
    Declined,
}

impl RequestState {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestState::Open => "open",
            RequestState::Approved => "approved",
            RequestState::Declined => "declined",
        }
    }

    fn parse(s: &str) -> RequestState {
        match s {
            "approved" => RequestState::Approved,
            "declined" => RequestState::Declined,
            _ => RequestState::Open,
        }
    }
}

/// A request with what support needs to decide it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RefundRequest {
    pub id: i64,
    pub order_id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub username: Option<String>,
    pub product_title: String,
    pub stars: i64,
    pub order_status: Status,
    pub paid_at: i64,
    pub delivered_at: Option<i64>,
    /// The code the order delivered, for a code product.
    pub code: Option<String>,
    /// The customer's words, as written (never HTML).
    pub reason: String,
    pub state: RequestState,
    pub created_at: i64,
    pub decided_at: Option<i64>,
    pub decided_by: Option<audit::Actor>,
    pub decider: Option<String>,
    /// The decline message the customer read.
    pub answer: Option<String>,
    /// Why the last approval did not go through.
    pub last_error: Option<String>,
    /// The customer's refunds in the last 90 days.
    pub refunds_90d: i64,
    /// What the customer has spent in all, refunds excluded.
    pub total_spent: i64,
}

fn request(r: db::requests::RequestRow) -> RefundRequest {
    RefundRequest {
        id: r.id,
        order_id: r.order_id,
        customer_id: r.customer_id,
        customer_name: r.customer_name,
        username: r.username,
        product_title: r.product_title,
        stars: r.stars,
        order_status: Status::parse(&r.order_status).unwrap_or(Status::Paid),
        paid_at: r.paid_at,
        delivered_at: r.delivered_at,
        code: r.code,
        reason: r.reason,
        state: RequestState::parse(&r.state),
        created_at: r.created_at,
        decided_at: r.decided_at,
        decided_by: r.decided_by.as_deref().and_then(audit::Actor::parse),
        decider: r.decider,
        answer: r.answer,
        last_error: r.last_error,
        refunds_90d: r.refunds_90d,
        total_spent: r.total_spent,
    }
}

fn ninety_days_ago() -> i64 {
    now() - 90 * 86_400
}

/// Requests newest first, of one state or all.
pub async fn list(store: &Store, state: Option<RequestState>) -> Result<Vec<RefundRequest>> {
    let rows = db::requests::list(
        &store.read,
        state.map(|s| s.as_str()),
        None,
        ninety_days_ago(),
        1000,
    )
    .await?;
    Ok(rows.into_iter().map(request).collect())
}

pub async fn get(store: &Store, id: i64) -> Result<RefundRequest> {
    db::requests::list(&store.write, None, Some(id), ninety_days_ago(), 1)
        .await?
        .into_iter()
        .next()
        .map(request)
        .ok_or(Error::NotFound("refund request"))
}

pub async fn open_count(store: &Store) -> Result<i64> {
    db::requests::open_count(&store.read).await
}

/// Why a customer cannot ask for a refund of an order, as the bot says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NotYours,
    Refunded,
    OutsideWindow { days: i64 },
    AlreadyOpen { id: i64 },
    Empty,
    TooLong,
}

impl Refusal {
    /// The sentence the customer reads, in their language.
    pub fn message(&self, l: texts::Lang) -> String {
        use crate::tr;
        match self {
            Refusal::NotYours => texts::not_yours(l),
            Refusal::Refunded => tr!(l, "request-already-refunded"),
            Refusal::OutsideWindow { days } => tr!(l, "request-outside-window", days = *days),
            Refusal::AlreadyOpen { id } => tr!(l, "request-already-open", request = *id),
            Refusal::Empty => tr!(l, "request-empty"),
            Refusal::TooLong => tr!(l, "request-too-long", max = MAX_REASON as i64),
        }
    }
}

/// Whether the customer may ask for a refund of the order now.
pub async fn may_ask(
    store: &Store,
    policy: &RefundPolicy,
    customer_id: i64,
    order_id: i64,
) -> Result<std::result::Result<Order, Refusal>> {
    let Some(order) = db::orders::get(&store.write, order_id).await? else {
        return Ok(Err(Refusal::NotYours));
    };
    if order.customer_id != customer_id {
        return Ok(Err(Refusal::NotYours));
    }
    if order.status == Status::Refunded {
        return Ok(Err(Refusal::Refunded));
    }
    if now() - order.created_at > policy.window_days * 86_400 {
        return Ok(Err(Refusal::OutsideWindow {
            days: policy.window_days,
        }));
    }
    if let Some(id) = db::requests::open_of_order(&store.write, order_id).await? {
        return Ok(Err(Refusal::AlreadyOpen { id }));
    }
    Ok(Ok(order))
}

/// The orders a customer may ask to refund now (for the buttons under /purchases).
pub fn in_window(policy: &RefundPolicy, order: &Order, open: &[i64]) -> bool {
    order.status != Status::Refunded
        && now() - order.created_at <= policy.window_days * 86_400
        && !open.contains(&order.id)
}

pub async fn open_orders_of(store: &Store, customer_id: i64) -> Result<Vec<i64>> {
    db::requests::open_orders_of(&store.read, customer_id).await
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub id: i64,
    pub order_id: i64,
    /// The automatic rule approved it and the Stars are back.
    pub auto_approved: bool,
}

/// A customer's request, kept with its reason and shown in the support inbox; the automatic rule,
/// when on, decides it at once where it can.
pub async fn create(
    shop: &Shop,
    telegram: &dyn Telegram,
    customer_id: i64,
    customer_name: &str,
    order_id: i64,
    reason: &str,
) -> Result<std::result::Result<Created, Refusal>> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Ok(Err(Refusal::Empty));
    }
    if reason.chars().count() > MAX_REASON {
        return Ok(Err(Refusal::TooLong));
    }
    let policy = refunds::policy::get(&shop.store).await?;
    let order = match may_ask(&shop.store, &policy, customer_id, order_id).await? {
        Ok(order) => order,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let who = Who::customer(customer_name);
    let at = now();
    let mut tx = shop.store.write.begin().await?;
    // The writer is one connection: no other request for this order can slip in between.
    if let Some(id) = db::requests::open_of_order(&mut *tx, order_id).await? {
        return Ok(Err(Refusal::AlreadyOpen { id }));
    }
    let id = db::requests::insert(&mut *tx, order_id, customer_id, reason, at).await?;
    support::note(
        &mut tx,
        customer_id,
        Author::Customer,
        customer_name,
        &format!("Refund request #{id} for order #{order_id}: {reason}"),
        Some(id),
    )
    .await?;
    audit::record(
        &mut *tx,
        &who,
        Line {
            action: "request.create",
            subject: format!("order #{order_id}"),
            before: None,
            after: Some(format!("refund request #{id}")),
            reason,
        },
    )
    .await?;
    tx.commit().await?;

    let auto = if policy.auto_approve {
        auto_decision(&shop.store, &policy, &order).await?
    } else {
        None
    };
    let mut auto_approved = false;
    if let Some(verdict) = auto {
        let rule = Who::rule("automatic rule");
        match verdict {
            Ok(()) => match approve(shop, telegram, id, &rule).await {
                Ok(_) => auto_approved = true,
                Err(e) => {
                    tracing::warn!(request = id, error = %e, "the automatic rule could not refund");
                }
            },
            Err(why_not) => {
                audit::record(
                    &shop.store.write,
                    &rule,
                    Line {
                        action: "request.auto_check",
                        subject: format!("refund request #{id}"),
                        before: None,
                        after: Some("left for a person".into()),
                        reason: &why_not,
                    },
                )
                .await?;
            }
        }
    }
    shop.emit(AppEvent::RefundRequested {
        request_id: id,
        order_id,
        customer_name: customer_name.to_string(),
        auto_approved,
    });
    Ok(Ok(Created {
        id,
        order_id,
        auto_approved,
    }))
}

/// The automatic rule's verdict: approve, or why it leaves the request for a person.
async fn auto_decision(
    store: &Store,
    policy: &RefundPolicy,
    order: &Order,
) -> Result<Option<std::result::Result<(), String>>> {
    if order.stars > policy.auto_max_stars {
        return Ok(Some(Err(format!(
            "{} is above the rule's {}",
            crate::catalog::stars(order.stars),
            crate::catalog::stars(policy.auto_max_stars)
        ))));
    }
    let hours = (now() - order.created_at) / 3600;
    if now() - order.created_at > policy.auto_within_hours * 3600 {
        return Ok(Some(Err(format!(
            "asked {hours} h after paying, the rule allows {} h",
            policy.auto_within_hours
        ))));
    }
    let history = db::refunds::history(&store.write, order.customer_id, ninety_days_ago()).await?;
    if history.refunds >= policy.auto_max_refunds_90d {
        return Ok(Some(Err(format!(
            "the customer had {} refunds in 90 days, the rule allows fewer than {}",
            history.refunds, policy.auto_max_refunds_90d
        ))));
    }
    Ok(Some(Ok(())))
}

/// Approves a request: the order is refunded, the customer told. A refund Telegram refuses
/// leaves the request open with the reason shown; approving again is safe.
pub async fn approve(
    shop: &Shop,
    telegram: &dyn Telegram,
    id: i64,
    who: &Who,
) -> Result<RefundRequest> {
    let req = get(&shop.store, id).await?;
    match req.state {
        RequestState::Approved => return Ok(req),
        RequestState::Declined => {
            return Err(Error::Conflict(format!(
                "Request #{id} was declined already."
            )));
        }
        RequestState::Open => {}
    }
    let why = Why::new(
        Category::CustomerRequest,
        format!("request #{id}: {}", req.reason),
    );
    let refunded = match refunds::refund(shop, telegram, req.order_id, who, &why).await {
        Ok(r) => r,
        Err(e) => {
            db::requests::set_error(&shop.store.write, id, &e.to_string()).await?;
            return Err(e);
        }
    };
    let order = db::orders::get(&shop.store.write, req.order_id)
        .await?
        .ok_or(Error::NotFound("order"))?;
    let l = crate::customers::lang(&shop.store.read, order.customer_id).await?;
    let said = texts::request_approved(l, id, &order);
    let mut tx = shop.store.write.begin().await?;
    let decided = db::requests::decide(&mut *tx, id, "approved", who, None, now()).await?;
    if decided {
        audit::record(
            &mut *tx,
            who,
            Line {
                action: "request.approve",
                subject: format!("refund request #{id}"),
                before: Some("open".into()),
                after: Some(match refunded {
                    Refunded::Now => format!("approved, order #{} refunded", req.order_id),
                    Refunded::Before => {
                        format!("approved, order #{} was refunded before", req.order_id)
                    }
                }),
                reason: &req.reason,
            },
        )
        .await?;
        support::note(&mut tx, req.customer_id, Author::Bot, "", &said, Some(id)).await?;
    }
    tx.commit().await?;
    if decided {
        refunds::tell(telegram, &order, texts::plain(&said)).await;
        shop.emit(AppEvent::RequestDecided {
            request_id: id,
            state: RequestState::Approved,
        });
    }
    get(&shop.store, id).await
}

/// Declines a request with a message the customer reads in the chat.
pub async fn decline(
    shop: &Shop,
    telegram: &dyn Telegram,
    id: i64,
    who: &Who,
    message: &str,
) -> Result<RefundRequest> {
    let message = message.trim();
    if message.is_empty() {
        return Err(Error::invalid(
            "Write a message for the customer: it says why the request is declined.",
        ));
    }
    if message.chars().count() > MAX_ANSWER {
        return Err(Error::invalid(
            "The message is too long: at most 1,000 characters.",
        ));
    }
    let req = get(&shop.store, id).await?;
    match req.state {
        RequestState::Declined => return Ok(req),
        RequestState::Approved => {
            return Err(Error::Conflict(format!(
                "Request #{id} was approved already."
            )));
        }
        RequestState::Open => {}
    }
    let l = crate::customers::lang(&shop.store.read, req.customer_id).await?;
    let said = texts::request_declined(l, id, req.order_id, message);
    let mut tx = shop.store.write.begin().await?;
    let decided = db::requests::decide(&mut *tx, id, "declined", who, Some(message), now()).await?;
    if decided {
        audit::record(
            &mut *tx,
            who,
            Line {
                action: "request.decline",
                subject: format!("refund request #{id}"),
                before: Some("open".into()),
                after: Some(format!("declined, order #{} kept", req.order_id)),
                reason: message,
            },
        )
        .await?;
        support::note(
            &mut tx,
            req.customer_id,
            Author::Operator,
            &who.name,
            &said,
            Some(id),
        )
        .await?;
    }
    tx.commit().await?;
    if decided {
        if let Err(e) = telegram
            .send_html_at(Priority::Notice, req.customer_id, texts::plain(&said))
            .await
        {
            tracing::warn!(request = id, error = %e, "the customer was not told of the decline");
        }
        shop.emit(AppEvent::RequestDecided {
            request_id: id,
            state: RequestState::Declined,
        });
    }
    get(&shop.store, id).await
}
