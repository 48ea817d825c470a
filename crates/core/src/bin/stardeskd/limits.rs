//! `stardeskd limits`: the limits against abuse enforced at pre-checkout, the customers they
//! flagged, and lifting a flag (the customer is trusted) or blocking the customer.

use clap::Args;
use stardesk_core::{
    audit::Who,
    customers,
    desk::Desk,
    limits::{self, Limits},
};

use crate::subscriptions::when;

#[derive(Args, Debug)]
pub struct LimitsArgs {
    /// Purchases one customer may make in an hour (a number, or "off").
    #[arg(long, value_name = "N|off", value_parser = limit)]
    purchases_per_hour: Option<Limit>,
    /// Stars one customer may spend in 24 hours.
    #[arg(long, value_name = "STARS|off", value_parser = limit)]
    stars_per_day: Option<Limit>,
    /// Stars a customer first seen less than 24 hours ago may spend in that time.
    #[arg(long, value_name = "STARS|off", value_parser = limit)]
    new_customer_stars_per_day: Option<Limit>,
    /// Taps on Pay one customer may make in a minute.
    #[arg(long, value_name = "N|off", value_parser = limit)]
    attempts_per_minute: Option<Limit>,
    /// Lifts this customer's flag: they are trusted, the limits no longer apply to them.
    #[arg(long, value_name = "CUSTOMER", conflicts_with = "block")]
    lift: Option<i64>,
    /// Blocks this customer: the shop takes no purchase from them.
    #[arg(long, value_name = "CUSTOMER")]
    block: Option<i64>,
}

/// A limit as typed: a number, or "off".
#[derive(Clone, Copy, Debug)]
struct Limit(Option<i64>);

fn limit(s: &str) -> Result<Limit, String> {
    match s {
        "off" | "none" => Ok(Limit(None)),
        n => n
            .parse()
            .map(|n| Limit(Some(n)))
            .map_err(|_| format!("\"{n}\" is neither a whole number nor \"off\"")),
    }
}

pub async fn limits(desk: &Desk, args: &LimitsArgs) -> anyhow::Result<()> {
    let shop = desk.shop();
    let who = Who::stardeskd();
    if let Some(customer) = args.lift {
        limits::lift(&shop, &who, customer).await?;
        println!("Customer {customer}: flag lifted; the limits no longer apply to them.");
        return Ok(());
    }
    if let Some(customer) = args.block {
        customers::set_blocked(&shop.store, &who, customer, true).await?;
        println!("Customer {customer}: blocked.");
        return Ok(());
    }
    let mut l = limits::get(&shop.store).await?;
    let wanted = Limits {
        purchases_per_hour: args
            .purchases_per_hour
            .map_or(l.purchases_per_hour, |v| v.0),
        stars_per_day: args.stars_per_day.map_or(l.stars_per_day, |v| v.0),
        new_customer_stars_per_day: args
            .new_customer_stars_per_day
            .map_or(l.new_customer_stars_per_day, |v| v.0),
        attempts_per_minute: args
            .attempts_per_minute
            .map_or(l.attempts_per_minute, |v| v.0),
    };
    if wanted != l {
        l = limits::set(&shop, &who, wanted).await?;
    }
    println!("Limits: {}", limits::words(&l));
    let flagged = limits::flagged(&shop.store).await?;
    if flagged.is_empty() {
        println!("No customer is flagged.");
    }
    for f in flagged {
        println!(
            "flagged  {:>12}  {:<20}  {}  {}",
            f.customer_id,
            f.name,
            when(f.at),
            f.reason
        );
    }
    Ok(())
}
