//! `stardeskd referrals`, `referrer` and `payouts`: the shop's referral program from a terminal,
//! through the same desk as the window, recorded as done by stardeskd. Commissions are kept in
//! thousandths of a Star; what can be paid out is whole Stars.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand};
use stardesk_core::{
    audit::Who,
    catalog::{self, stars},
    desk::Desk,
    error::Error,
    promos::Item,
    referrals::{
        self, LedgerLine, PayoutDraft, PayoutMethod, ReferralSettings, Referrer, ReferrerDetail,
        whole,
    },
    subscriptions,
};

use crate::subscriptions::{count, indent, table, when};

// ---- arguments ----

#[derive(Args, Debug)]
pub struct ReferralsArgs {
    #[command(subcommand)]
    action: Option<ReferralsAction>,
}

#[derive(Subcommand, Debug)]
enum ReferralsAction {
    /// The program's terms, or changes to them (what is not given stays). New terms apply to
    /// payments from now on.
    Settings {
        /// Whole percent of each payment a referrer earns, 0 to 50 (0 turns commissions off).
        #[arg(long, value_name = "N")]
        percent: Option<i64>,
        /// How long a referral's payments earn, in months of 30 days (1 to 120).
        #[arg(long, value_name = "N")]
        months: Option<i64>,
        /// Days a commission stays on hold before it can be paid out (0 to 90).
        #[arg(long, value_name = "N")]
        hold_days: Option<i64>,
    },
    /// A product's or plan's own commission rate: shown, set with --percent, or back to the
    /// shop's with --clear. Without --product or --plan, every item with its own rate.
    #[command(group(ArgGroup::new("item").args(["product", "plan"])))]
    Rate {
        #[arg(long, value_name = "ID")]
        product: Option<i64>,
        #[arg(long, value_name = "ID")]
        plan: Option<i64>,
        /// The item's own rate, 0 to 50.
        #[arg(long, value_name = "N", requires = "item", conflicts_with = "clear")]
        percent: Option<i64>,
        /// The item earns the shop's rate again.
        #[arg(long, requires = "item")]
        clear: bool,
    },
    /// Every referrer with their figures to a CSV file (commissions with their thousandths).
    Export {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("method").args(["credit", "outside"])))]
pub struct ReferrerArgs {
    /// The referrer's customer id (their Telegram user id).
    id: i64,
    /// Pays N whole Stars of what is due, with --credit or --outside.
    #[arg(long, value_name = "N", requires = "method")]
    pay: Option<i64>,
    /// With --pay: as store credit, taken off the referrer's next purchases.
    #[arg(long, requires = "pay")]
    credit: bool,
    /// With --pay: paid outside Stardesk (a gift, a transfer); NOTE says how and is kept.
    #[arg(long, value_name = "NOTE", requires = "pay")]
    outside: Option<String>,
}

#[derive(Args, Debug)]
pub struct PayoutsArgs {
    #[command(subcommand)]
    action: Option<PayoutsAction>,
    /// The referrers with whole Stars due now, most first, instead of the payouts made.
    #[arg(long)]
    due: bool,
}

#[derive(Subcommand, Debug)]
enum PayoutsAction {
    /// Every payout, newest first, to a CSV file.
    Export {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

// ---- referrals ----

pub async fn referrals(desk: &Desk, args: &ReferralsArgs) -> anyhow::Result<()> {
    let who = Who::stardeskd();
    let store = desk.store();
    match &args.action {
        None => {}
        Some(ReferralsAction::Settings {
            percent,
            months,
            hold_days,
        }) => {
            let before = referrals::get_settings(&store).await?;
            let terms = if percent.is_none() && months.is_none() && hold_days.is_none() {
                before
            } else {
                let new = ReferralSettings {
                    percent: percent.unwrap_or(before.percent),
                    months: months.unwrap_or(before.months),
                    hold_days: hold_days.unwrap_or(before.hold_days),
                };
                let saved = referrals::set_settings(&store, &who, &new).await?;
                println!(
                    "referral program: {}",
                    if saved == before {
                        "unchanged"
                    } else {
                        "saved"
                    }
                );
                saved
            };
            print!("{}", terms_table(&terms));
            return Ok(());
        }
        Some(ReferralsAction::Rate {
            product,
            plan,
            percent,
            clear,
        }) => {
            let item = product.map(Item::Product).or(plan.map(Item::Plan));
            let list = match item {
                Some(item) if percent.is_some() || *clear => {
                    let set = if *clear { None } else { *percent };
                    let list = referrals::set_override(&store, &who, item, set).await?;
                    println!(
                        "{}: {}",
                        item_words(item),
                        match set {
                            Some(p) => format!("earns {p}% from now on"),
                            None => "earns the shop's rate from now on".into(),
                        }
                    );
                    list
                }
                _ => referrals::overrides(&store).await?,
            };
            let terms = referrals::get_settings(&store).await?;
            if let Some(item) = item {
                let title = match item {
                    Item::Product(id) => catalog::list(&store.read, true)
                        .await?
                        .into_iter()
                        .find(|p| p.id == id)
                        .map(|p| p.title),
                    Item::Plan(id) => subscriptions::plans(&store)
                        .await?
                        .into_iter()
                        .find(|p| p.id == id)
                        .map(|p| p.title),
                };
                let Some(title) = title else {
                    anyhow::bail!("there is no {}", item_words(item));
                };
                let own = list
                    .iter()
                    .find(|o| (o.product_id, o.plan_id) == item.ids());
                match own {
                    Some(o) => println!("{title} ({}): {}%", item_words(item), o.percent),
                    None => println!(
                        "{title} ({}): the shop's rate, {}%",
                        item_words(item),
                        terms.percent
                    ),
                }
                return Ok(());
            }
            if list.is_empty() {
                println!(
                    "every product and plan earns the shop's rate, {}%",
                    terms.percent
                );
                return Ok(());
            }
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|o| {
                    let item = match (o.product_id, o.plan_id) {
                        (Some(id), _) => Item::Product(id),
                        (None, id) => Item::Plan(id.unwrap_or_default()),
                    };
                    vec![item_words(item), o.title.clone(), format!("{}%", o.percent)]
                })
                .collect();
            print!("{}", table(&["item", "title", "rate"], &rows));
            println!("everything else earns the shop's rate, {}%", terms.percent);
            return Ok(());
        }
        Some(ReferralsAction::Export { out }) => {
            let e = desk.export_referrers(out).await?;
            println!(
                "{} written to {}",
                count(e.rows as usize, "referrer"),
                e.path
            );
            return Ok(());
        }
    }
    let list = desk.referrers().await?;
    let terms = referrals::get_settings(&store).await?;
    if list.is_empty() {
        println!(
            "no referrers yet: a customer finds their link with /referrals in the chat and shares it"
        );
    } else {
        let rows: Vec<Vec<String>> = list
            .iter()
            .map(|r| {
                vec![
                    r.customer_id.to_string(),
                    name(&r.name, r.username.as_deref()),
                    r.invited.to_string(),
                    r.buyers.to_string(),
                    stars(r.revenue),
                    stars(whole(r.earned)),
                    stars(whole(r.pending)),
                    stars(r.due()),
                    stars(r.paid),
                    stars(r.credit),
                ]
            })
            .collect();
        print!(
            "{}",
            table(
                &[
                    "customer",
                    "referrer",
                    "invited",
                    "bought",
                    "they paid",
                    "earned",
                    "on hold",
                    "due",
                    "paid out",
                    "credit left",
                ],
                &rows
            )
        );
        println!(
            "{} · commissions in whole Stars, rounded down (export for the thousandths)",
            count(list.len(), "referrer")
        );
    }
    println!("program: {}", terms_words(&terms));
    Ok(())
}

fn terms_words(t: &ReferralSettings) -> String {
    if t.percent == 0 {
        return "no commission (links still bring customers)".into();
    }
    format!(
        "{}% of each payment for {} months after the referral, on hold {} days",
        t.percent, t.months, t.hold_days
    )
}

fn terms_table(t: &ReferralSettings) -> String {
    format!(
        "{:<13}{}%{}\n{:<13}{} months after the referral\n{:<13}{} day{} before it can be paid out\n",
        "Commission",
        t.percent,
        if t.percent == 0 {
            " (off)"
        } else {
            " of each payment"
        },
        "Earned for",
        t.months,
        "On hold",
        t.hold_days,
        if t.hold_days == 1 { "" } else { "s" },
    )
}

fn item_words(item: Item) -> String {
    match item {
        Item::Product(id) => format!("product #{id}"),
        Item::Plan(id) => format!("plan #{id}"),
    }
}

fn name(first_name: &str, username: Option<&str>) -> String {
    match username {
        Some(u) => format!("{first_name} @{u}"),
        None => first_name.to_string(),
    }
}

// ---- one referrer ----

pub async fn referrer(desk: &Desk, args: &ReferrerArgs) -> anyhow::Result<()> {
    let id = args.id;
    if let Some(n) = args.pay {
        let (method, note) = match &args.outside {
            Some(note) => (PayoutMethod::Outside, note.clone()),
            None => (PayoutMethod::Credit, String::new()),
        };
        let draft = PayoutDraft {
            referrer_id: id,
            stars: n,
            method,
            note,
        };
        let p = match desk.pay_out(&draft, &Who::stardeskd(), None).await {
            Err(Error::NotFound(_)) => return Err(no_customer(id)),
            other => other?,
        };
        println!(
            "payout #{}: {} paid to {} {}",
            p.id,
            stars(p.stars),
            p.referrer_name,
            match p.method {
                PayoutMethod::Credit => "as store credit (taken off their next purchases)",
                PayoutMethod::Outside => "outside Stardesk",
            }
        );
        println!();
    }
    let d = match desk.referrer_detail(id).await {
        Err(Error::NotFound(_)) => return Err(no_customer(id)),
        other => other?,
    };
    let link = match desk.bot_username().await {
        Some(_) => desk.referral_link(id).await.ok(),
        None => None,
    };
    let now = desk.shop().clock.now().await;
    print!("{}", detail(&d, link.as_deref(), now));
    Ok(())
}

fn no_customer(id: i64) -> anyhow::Error {
    anyhow::anyhow!(
        "no customer {id}: a referrer is named by their customer id (stardeskd referrals lists them)"
    )
}

fn detail(d: &ReferrerDetail, link: Option<&str>, now: i64) -> String {
    let r = &d.referrer;
    let mut out = String::new();
    let mut line = |label: &str, value: String| {
        out.push_str(&format!("{label:<13}{value}\n"));
    };
    line(
        "Referrer",
        format!(
            "{} (customer {})",
            name(&r.name, r.username.as_deref()),
            r.customer_id
        ),
    );
    line(
        "Link",
        match (link, &r.code) {
            (Some(link), _) => link.to_string(),
            (None, Some(code)) => format!(
                "start=r_{code} (the whole link is known once the bot has a token: it carries the bot's @name)"
            ),
            (None, None) => "none yet: made when they ask /referrals".into(),
        },
    );
    line(
        "Brought",
        format!(
            "{}, {} bought; they paid {}",
            if r.invited == 1 {
                "1 person".to_string()
            } else {
                format!("{} people", r.invited)
            },
            r.buyers,
            stars(r.revenue)
        ),
    );
    line("Earned", referrals::stars_exact(r.earned));
    line("On hold", referrals::stars_exact(r.pending));
    line(
        "Due",
        format!(
            "{} (available: {})",
            stars(r.due()),
            referrals::stars_exact(r.available)
        ),
    );
    line(
        "Paid out",
        format!(
            "{}; store credit left to spend: {}",
            stars(r.paid),
            stars(r.credit)
        ),
    );
    out.push_str("\nPeople brought\n");
    if d.invited.is_empty() {
        out.push_str("  none yet\n");
    } else {
        let rows: Vec<Vec<String>> = d
            .invited
            .iter()
            .map(|i| {
                vec![
                    i.customer_id.to_string(),
                    i.name.clone(),
                    format!("since {}", when(i.since)),
                    count(i.orders as usize, "order"),
                    stars(i.stars),
                ]
            })
            .collect();
        indent(&mut out, &rows);
    }
    out.push_str("\nLedger\n");
    if d.ledger.is_empty() {
        out.push_str("  nothing yet\n");
    } else {
        let rows: Vec<Vec<String>> = d.ledger.iter().map(|l| ledger_row(l, now)).collect();
        indent(&mut out, &rows);
    }
    out
}

fn ledger_row(l: &LedgerLine, now: i64) -> Vec<String> {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let (kind, about) = match l.kind.as_str() {
        "earned" => (
            "commission",
            format!(
                "{}% of {}",
                l.percent.unwrap_or_default(),
                stars(l.order_stars.unwrap_or_default())
            ),
        ),
        "reversed" => ("reversed", "the order was refunded".into()),
        kind => {
            let note = text(&l.note);
            (
                match kind {
                    "payout_credit" => "paid as credit",
                    "payout_outside" => "paid outside",
                    other => other,
                },
                format!(
                    "by {}{}",
                    text(&l.by),
                    if note.is_empty() {
                        String::new()
                    } else {
                        format!(": {note}")
                    }
                ),
            )
        }
    };
    let hold = match l.available_at {
        Some(at) if l.kind == "earned" && at > now => {
            format!("on hold to {}", when(at).trim_end_matches(" UTC"))
        }
        _ => String::new(),
    };
    vec![
        when(l.at),
        kind.to_string(),
        referrals::stars_exact(l.millistars),
        l.order_id
            .map(|o| format!("order #{o}"))
            .unwrap_or_default(),
        text(&l.customer_name),
        text(&l.title),
        about,
        hold,
    ]
}

// ---- payouts ----

pub async fn payouts(desk: &Desk, args: &PayoutsArgs) -> anyhow::Result<()> {
    if let Some(PayoutsAction::Export { out }) = &args.action {
        let e = desk.export_payouts(out).await?;
        println!("{} written to {}", count(e.rows as usize, "payout"), e.path);
        return Ok(());
    }
    if args.due {
        let due = desk.payouts_due().await?;
        if due.is_empty() {
            println!("nothing due: no referrer has a whole Star past its hold");
            return Ok(());
        }
        let rows: Vec<Vec<String>> = due.iter().map(due_row).collect();
        print!(
            "{}",
            table(
                &["customer", "referrer", "due", "on hold", "credit left"],
                &rows
            )
        );
        println!(
            "pay with: stardeskd referrer ID --pay N --credit (or --outside \"how it was paid\")"
        );
        return Ok(());
    }
    let list = referrals::payouts(&desk.store()).await?;
    if list.is_empty() {
        println!("no payouts yet (payouts --due lists who can be paid)");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|p| {
            vec![
                format!("#{}", p.id),
                when(p.at),
                format!("{} ({})", p.referrer_name, p.referrer_id),
                stars(p.stars),
                match p.method {
                    PayoutMethod::Credit => "store credit".into(),
                    PayoutMethod::Outside => "outside".into(),
                },
                p.note.clone(),
                p.by.clone(),
            ]
        })
        .collect();
    print!(
        "{}",
        table(
            &["#", "when", "referrer", "paid", "how", "note", "by"],
            &rows
        )
    );
    Ok(())
}

fn due_row(r: &Referrer) -> Vec<String> {
    vec![
        r.customer_id.to_string(),
        name(&r.name, r.username.as_deref()),
        stars(r.due()),
        referrals::stars_exact(r.pending),
        stars(r.credit),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousandths_read_exactly() {
        assert_eq!(referrals::stars_exact(2500), "2.5 Stars");
        assert_eq!(referrals::stars_exact(125), "0.125 Stars");
        assert_eq!(referrals::stars_exact(-12_000), "-12 Stars");
        assert_eq!(referrals::stars_exact(1000), "1 Star");
    }
}
