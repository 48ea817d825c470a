//! `stardeskd refund` and `stardeskd requests`: the support desk for a shop run on a server,
//! through the same services as the window, recorded as done by stardeskd.

use clap::Args;
use stardesk_core::{
    audit::Who,
    desk::Desk,
    refunds::{Category, Refunded, Why},
    requests::{self, RequestState},
};

#[derive(Args, Debug)]
pub struct RefundArgs {
    /// The order number.
    order: i64,
    /// Why (kept with the refund and in the audit trail).
    #[arg(long)]
    reason: String,
    /// The kind of reason: customer_request, not_delivered, duplicate, fraud or other.
    #[arg(long, default_value = "other", value_parser = parse_category)]
    category: Category,
}

pub fn parse_category(s: &str) -> Result<Category, String> {
    Category::parse(s).ok_or_else(|| {
        "one of customer_request, not_delivered, duplicate, fraud, other".to_string()
    })
}

#[derive(Args, Debug)]
pub struct RequestsArgs {
    /// Approve request N: the order is refunded and the customer told.
    #[arg(long, value_name = "N", conflicts_with = "decline")]
    approve: Option<i64>,
    /// Decline request N with --message, which the customer reads.
    #[arg(long, value_name = "N", requires = "message")]
    decline: Option<i64>,
    /// The message that goes with a decline.
    #[arg(long)]
    message: Option<String>,
    /// List every request, not only the open ones.
    #[arg(long)]
    all: bool,
}

pub async fn refund(desk: &Desk, args: &RefundArgs) -> anyhow::Result<()> {
    let why = Why::new(args.category, args.reason.clone());
    let order = args.order;
    match desk.refund(order, &Who::stardeskd(), why).await? {
        Refunded::Now => println!("order #{order}: refunded in full; the customer was told"),
        Refunded::Before => println!("order #{order}: was refunded before; nothing done"),
    }
    Ok(())
}

pub async fn requests(desk: &Desk, args: &RequestsArgs) -> anyhow::Result<()> {
    let who = Who::stardeskd();
    if let Some(id) = args.approve {
        let r = desk.approve_request(id, &who, None).await?;
        println!(
            "request #{id}: approved; order #{} refunded ({} ⭐), {} was told",
            r.order_id, r.stars, r.customer_name
        );
        return Ok(());
    }
    if let Some(id) = args.decline {
        let message = args.message.as_deref().unwrap_or_default();
        let r = desk.decline_request(id, &who, message).await?;
        println!(
            "request #{id}: declined; {} was told; order #{} kept",
            r.customer_name, r.order_id
        );
        return Ok(());
    }
    let state = (!args.all).then_some(RequestState::Open);
    let list = requests::list(&desk.store(), state).await?;
    if list.is_empty() {
        println!("no {}refund requests", if args.all { "" } else { "open " });
        return Ok(());
    }
    for r in list {
        let when = chrono::DateTime::from_timestamp(r.created_at, 0)
            .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_default();
        println!(
            "#{:<5} {:<8} {}  order #{} · {} · {} ⭐ · {}{}\n       reason: {}\n       {} refunds in 90 days, {} ⭐ spent{}",
            r.id,
            r.state.as_str(),
            when,
            r.order_id,
            r.product_title,
            r.stars,
            r.customer_name,
            r.username.map(|u| format!(" (@{u})")).unwrap_or_default(),
            r.reason,
            r.refunds_90d,
            r.total_spent,
            r.last_error
                .map(|e| format!("\n       last try: {e}"))
                .unwrap_or_default()
        );
    }
    Ok(())
}
