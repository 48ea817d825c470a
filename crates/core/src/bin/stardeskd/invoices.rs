//! `stardeskd invoices`: the invoices sent in the chat with their status (open, paid,
//! expired), and how long a new one stays valid.

use clap::{Args, ValueEnum};
use stardesk_core::{
    audit::Who,
    desk::Desk,
    invoices::{self, InvoiceQuery, InvoiceReminder, InvoiceStatus},
    reminders::{self, ReminderSettings},
};

fn reminder_words(s: ReminderSettings) -> String {
    match s.enabled {
        true => format!(
            "Reminders: on, {} h after an invoice expired, to customers who agreed.",
            s.after_hours
        ),
        false => "Reminders: off.".into(),
    }
}

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
    /// Turns reminders about unfinished payments on or off (a customer still has to agree).
    #[arg(long, value_enum)]
    reminders: Option<Switch>,
    /// How long after an invoice expired its reminder goes out, in hours (1 to 72).
    #[arg(long, value_name = "HOURS")]
    remind_after_hours: Option<i64>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum Switch {
    On,
    Off,
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
    }
    if args.reminders.is_some() || args.remind_after_hours.is_some() {
        let now = reminders::settings(&store).await?;
        let wanted = ReminderSettings {
            enabled: args
                .reminders
                .map_or(now.enabled, |s| matches!(s, Switch::On)),
            after_hours: args.remind_after_hours.unwrap_or(now.after_hours),
        };
        let s = reminders::set_settings(&store, &Who::stardeskd(), wanted).await?;
        println!("{}", reminder_words(s));
    }
    if args.valid_minutes.is_some() || args.reminders.is_some() || args.remind_after_hours.is_some()
    {
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
        "Last 7 days: {} open, {} paid, {} expired. An invoice stays valid for {} min. {}",
        page.open,
        page.paid,
        page.expired,
        page.valid_minutes,
        reminder_words(reminders::settings(&store).await?)
    );
    if page.invoices.is_empty() {
        println!("No invoices.");
        return Ok(());
    }
    println!(
        "{:>7}  {:<20}  {:<24}  {:>6}  {:<20}  {:<20}  {:<20}",
        "id", "customer", "product", "stars", "status", "sent", "until / settled"
    );
    for i in &page.invoices {
        let status = match (i.status, i.order_id) {
            (InvoiceStatus::Paid, Some(o)) => format!("paid #{o}"),
            (InvoiceStatus::Paid, None) => "paid".into(),
            (InvoiceStatus::Open, _) => "open".into(),
            (InvoiceStatus::Expired, _) => match &i.reminder {
                Some(InvoiceReminder::Pending { .. }) => "expired, reminder planned".into(),
                Some(InvoiceReminder::Sent) => "expired, reminded".into(),
                Some(InvoiceReminder::Skipped { reason }) => {
                    format!("expired, not reminded ({reason})")
                }
                None => "expired".into(),
            },
        };
        let customer: String = format!("{} {}", i.customer_id, i.customer_name)
            .chars()
            .take(20)
            .collect();
        let product: String = i.product_title.chars().take(24).collect();
        println!(
            "{:>7}  {customer:<20}  {product:<24}  {:>6}  {status:<20}  {:<20}  {:<20}",
            i.id,
            i.stars,
            when(i.sent_at),
            when(i.settled_at.unwrap_or(i.expires_at)),
        );
    }
    Ok(())
}
