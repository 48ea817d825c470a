//! `stardeskd promos`: promo codes from a terminal (created, generated in batches, switched off
//! and on, their uses and exports), through the same desk as the window, recorded as done by
//! stardeskd.

use std::path::PathBuf;

use chrono::{NaiveDate, TimeZone, Utc};
use clap::{Args, Subcommand};
use stardesk_core::{
    audit::Who,
    catalog::{self, Product, stars},
    desk::Desk,
    promos::{self, Promo, PromoDraft},
    subscriptions::{self, Plan},
};

use crate::subscriptions::{count, table, when};

// ---- arguments ----

#[derive(Args, Debug)]
pub struct PromosArgs {
    #[command(subcommand)]
    action: Option<PromoAction>,
}

#[derive(Subcommand, Debug)]
enum PromoAction {
    /// A new code, valid at once (or from --from). One use per customer unless told otherwise.
    Create {
        /// What the customer types: 3 to 32 Latin letters, digits, _ and - (any case).
        code: String,
        #[command(flatten)]
        off: Off,
        #[command(flatten)]
        terms: Terms,
        /// Uses in all (default: no limit).
        #[arg(long, value_name = "N")]
        uses: Option<i64>,
        /// Uses per customer (default 1).
        #[arg(long, value_name = "N", conflicts_with = "unlimited_per_customer")]
        per_customer: Option<i64>,
        /// A customer may use the code as often as they like.
        #[arg(long)]
        unlimited_per_customer: bool,
    },
    /// A batch of one-time codes (each usable once, by one customer): PREFIX then 8 random
    /// letters and digits. Printed, or written to --out as CSV to hand out.
    Generate {
        /// What every code starts with (at most 16 letters, digits, _ and -).
        #[arg(long, value_name = "P", default_value = "")]
        prefix: String,
        /// How many codes (1 to 10,000).
        #[arg(long, value_name = "N")]
        count: i64,
        #[command(flatten)]
        off: Off,
        #[command(flatten)]
        terms: Terms,
        /// Writes the batch's codes to this CSV file instead of printing them.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Refuses the code from now on (invoices already paid keep their price).
    Deactivate { code: String },
    /// Accepts a deactivated code again.
    Activate { code: String },
    /// The orders that used a code, or with --out the same as CSV.
    Uses {
        code: String,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Every code with its uses and figures to a CSV file.
    Export {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

/// The discount: a percentage or a number of Stars, one of them.
#[derive(Args, Debug)]
#[group(required = true, multiple = false)]
struct Off {
    /// Percent off, 1 to 99 (whole Stars taken off, rounded down).
    #[arg(long, value_name = "N")]
    percent: Option<i64>,
    /// Stars off, 1 to 10,000 (a price never goes below 1 Star).
    #[arg(long, value_name = "N")]
    stars: Option<i64>,
}

#[derive(Args, Debug)]
struct Terms {
    /// Only on this product (repeat for several; with no --product or --plan, on everything).
    #[arg(long = "product", value_name = "ID")]
    products: Vec<i64>,
    /// Only on this subscription plan (repeat for several).
    #[arg(long = "plan", value_name = "ID")]
    plans: Vec<i64>,
    /// Valid from: YYYY-MM-DD (UTC midnight) or RFC 3339 (2026-12-01T09:00:00+01:00).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    from: Option<i64>,
    /// Valid until: YYYY-MM-DD (through that day, UTC) or RFC 3339 (until that moment).
    #[arg(long, value_name = "DATE", value_parser = parse_until)]
    until: Option<i64>,
    /// Only for a customer's first purchase in the shop.
    #[arg(long)]
    first_purchase: bool,
}

impl Terms {
    fn draft(&self, off: &Off) -> PromoDraft {
        PromoDraft {
            percent_off: off.percent,
            stars_off: off.stars,
            product_ids: self.products.clone(),
            plan_ids: self.plans.clone(),
            valid_from: self.from,
            valid_until: self.until,
            first_purchase_only: self.first_purchase,
            ..PromoDraft::default()
        }
    }
}

/// `YYYY-MM-DD` as UTC midnight, or an RFC 3339 time; a unix time.
fn parse_date(s: &str) -> Result<i64, String> {
    let s = s.trim();
    if let Ok(day) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(day.and_time(chrono::NaiveTime::MIN).and_utc().timestamp());
    }
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| t.timestamp())
        .map_err(|_| {
            "a date as YYYY-MM-DD (UTC midnight) or an RFC 3339 time such as 2026-12-01T09:00:00Z"
                .to_string()
        })
}

/// `--until YYYY-MM-DD` includes that day (until the next UTC midnight); an RFC 3339 time is
/// the moment the code stops.
fn parse_until(s: &str) -> Result<i64, String> {
    let day_only = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").is_ok();
    parse_date(s).map(|t| if day_only { t + 86_400 } else { t })
}

// ---- promos ----

pub async fn promos(desk: &Desk, args: &PromosArgs) -> anyhow::Result<()> {
    let who = Who::stardeskd();
    let store = desk.store();
    let changed = match &args.action {
        None => None,
        Some(PromoAction::Create {
            code,
            off,
            terms,
            uses,
            per_customer,
            unlimited_per_customer,
        }) => {
            let draft = PromoDraft {
                code: code.clone(),
                max_uses: *uses,
                per_customer: if *unlimited_per_customer {
                    None
                } else {
                    Some(per_customer.unwrap_or(1))
                },
                ..terms.draft(off)
            };
            let p = desk.create_promo(&draft, &who).await?;
            println!("promo code {}: created", p.code);
            Some(p)
        }
        Some(PromoAction::Generate {
            prefix,
            count: n,
            off,
            terms,
            out,
        }) => {
            let draft = terms.draft(off);
            let (batch, codes) = promos::generate(&store, &who, prefix, *n, &draft).await?;
            let words = off_words(&draft);
            match out {
                Some(out) => {
                    let e = desk.export_promos(Some(&batch), out).await?;
                    println!(
                        "batch {batch}: {} ({words}, each usable once) written to {}",
                        count(e.rows as usize, "one-time code"),
                        e.path
                    );
                }
                None => {
                    println!(
                        "batch {batch}: {} ({words}, each usable once)",
                        count(codes.len(), "one-time code")
                    );
                    for c in &codes {
                        println!("{c}");
                    }
                }
            }
            return Ok(());
        }
        Some(PromoAction::Deactivate { code }) | Some(PromoAction::Activate { code }) => {
            let on = matches!(args.action, Some(PromoAction::Activate { .. }));
            let p = desk.promo_by_code(code).await?;
            let was = p.active;
            let p = promos::set_active(&store, &who, p.id, on).await?;
            println!(
                "promo code {}: {}",
                p.code,
                match (was == on, on) {
                    (true, true) => "was active already",
                    (true, false) => "was inactive already",
                    (false, true) => "active again",
                    (false, false) => "deactivated; it is refused from now on",
                }
            );
            Some(p)
        }
        Some(PromoAction::Uses { code, out }) => {
            let p = desk.promo_by_code(code).await?;
            if let Some(out) = out {
                let e = desk.export_promo_uses(p.id, out).await?;
                println!("{} written to {}", count(e.rows as usize, "use"), e.path);
                return Ok(());
            }
            return uses(desk, &p).await;
        }
        Some(PromoAction::Export { out }) => {
            let e = desk.export_promos(None, out).await?;
            println!("{} written to {}", count(e.rows as usize, "code"), e.path);
            return Ok(());
        }
    };
    let products = catalog::list(&store.read, true).await?;
    let plans = subscriptions::plans(&store).await?;
    let now = desk.shop().clock.now().await;
    if let Some(p) = changed {
        let bot = desk.bot_username().await;
        print!("{}", one(&p, &products, &plans, now, bot.as_deref()));
        return Ok(());
    }
    // Every code: the named ones are listed, each batch on one line.
    let list = promos::list(&store).await?;
    if list.is_empty() {
        println!("no promo codes yet: stardeskd promos create CODE --percent N");
        return Ok(());
    }
    let (single, batched): (Vec<&Promo>, Vec<&Promo>) =
        list.iter().partition(|p| p.batch.is_none());
    if !single.is_empty() {
        let rows: Vec<Vec<String>> = single
            .iter()
            .map(|p| {
                vec![
                    p.code.clone(),
                    p.words(),
                    applies_to(p, &products, &plans),
                    validity(p),
                    uses_words(p),
                    per_customer(p),
                    if p.first_purchase_only { "yes" } else { "" }.into(),
                    state(p, now).into(),
                    stars(p.revenue),
                    stars(p.discount_given),
                ]
            })
            .collect();
        print!(
            "{}",
            table(
                &[
                    "code",
                    "off",
                    "on",
                    "valid (UTC)",
                    "uses",
                    "per customer",
                    "first purchase",
                    "state",
                    "they paid",
                    "discount",
                ],
                &rows
            )
        );
    }
    if !batched.is_empty() {
        if !single.is_empty() {
            println!();
        }
        println!("Batches of one-time codes");
        let mut names: Vec<&str> = Vec::new();
        for p in &batched {
            let b = p.batch.as_deref().unwrap_or_default();
            if !names.contains(&b) {
                names.push(b);
            }
        }
        let mut rows = Vec::new();
        for b in names {
            let codes: Vec<&&Promo> = batched
                .iter()
                .filter(|p| p.batch.as_deref() == Some(b))
                .collect();
            let first = codes[0];
            rows.push(vec![
                b.to_string(),
                count(codes.len(), "code"),
                format!("{} used", codes.iter().filter(|p| p.uses > 0).count()),
                format!("{} active", codes.iter().filter(|p| p.active).count()),
                first.words(),
                applies_to(first, &products, &plans),
                validity(first),
                stars(codes.iter().map(|p| p.revenue).sum()),
            ]);
        }
        print!(
            "{}",
            table(
                &[
                    "batch",
                    "codes",
                    "used",
                    "active",
                    "off",
                    "on",
                    "valid (UTC)",
                    "they paid",
                ],
                &rows
            )
        );
    }
    Ok(())
}

async fn uses(desk: &Desk, p: &Promo) -> anyhow::Result<()> {
    let list = promos::uses(&desk.store(), p.id).await?;
    if list.is_empty() {
        println!("{}: no uses yet", p.code);
        return Ok(());
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|u| {
            vec![
                format!("#{}", u.order_id),
                when(u.at),
                format!("{} ({})", u.customer_name, u.customer_id),
                u.title.clone(),
                stars(u.list_price),
                stars(u.discount),
                stars(u.paid),
                if u.refunded { "refunded" } else { "" }.into(),
            ]
        })
        .collect();
    print!(
        "{}",
        table(
            &[
                "order", "when", "customer", "item", "list", "discount", "paid", ""
            ],
            &rows
        )
    );
    println!(
        "{}: {}; they paid {}, {} off in all",
        p.code,
        count(list.len(), "use"),
        stars(p.revenue),
        stars(p.discount_given)
    );
    Ok(())
}

fn off_words(d: &PromoDraft) -> String {
    match (d.percent_off, d.stars_off) {
        (Some(p), _) => format!("{p}% off"),
        (None, Some(s)) => format!("{} off", stars(s)),
        _ => String::new(),
    }
}

/// One code in full, after a change.
fn one(p: &Promo, products: &[Product], plans: &[Plan], now: i64, bot: Option<&str>) -> String {
    let mut out = format!(
        "{} · {} · {} · {}\n",
        p.code,
        p.words(),
        applies_to(p, products, plans),
        state(p, now)
    );
    out.push_str(&format!(
        "    valid: {} · uses: {} · {}\n",
        validity(p),
        uses_words(p),
        limits(p)
    ));
    out.push_str(&format!(
        "    they paid {} with it; {} off in all\n",
        stars(p.revenue),
        stars(p.discount_given)
    ));
    match bot {
        Some(bot) => out.push_str(&format!(
            "    link: https://t.me/{bot}?start=promo_{}\n",
            p.code
        )),
        None => out.push_str(&format!(
            "    in the chat: /promo {} (the link is known once the bot has a token)\n",
            p.code
        )),
    }
    out
}

fn applies_to(p: &Promo, products: &[Product], plans: &[Plan]) -> String {
    if p.all_items {
        return "everything".into();
    }
    let mut items: Vec<String> = p
        .product_ids
        .iter()
        .map(|id| match products.iter().find(|x| x.id == *id) {
            Some(x) => x.title.clone(),
            None => format!("product #{id}"),
        })
        .collect();
    items.extend(
        p.plan_ids
            .iter()
            .map(|id| match plans.iter().find(|x| x.id == *id) {
                Some(x) => x.title.clone(),
                None => format!("plan #{id}"),
            }),
    );
    items.join(", ")
}

/// A time in UTC, its clock left out at midnight.
fn day(at: i64) -> String {
    match Utc.timestamp_opt(at, 0).single() {
        Some(t) if t.time() == chrono::NaiveTime::MIN => t.format("%Y-%m-%d").to_string(),
        Some(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        None => String::new(),
    }
}

fn validity(p: &Promo) -> String {
    match (p.valid_from, p.valid_until) {
        (None, None) => "always".into(),
        (Some(f), None) => format!("from {}", day(f)),
        (None, Some(u)) => format!("until {}", day(u)),
        (Some(f), Some(u)) => format!("{}–{}", day(f), day(u)),
    }
}

fn uses_words(p: &Promo) -> String {
    match p.max_uses {
        Some(n) => format!("{} of {n}", p.uses),
        None => p.uses.to_string(),
    }
}

fn per_customer(p: &Promo) -> String {
    p.per_customer
        .map_or_else(|| "no limit".into(), |n| n.to_string())
}

fn limits(p: &Promo) -> String {
    let mut s = match p.per_customer {
        Some(n) => format!("{n} per customer"),
        None => "no limit per customer".into(),
    };
    if p.first_purchase_only {
        s.push_str(", first purchase only");
    }
    s
}

fn state(p: &Promo, now: i64) -> &'static str {
    if !p.active {
        "inactive"
    } else if p.valid_until.is_some_and(|u| now >= u) {
        "expired"
    } else if p.valid_from.is_some_and(|f| now < f) {
        "not yet"
    } else if p.max_uses.is_some_and(|n| p.uses >= n) {
        "used up"
    } else {
        "active"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_a_day_or_a_time() {
        assert_eq!(parse_date("2026-12-01"), Ok(1_796_083_200));
        assert_eq!(parse_date("2026-12-01T01:00:00+01:00"), Ok(1_796_083_200));
        assert_eq!(
            parse_date("2026-12-01T09:30:00Z"),
            Ok(1_796_083_200 + 9 * 3600 + 1800)
        );
        assert!(parse_date("1/12/2026").unwrap_err().contains("YYYY-MM-DD"));
        assert_eq!(parse_until("2026-11-30"), Ok(1_796_083_200));
        assert_eq!(parse_until("2026-12-01T00:00:00Z"), Ok(1_796_083_200));
        assert_eq!(day(1_796_083_200), "2026-12-01");
        assert_eq!(day(1_796_083_200 + 60), "2026-12-01 00:01");
    }
}
