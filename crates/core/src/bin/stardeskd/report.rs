//! `stardeskd report`: the Reports page from a terminal: revenue, the funnel, subscriptions
//! and cash flow over a range of the shop's days, and the settings they read (the shop's time
//! zone, the USD value of a Star), through the same services as the window.

use chrono::Duration;
use clap::{Args, Subcommand};
use stardesk_core::{
    audit::Who,
    desk::Desk,
    referrals::millistars_text,
    reports::{
        self, Grouping, cash, funnel,
        revenue::{self, RevenueTotals},
        subscriptions,
    },
};

#[derive(Args, Debug)]
pub struct ReportArgs {
    #[command(subcommand)]
    what: What,
}

#[derive(Args, Debug, Clone)]
struct Range {
    /// The first day, `YYYY-MM-DD` in the shop's time zone (default: 29 days before --to).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// The last day, included (default: today in the shop's time zone).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// day, week or month.
    #[arg(long, value_name = "GROUP", default_value = "day")]
    group: String,
}

#[derive(Subcommand, Debug)]
enum What {
    /// Gross, refunds, net and net after commissions, by day, week or month, per product and
    /// plan, the top customers, and the change from the period before.
    Revenue(Range),
    /// Cards viewed → invoices sent (and of them expired unpaid) → paid, per product and plan.
    Funnel(Range),
    /// MRR, renewing subscribers, new, cancelled, lapsed, churn, ARPU and cohorts.
    Subscriptions(Range),
    /// Stars on hold with Telegram, released, and when the held ones become available.
    Cash,
    /// The shop's time zone and the USD value of a Star, shown or changed.
    Settings {
        /// An IANA time zone (Europe/Berlin, Asia/Kolkata, UTC), or `system`.
        #[arg(long, value_name = "ZONE")]
        time_zone: Option<String>,
        /// US dollars one Star is worth (0.013).
        #[arg(long, value_name = "USD")]
        usd_per_star: Option<String>,
    },
}

pub async fn report(desk: &Desk, args: &ReportArgs) -> anyhow::Result<()> {
    let store = desk.store();
    let now = chrono::Utc::now().timestamp();
    let dates = |r: &Range| -> anyhow::Result<(String, String, Grouping)> {
        let to = match &r.to {
            Some(d) => d.clone(),
            None => store.zone.day_key(now),
        };
        let from = match &r.from {
            Some(d) => d.clone(),
            None => match chrono::NaiveDate::parse_from_str(&to, "%Y-%m-%d") {
                Ok(d) => (d - Duration::days(29)).format("%Y-%m-%d").to_string(),
                Err(_) => to.clone(),
            },
        };
        Ok((from, to, Grouping::parse(&r.group)?))
    };
    match &args.what {
        What::Revenue(r) => {
            let (from, to, group) = dates(r)?;
            let rep = revenue::report(&store, &from, &to, group).await?;
            println!(
                "Revenue {} to {} ({} days; previous period {} to {})",
                rep.from, rep.to, rep.zone, rep.previous_from, rep.previous_to
            );
            print_totals("this period", &rep.totals);
            print_totals("period before", &rep.previous);
            if let Some(change) = rep.net_change_permille {
                println!("net change: {}", permille(change));
            }
            println!();
            println!(
                "{:<12} {:>8} {:>10} {:>10} {:>10} {:>14}",
                "from", "orders", "gross", "refunded", "net", "net after"
            );
            for b in &rep.buckets {
                let t = &b.totals;
                println!(
                    "{:<12} {:>8} {:>10} {:>10} {:>10} {:>14}",
                    b.start,
                    t.orders,
                    t.gross,
                    t.refunded,
                    t.net,
                    millistars_text(t.net_after_millistars)
                );
            }
            println!();
            println!(
                "{:<8} {:<6} {:<32} {:>8} {:>10} {:>10}",
                "item", "#", "title", "orders", "gross", "net"
            );
            for i in &rep.items {
                println!(
                    "{:<8} {:<6} {:<32} {:>8} {:>10} {:>10}",
                    format!("{:?}", i.kind).to_lowercase(),
                    i.id,
                    i.title,
                    i.totals.orders,
                    i.totals.gross,
                    i.totals.net
                );
            }
            println!();
            println!("top customers:");
            for c in &rep.top_customers {
                let user = c
                    .username
                    .as_deref()
                    .map(|u| format!(" @{u}"))
                    .unwrap_or_default();
                println!(
                    "  {} ({}{user}): {} orders, {} ⭐ net",
                    c.name, c.customer_id, c.orders, c.net
                );
            }
        }
        What::Funnel(r) => {
            let (from, to, _) = dates(r)?;
            let rep = funnel::report(&store, &from, &to).await?;
            println!("Funnel {} to {} ({} days)", rep.from, rep.to, rep.zone);
            println!(
                "{:<8} {:<6} {:<32} {:>8} {:>9} {:>8} {:>8} {:>9}",
                "item", "#", "title", "views", "invoices", "expired", "paid", "paid/view"
            );
            for i in &rep.items {
                let s = &i.steps;
                println!(
                    "{:<8} {:<6} {:<32} {:>8} {:>9} {:>8} {:>8} {:>9}",
                    format!("{:?}", i.kind).to_lowercase(),
                    i.id,
                    i.title,
                    s.views,
                    s.invoices,
                    s.expired,
                    s.paid,
                    rate(s.paid, s.views)
                );
            }
            let t = &rep.totals;
            println!(
                "{:<48} {:>8} {:>9} {:>8} {:>8} {:>9}",
                "all",
                t.views,
                t.invoices,
                t.expired,
                t.paid,
                rate(t.paid, t.views)
            );
        }
        What::Subscriptions(r) => {
            let (from, to, group) = dates(r)?;
            let rep = subscriptions::report(&store, &from, &to, group, now).await?;
            println!(
                "Subscriptions {} to {} ({} days)",
                rep.from, rep.to, rep.zone
            );
            println!(
                "MRR {} ⭐ · {} renewing · {} new · {} cancelled · {} lapsed · churn {} · ARPU {}",
                rep.mrr,
                rep.active,
                rep.new,
                rep.cancelled,
                rep.lapsed,
                rep.churn_permille.map_or("—".into(), permille),
                rep.arpu_millistars.map_or("—".into(), millistars_text)
            );
            println!();
            println!(
                "{:<12} {:>10} {:>10} {:>8} {:>8}",
                "from", "MRR", "renewing", "new", "lost"
            );
            for p in &rep.points {
                println!(
                    "{:<12} {:>10} {:>10} {:>8} {:>8}",
                    p.start, p.mrr, p.active, p.started, p.stopped
                );
            }
            println!();
            println!("cohorts (still paying after 1, 2, 3… months):");
            for c in &rep.cohorts {
                let kept: Vec<String> =
                    c.retained.iter().map(|n| rate(*n, c.subscribers)).collect();
                println!(
                    "  {} {:>6} subscribers  {}",
                    c.month,
                    c.subscribers,
                    kept.join("  ")
                );
            }
        }
        What::Cash => {
            let c = cash::report(&store, now).await?;
            let usd = |m: i64| {
                format!(
                    "≈ ${:.2}",
                    m as f64 / 1000.0 * c.usd_micros_per_star as f64 / 1e6
                )
            };
            println!(
                "Telegram keeps earned Stars on hold for about {} days before they can be withdrawn \
                 (Telegram's period, which may change; dates are estimates from the payments' times).",
                c.hold_days
            );
            println!(
                "earned:    {} ⭐ {}",
                millistars_text(c.earned_millistars),
                usd(c.earned_millistars)
            );
            println!(
                "on hold:   {} ⭐ {}",
                millistars_text(c.on_hold_millistars),
                usd(c.on_hold_millistars)
            );
            println!(
                "available: {} ⭐ {} (before any withdrawal)",
                millistars_text(c.available_millistars),
                usd(c.available_millistars)
            );
            println!();
            for r in c.releases.iter().filter(|r| r.millistars != 0) {
                println!(
                    "  {}  {:>12} ⭐  ({} payments)",
                    r.day,
                    millistars_text(r.millistars),
                    r.payments
                );
            }
        }
        What::Settings {
            time_zone,
            usd_per_star,
        } => {
            let who = Who::stardeskd();
            if let Some(tz) = time_zone {
                let name = if tz.eq_ignore_ascii_case("system") {
                    ""
                } else {
                    tz.as_str()
                };
                reports::set_time_zone(&store, name, &who).await?;
            }
            if let Some(rate) = usd_per_star {
                reports::set_usd_rate(&store, rate, &who).await?;
            }
            let s = reports::settings(&store).await?;
            println!(
                "time zone: {}{}",
                s.time_zone,
                if s.follows_system {
                    " (the system's)"
                } else {
                    ""
                }
            );
            println!("USD per Star: {}", reports::usd_text(s.usd_micros_per_star));
        }
    }
    Ok(())
}

fn print_totals(label: &str, t: &RevenueTotals) {
    println!(
        "{label}: {} orders · gross {} ⭐ · refunds {} ({} ⭐) · net {} ⭐ · Telegram affiliates {} ⭐ · referrals {} ⭐ · net after commissions {} ⭐ · average order {} ⭐ · refund rate {}",
        t.orders,
        t.gross,
        t.refunds,
        t.refunded,
        t.net,
        millistars_text(t.telegram_commission_millistars),
        millistars_text(t.referral_millistars),
        millistars_text(t.net_after_millistars),
        millistars_text(t.average_order_millistars),
        permille(t.refund_rate_permille)
    );
}

fn permille(p: i64) -> String {
    let sign = if p < 0 { "-" } else { "" };
    let a = p.unsigned_abs();
    format!("{sign}{}.{}%", a / 10, a % 10)
}

fn rate(part: i64, whole: i64) -> String {
    if whole == 0 {
        "—".into()
    } else {
        permille(part * 1000 / whole)
    }
}
