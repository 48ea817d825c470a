//! `stardeskd invoices`: the invoices sent in the chat with their status (open, paid,
//! expired), and how long a new one stays valid.

use clap::{Args, ValueEnum};
use stardesk_core::{
    audit::Who,
    desk::Desk,
    invoices::{self, InvoiceQuery, InvoiceStatus},
};

use crate::subscriptions::when;

#[derive(Args, Debug)]
pub struct InvoicesArgs {
    /// Only the invoices with this status.
    #[arg(long, value_enum)]
    status: Option<Status>,
    /// Only this customer's invoices (their Telegram id).
    #[arg(long)]
    customer: Option<i64>,
    /// How many, newest first.
    #[arg(long, default_value_t = 50)]
    limit: i64,
    /// Sets how long a new invoice stays valid, in minutes (1 to 1440); invoices already sent
    /// keep their time.
    #[arg(long, value_name = "MINUTES")]
    valid_minutes: Option<i64>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum Status {
    Open,
    Paid,
    Expired,
}

pub async fn invoices(desk: &Desk, args: &InvoicesArgs) -> anyhow::Result<()> {
    let store = desk.store();
    if let Some(minutes) = args.valid_minutes {
        let minutes = invoices::set_minutes(&store, &Who::stardeskd(), minutes).await?;
        println!("A new invoice stays valid for {minutes} min.");
        return Ok(());
    }
    let query = InvoiceQuery {
        status: args.status.map(|s| match s {
            Status::Open => InvoiceStatus::Open,
            Status::Paid => InvoiceStatus::Paid,
            Status::Expired => InvoiceStatus::Expired,
        }),
        customer_id: args.customer,
        before: None,
        limit: Some(args.limit),
    };
    let page = invoices::list(&store, &query).await?;
    println!(
        "Last 7 days: {} open, {} paid, {} expired. An invoice stays valid for {} min.",
        page.open, page.paid, page.expired, page.valid_minutes
    );
    if page.invoices.is_empty() {
        println!("No invoices.");
        return Ok(());
    }
    println!(
        "{:>7}  {:<20}  {:<24}  {:>6}  {:<8}  {:<20}  {:<20}",
        "id", "customer", "product", "stars", "status", "sent", "until / settled"
    );
    for i in &page.invoices {
        let status = match (i.status, i.order_id) {
            (InvoiceStatus::Paid, Some(o)) => format!("paid #{o}"),
            (InvoiceStatus::Paid, None) => "paid".into(),
            (InvoiceStatus::Open, _) => "open".into(),
            (InvoiceStatus::Expired, _) => "expired".into(),
        };
        let customer: String = format!("{} {}", i.customer_id, i.customer_name)
            .chars()
            .take(20)
            .collect();
        let product: String = i.product_title.chars().take(24).collect();
        println!(
            "{:>7}  {customer:<20}  {product:<24}  {:>6}  {status:<8}  {:<20}  {:<20}",
            i.id,
            i.stars,
            when(i.sent_at),
            when(i.settled_at.unwrap_or(i.expires_at)),
        );
    }
    Ok(())
}
