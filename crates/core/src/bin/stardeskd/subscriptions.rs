//! `stardeskd channels`, `plans`, `subscribers`, `subscriber` and `expiry`: subscription plans
//! run from a terminal through the same desk as the window, recorded as done by stardeskd.

use clap::{Args, Subcommand};
use stardesk_core::{
    audit::Who,
    catalog::stars,
    desk::Desk,
    refunds::{Category, Refunded, Why},
    subscriptions::{
        self, Channel, Plan, PlanDraft, SubStatus, Subscriber, SubscriberDetail, SubscriberQuery,
        SubscriberSort,
        expiry::{DueAccess, ExpiryQueue},
    },
};

use crate::support::parse_category;

// ---- arguments ----

#[derive(Args, Debug)]
pub struct ChannelsArgs {
    /// Checks a channel with Telegram and keeps it: its @name, its id (-100…) or a t.me link.
    #[arg(long, value_name = "CHANNEL", allow_hyphen_values = true)]
    add: Option<String>,
    /// Checks every channel again (the bot's rights change in Telegram, not here).
    #[arg(long)]
    check: bool,
    /// Forgets a channel that no plan grants and nobody was invited to.
    #[arg(long, value_name = "ID", allow_negative_numbers = true)]
    forget: Option<i64>,
}

#[derive(Args, Debug)]
pub struct PlansArgs {
    #[command(subcommand)]
    action: Option<PlanAction>,
}

#[derive(Subcommand, Debug)]
enum PlanAction {
    /// A new plan, on sale at once.
    Create {
        /// The plan's name on the invoice (at most 32 characters).
        #[arg(long)]
        title: String,
        /// Stars per 30 days (1 to 10,000).
        #[arg(long)]
        price: i64,
        #[command(flatten)]
        more: PlanMore,
    },
    /// Changes a plan; what is not given stays. Subscribers renew at the price they joined at.
    Edit {
        /// The plan's number.
        id: i64,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        price: Option<i64>,
        #[command(flatten)]
        more: PlanMore,
        /// Takes every channel out of the plan (it then grants its text only).
        #[arg(long, conflicts_with = "channels")]
        no_channels: bool,
    },
    /// Takes a plan off sale; its subscribers keep renewing until they cancel.
    Archive { id: i64 },
    /// Puts an archived plan on sale again.
    Unarchive { id: i64 },
}

#[derive(Args, Debug)]
struct PlanMore {
    /// What subscribers get, shown on the invoice (at most 255 characters; default: the title).
    #[arg(long)]
    description: Option<String>,
    /// A text sent with the first payment and at each renewal ("" for none).
    #[arg(long)]
    benefit: Option<String>,
    /// A channel the plan grants (repeat for several; given on edit, they replace the list).
    #[arg(
        long = "channel",
        id = "channels",
        value_name = "ID",
        allow_negative_numbers = true
    )]
    channels: Vec<i64>,
}

#[derive(Args, Debug)]
pub struct SubscribersArgs {
    /// active, cancelled, lapsed or refunded.
    #[arg(long, value_parser = parse_status)]
    status: Option<SubStatus>,
    /// Only this plan's subscribers.
    #[arg(long, value_name = "ID")]
    plan: Option<i64>,
    /// A name, @username, customer id or #subscription.
    #[arg(long, value_name = "Q")]
    search: Option<String>,
    /// newest, paid-until (ending first) or stars-paid.
    #[arg(long, default_value = "newest", value_parser = parse_sort)]
    sort: SubscriberSort,
    /// Rows shown (at most 500).
    #[arg(long, value_name = "N", default_value_t = 50)]
    limit: i64,
}

#[derive(Args, Debug)]
pub struct SubscriberArgs {
    /// The subscription's number.
    id: i64,
    /// Stops the renewal with Telegram; access stays to the end of the paid period.
    #[arg(long, group = "action")]
    cancel: bool,
    /// Lets a cancelled subscription renew again (while its period is paid).
    #[arg(long, group = "action")]
    resume: bool,
    /// Gives access DAYS longer, a goodwill gesture (someone removed is let in again).
    #[arg(long, value_name = "DAYS", group = "action", requires = "reason")]
    extend: Option<i64>,
    /// Removes the subscriber from the plan's channels now and stops the renewal.
    #[arg(long, group = "action", requires = "reason")]
    remove: bool,
    /// Refunds the subscription's last payment through Telegram; renewal stops, access ends
    /// now (or with --keep-access at the end of the paid period).
    #[arg(long, group = "action", requires = "reason")]
    refund: bool,
    /// Why (kept in the audit trail, and with a refund).
    #[arg(long)]
    reason: Option<String>,
    /// With --refund: customer_request, not_delivered, duplicate, fraud or other.
    #[arg(long, default_value = "other", value_parser = parse_category, requires = "refund")]
    category: Category,
    /// With --refund: access stays to the end of the paid period.
    #[arg(long, requires = "refund")]
    keep_access: bool,
}

#[derive(Args, Debug)]
pub struct ExpiryArgs {
    /// Runs the queue now: reminders, then removals (not while paused, unless --force).
    #[arg(long, group = "action")]
    run: bool,
    /// With --run: removes even while automatic removal is paused.
    #[arg(long, requires = "run")]
    force: bool,
    /// Undoes a removal of the last 7 days: access back for --days, a new invite sent.
    #[arg(long, value_name = "REMOVAL_ID", group = "action")]
    undo: Option<i64>,
    /// With --undo: how many days of access it gives back.
    #[arg(long, value_name = "N", default_value_t = 7, requires = "undo")]
    days: i64,
    /// Pauses automatic removal (reminders still go out).
    #[arg(long, group = "action")]
    pause: bool,
    /// Turns automatic removal back on.
    #[arg(long, group = "action")]
    unpause: bool,
    /// Days before a cancelled subscription ends when its subscriber is reminded, such as 3,1
    /// ("none" for no reminders).
    #[arg(long, value_name = "DAYS", group = "action", value_parser = parse_days)]
    reminder_days: Option<ReminderDays>,
}

#[derive(Debug, Clone)]
struct ReminderDays(Vec<i64>);

fn parse_status(s: &str) -> Result<SubStatus, String> {
    SubStatus::parse(s).map_err(|_| "one of active, cancelled, lapsed, refunded".to_string())
}

fn parse_sort(s: &str) -> Result<SubscriberSort, String> {
    match s {
        "newest" => Ok(SubscriberSort::Newest),
        "paid-until" | "paid_until" => Ok(SubscriberSort::PaidUntil),
        "stars-paid" | "stars_paid" => Ok(SubscriberSort::StarsPaid),
        _ => Err("one of newest, paid-until, stars-paid".into()),
    }
}

fn parse_days(s: &str) -> Result<ReminderDays, String> {
    if s.trim() == "none" {
        return Ok(ReminderDays(Vec::new()));
    }
    s.split(',')
        .map(|d| d.trim().parse::<i64>())
        .collect::<Result<Vec<_>, _>>()
        .map(ReminderDays)
        .map_err(|_| "days as numbers separated by commas, such as 3,1, or none".into())
}

// ---- channels ----

pub async fn channels(desk: &Desk, args: &ChannelsArgs) -> anyhow::Result<()> {
    let who = Who::stardeskd();
    if let Some(id) = args.forget {
        desk.forget_channel(id, &who).await?;
        println!("channel {id}: forgotten");
    }
    if let Some(chat) = &args.add {
        let c = desk.check_channel(chat, &who).await?;
        println!("{} ({}): checked and kept", c.title, c.id);
    }
    let list = if args.check {
        desk.recheck_channels(&who).await?
    } else {
        subscriptions::channels(&desk.store()).await?
    };
    if list.is_empty() {
        println!(
            "no channels yet: make the bot an administrator of a private channel, then --add its @name or id"
        );
        return Ok(());
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|c| {
            vec![
                c.id.to_string(),
                c.title.clone(),
                c.username
                    .as_ref()
                    .map(|u| format!("@{u}"))
                    .unwrap_or_default(),
                c.kind.clone(),
                rights(c),
                c.plans.to_string(),
                c.products.to_string(),
                when(c.checked_at),
            ]
        })
        .collect();
    print!(
        "{}",
        table(
            &[
                "id", "title", "@name", "kind", "the bot", "plans", "products", "checked"
            ],
            &rows
        )
    );
    for c in &list {
        if let Some(problem) = c.problem() {
            println!("warning: {problem}");
        }
    }
    Ok(())
}

fn rights(c: &Channel) -> String {
    if c.bot_status != "admin" {
        return format!("{} (not an administrator)", c.bot_status);
    }
    match (c.can_invite, c.can_ban) {
        (true, true) => "admin, invites and bans".into(),
        (true, false) => "admin, may not ban".into(),
        (false, true) => "admin, may not invite".into(),
        (false, false) => "admin, may neither invite nor ban".into(),
    }
}

// ---- plans ----

pub async fn plans(desk: &Desk, args: &PlansArgs) -> anyhow::Result<()> {
    let who = Who::stardeskd();
    let store = desk.store();
    let changed = match &args.action {
        None => None,
        Some(PlanAction::Create { title, price, more }) => {
            let draft = PlanDraft {
                title: title.clone(),
                description: more.description.clone().unwrap_or_else(|| title.clone()),
                price: *price,
                benefit: more.benefit.clone(),
                channel_ids: more.channels.clone(),
            };
            let p = desk.create_plan(&draft, &who).await?;
            println!("plan #{}: created, on sale", p.id);
            Some(p)
        }
        Some(PlanAction::Edit {
            id,
            title,
            price,
            more,
            no_channels,
        }) => {
            let before = subscriptions::plan(&store, *id).await?;
            let draft = PlanDraft {
                title: title.clone().unwrap_or(before.title),
                description: more.description.clone().unwrap_or(before.description),
                price: price.unwrap_or(before.price),
                benefit: more.benefit.clone().or(before.benefit),
                channel_ids: if *no_channels {
                    Vec::new()
                } else if more.channels.is_empty() {
                    before.channel_ids
                } else {
                    more.channels.clone()
                },
            };
            let p = desk.update_plan(*id, &draft, &who).await?;
            println!("plan #{id}: saved");
            Some(p)
        }
        Some(PlanAction::Archive { id }) => {
            let p = desk.set_plan_active(*id, false, &who).await?;
            println!("plan #{id}: archived; its subscribers keep renewing until they cancel");
            Some(p)
        }
        Some(PlanAction::Unarchive { id }) => {
            let p = desk.set_plan_active(*id, true, &who).await?;
            println!("plan #{id}: on sale again");
            Some(p)
        }
    };
    let list = match changed {
        Some(p) => vec![p],
        None => subscriptions::plans(&store).await?,
    };
    if list.is_empty() {
        println!(
            "no plans yet: stardeskd plans create --title T --price N --channel ID (see stardeskd channels)"
        );
        return Ok(());
    }
    let channels = subscriptions::channels(&store).await?;
    let bot = desk.bot_username().await;
    for (i, p) in list.iter().enumerate() {
        if i > 0 {
            println!();
        }
        print_plan(p, &channels, bot.as_deref());
    }
    Ok(())
}

fn print_plan(p: &Plan, channels: &[Channel], bot: Option<&str>) {
    println!(
        "#{} {} · {} / 30 days · {}",
        p.id,
        p.title,
        stars(p.price),
        if p.active { "on sale" } else { "archived" }
    );
    println!("    {}", one_line(&p.description));
    let granted: Vec<String> = p
        .channel_ids
        .iter()
        .map(|id| match channels.iter().find(|c| c.id == *id) {
            Some(c) => format!("{} ({id})", c.title),
            None => id.to_string(),
        })
        .collect();
    if !granted.is_empty() {
        println!("    channels: {}", granted.join(", "));
    }
    if let Some(b) = &p.benefit {
        println!("    sent at each payment: {}", cut(&one_line(b), 70));
    }
    let mut subscribers = format!("    subscribers with access: {}", p.active_subscribers);
    if p.at_other_prices > 0 {
        subscribers.push_str(&format!(
            " ({} renew at the price they joined at)",
            p.at_other_prices
        ));
    }
    println!("{subscribers}");
    match bot {
        Some(bot) if p.active => println!("    link: {}", subscriptions::deep_link(bot, p.id)),
        Some(_) => {}
        None => println!("    link: known once the bot has a token (it carries the bot's @name)"),
    }
}

// ---- subscribers ----

pub async fn subscribers(desk: &Desk, args: &SubscribersArgs) -> anyhow::Result<()> {
    let store = desk.store();
    let q = SubscriberQuery {
        search: args.search.clone().unwrap_or_default(),
        status: args.status,
        plan_id: args.plan,
        sort: args.sort,
        offset: 0,
        limit: args.limit.clamp(1, 500),
    };
    let list = subscriptions::subscribers(&store, &q).await?;
    let total = subscriptions::subscribers_count(&store, &q).await?;
    if list.is_empty() {
        println!("no subscribers match");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|s| {
            vec![
                format!("#{}", s.id),
                customer(s),
                s.plan_title.clone(),
                s.status.as_str().into(),
                stars(s.price),
                when(s.paid_until),
                if s.has_access {
                    when(s.access_until)
                } else {
                    "removed".into()
                },
                stars(s.stars_paid),
            ]
        })
        .collect();
    print!(
        "{}",
        table(
            &[
                "#",
                "subscriber",
                "plan",
                "status",
                "renews at",
                "paid until",
                "access until",
                "paid in all",
            ],
            &rows
        )
    );
    if total > list.len() as i64 {
        println!(
            "{} of {total} shown; --limit, --status, --plan and --search narrow it",
            list.len()
        );
    } else {
        println!("{total} subscriber{}", if total == 1 { "" } else { "s" });
    }
    Ok(())
}

pub async fn subscriber(desk: &Desk, args: &SubscriberArgs) -> anyhow::Result<()> {
    let who = Who::stardeskd();
    let id = args.id;
    let reason = args.reason.as_deref().unwrap_or_default();
    if args.cancel {
        desk.set_renewal(id, false, &who).await?;
        println!("subscription #{id}: renewal stopped; access stays to the end of the paid period");
    } else if args.resume {
        desk.set_renewal(id, true, &who).await?;
        println!("subscription #{id}: renews again");
    } else if let Some(days) = args.extend {
        let s = desk.extend_subscription(id, days, reason, &who).await?;
        println!(
            "subscription #{id}: access until {} (+{days} days)",
            when(s.access_until)
        );
    } else if args.remove {
        desk.remove_subscriber(id, reason, &who).await?;
        println!("subscription #{id}: removed from the plan's channels; renewal stopped");
    } else if args.refund {
        let why = Why::new(args.category, reason);
        let last = subscriptions::detail(&desk.shop(), id)
            .await?
            .payments
            .last()
            .map(|p| (p.order_id, p.stars));
        let outcome = desk
            .refund_subscription(id, why, args.keep_access, &who, None)
            .await?;
        let what = last
            .map(|(order, n)| format!("its last payment (order #{order}, {})", stars(n)))
            .unwrap_or_else(|| "its last payment".into());
        match outcome {
            Refunded::Now => println!(
                "subscription #{id}: {what} refunded; renewal stopped; {}",
                if args.keep_access {
                    "access stays to the end of the paid period"
                } else {
                    "access ended"
                }
            ),
            Refunded::Before => println!("subscription #{id}: {what} was refunded before"),
        }
    }
    let d = subscriptions::detail(&desk.shop(), id).await?;
    print!("{}", detail(&d));
    Ok(())
}

fn customer(s: &Subscriber) -> String {
    match &s.username {
        Some(u) => format!("{} @{u}", s.customer_name),
        None => format!("{} ({})", s.customer_name, s.customer_id),
    }
}

fn status_words(s: &Subscriber) -> String {
    match s.status {
        SubStatus::Active => "active: renews by itself".into(),
        SubStatus::Cancelled => format!(
            "cancelled{}: access to the end of the paid period",
            s.cancelled_at
                .map(|at| format!(" {}", when(at)))
                .unwrap_or_default()
        ),
        SubStatus::Lapsed => "lapsed: the period ended without a renewal".into(),
        SubStatus::Refunded => "refunded: its last payment was refunded".into(),
    }
}

fn detail(d: &SubscriberDetail) -> String {
    let s = &d.subscriber;
    let mut out = String::new();
    let mut line = |label: &str, value: String| {
        out.push_str(&format!("{label:<13}{value}\n"));
    };
    line(
        "Subscription",
        format!(
            "#{} · {}{} (customer {})",
            s.id,
            s.customer_name,
            s.username
                .as_ref()
                .map(|u| format!(" @{u}"))
                .unwrap_or_default(),
            s.customer_id
        ),
    );
    line(
        "Plan",
        format!(
            "{} (plan #{}), renews at {} / 30 days",
            s.plan_title,
            s.plan_id,
            stars(s.price)
        ),
    );
    line("Status", status_words(s));
    line("Started", when(s.started_at));
    line(
        "Paid until",
        format!("{} ({})", when(s.paid_until), relative(s.paid_until, d.now)),
    );
    line(
        "Access",
        if s.has_access {
            format!(
                "until {} ({})",
                when(s.access_until),
                relative(s.access_until, d.now)
            )
        } else {
            format!(
                "removed{}",
                s.ended_at
                    .map(|at| format!(" {}", when(at)))
                    .unwrap_or_default()
            )
        },
    );
    line(
        "Paid",
        format!(
            "{} in all, {} renewal{}",
            stars(s.stars_paid),
            s.renewals,
            if s.renewals == 1 { "" } else { "s" }
        ),
    );
    if !d.channels.is_empty() {
        let list: Vec<String> = d
            .channels
            .iter()
            .map(|c| format!("{} ({})", c.title, c.id))
            .collect();
        line("Channels", list.join(", "));
    }
    out.push_str("\nPayments\n");
    if d.payments.is_empty() {
        out.push_str("  none\n");
    }
    for p in &d.payments {
        out.push_str(&format!(
            "  order #{:<7} {}  {:>11}  {}{}{}\n",
            p.order_id,
            when(p.paid_at),
            stars(p.stars),
            p.paid_until
                .map(|u| format!("paid until {}", when(u)))
                .unwrap_or_default(),
            if p.refunded {
                format!(
                    " · refunded{}",
                    p.refunded_at
                        .map(|at| format!(" {}", when(at)))
                        .unwrap_or_default()
                )
            } else {
                String::new()
            },
            if p.recovered {
                " · recovered from Telegram's ledger"
            } else {
                ""
            }
        ));
    }
    if !d.reminders.is_empty() {
        out.push_str("\nReminders\n");
        for r in &d.reminders {
            out.push_str(&format!(
                "  {} day{} before the end, sent {}\n",
                r.days_before,
                if r.days_before == 1 { "" } else { "s" },
                when(r.sent_at)
            ));
        }
    }
    if !d.removals.is_empty() {
        out.push_str("\nRemovals\n");
        for r in &d.removals {
            out.push_str(&format!(
                "  #{:<5} {}  {} by {}: {}{}\n",
                r.id,
                when(r.removed_at.unwrap_or(r.created_at)),
                r.state,
                r.actor_name,
                r.why,
                r.undone_at
                    .map(|at| format!(" · undone {}", when(at)))
                    .unwrap_or_default()
            ));
        }
    }
    out
}

// ---- expiry ----

/// Lines of each part of the queue printed; the rest are counted.
const QUEUE_SHOWN: usize = 20;

pub async fn expiry(desk: &Desk, args: &ExpiryArgs) -> anyhow::Result<()> {
    let who = Who::stardeskd();
    if args.run {
        let r = desk.run_expiry(args.force, &Who::stardeskd()).await?;
        let mut done = format!(
            "expiry run: {} removed, {} sent",
            r.removed,
            count(r.reminders as usize, "reminder")
        );
        if r.paused && !args.force {
            done.push_str(" (automatic removal is paused: --force removes all the same)");
        }
        println!("{done}");
        for f in &r.failed {
            println!("failed: {f}");
        }
        if !r.failed.is_empty() {
            println!("(what failed stays due; the next run tries again)");
        }
        return Ok(());
    }
    if let Some(removal) = args.undo {
        let r = desk.undo_removal(removal, args.days, &who).await?;
        println!(
            "removal #{removal} undone: {} is back in {} for {} days; a new invite was sent",
            r.customer_name, r.plan_title, args.days
        );
        return Ok(());
    }
    if args.pause || args.unpause {
        let paused = desk.set_removals_paused(args.pause, &who).await?;
        println!(
            "automatic removal: {}",
            if paused {
                "paused (reminders still go out; expiry --run --force removes by hand)"
            } else {
                "on"
            }
        );
        return Ok(());
    }
    if let Some(ReminderDays(days)) = &args.reminder_days {
        let set = desk.set_reminder_days(days, &who).await?;
        println!("reminders: {}", reminder_words(&set));
        return Ok(());
    }
    let q = desk.expiry_queue().await?;
    print!("{}", queue(&q));
    Ok(())
}

fn reminder_words(days: &[i64]) -> String {
    if days.is_empty() {
        return "none".into();
    }
    let list: Vec<String> = days.iter().map(i64::to_string).collect();
    format!(
        "{} day{} before a cancelled subscription ends",
        list.join(", "),
        if days == [1] { "" } else { "s" }
    )
}

fn queue(q: &ExpiryQueue) -> String {
    let mut out = format!(
        "Expiry queue at {} · automatic removal {} · reminders {}\n",
        when(q.now),
        if q.paused { "PAUSED" } else { "on" },
        reminder_words(&q.reminder_days)
    );
    let due_title = if q.paused {
        format!(
            "\nDue now: {} (paused: the next run removes nobody; --run --force does)\n",
            count(q.due_now_total as usize, "subscriber")
        )
    } else {
        format!(
            "\nThe next run removes {}\n",
            count(q.due_now_total as usize, "subscriber")
        )
    };
    out.push_str(&due_title);
    due_rows(&mut out, &q.due_now, q.now);
    out.push_str(&format!(
        "\nThe next run sends {}\n",
        count(q.reminders_now.len(), "reminder")
    ));
    let rows: Vec<Vec<String>> = q
        .reminders_now
        .iter()
        .take(QUEUE_SHOWN)
        .map(|r| {
            vec![
                format!("#{}", r.subscription_id),
                r.customer_id.to_string(),
                r.plan_title.clone(),
                format!("{} d before", r.days_before),
                format!("ends {}", when(r.paid_until)),
            ]
        })
        .collect();
    indent(&mut out, &rows);
    more(&mut out, q.reminders_now.len());
    out.push_str(&format!(
        "\nAccess ending in the next 24 hours: {}\n",
        q.next_24h_total
    ));
    due_rows(&mut out, &q.next_24h, q.now);
    out.push_str(&format!(
        "\nAccess ending later in the next 7 days: {}\n",
        q.next_7d_total
    ));
    due_rows(&mut out, &q.next_7d, q.now);
    out.push_str(&format!(
        "\nRemovals of the last 7 days: {}\n",
        q.recent.len()
    ));
    let rows: Vec<Vec<String>> = q
        .recent
        .iter()
        .take(QUEUE_SHOWN)
        .map(|r| {
            vec![
                format!("removal #{}", r.id),
                when(r.removed_at.unwrap_or(r.created_at)),
                format!("#{}", r.subscription_id),
                r.customer_name.clone(),
                r.plan_title.clone(),
                r.why.clone(),
                match r.state.as_str() {
                    "removed" => format!("undo: --undo {}", r.id),
                    other => other.to_string(),
                },
            ]
        })
        .collect();
    indent(&mut out, &rows);
    more(&mut out, q.recent.len());
    out
}

fn due_rows(out: &mut String, due: &[DueAccess], now: i64) {
    let rows: Vec<Vec<String>> = due
        .iter()
        .take(QUEUE_SHOWN)
        .map(|d| {
            vec![
                format!("#{}", d.subscription_id),
                d.customer_name.clone(),
                d.plan_title.clone(),
                when(d.at),
                upcoming_why(d, now),
            ]
        })
        .collect();
    indent(out, &rows);
    more(out, due.len());
}

/// Why access ends, said of the future for what is not due yet: a renewal may still come.
fn upcoming_why(d: &DueAccess, now: i64) -> String {
    if d.at <= now {
        return d.why.clone();
    }
    match d.why.as_str() {
        "did not renew" => "unless it renews".into(),
        "cancelled, paid period over" => "cancelled: its paid period ends".into(),
        "payment refunded" => "payment refunded: kept access ends".into(),
        "access ended" => "extra access ends".into(),
        other => other.into(),
    }
}

pub(crate) fn indent(out: &mut String, rows: &[Vec<String>]) {
    let widths = widths(None, rows);
    for row in rows {
        out.push_str("  ");
        out.push_str(&row_line(row, &widths));
    }
}

fn more(out: &mut String, n: usize) {
    if n > QUEUE_SHOWN {
        out.push_str(&format!("  … and {} more\n", n - QUEUE_SHOWN));
    }
}

// ---- text ----

/// "1 reminder", "3 reminders".
pub(crate) fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// A time as the terminal shows it: `2026-11-21 16:05 UTC`.
pub(crate) fn when(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

/// "in 3 days", "5 hours ago".
fn relative(at: i64, now: i64) -> String {
    let d = (at - now).abs();
    let span = if d >= 2 * 86_400 {
        format!("{} days", d / 86_400)
    } else if d >= 2 * 3600 {
        format!("{} hours", d / 3600)
    } else {
        format!("{} minutes", d / 60)
    };
    if at >= now {
        format!("in {span}")
    } else {
        format!("{span} ago")
    }
}

/// A cell's text on one line.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn cut(s: &str, width: usize) -> String {
    if s.chars().count() > width {
        let mut c: String = s.chars().take(width - 1).collect();
        c.push('…');
        c
    } else {
        s.to_string()
    }
}

/// The widest cell a column takes before it is cut.
const WIDEST: usize = 28;

fn widths(header: Option<&[&str]>, rows: &[Vec<String>]) -> Vec<usize> {
    let n = rows
        .iter()
        .map(Vec::len)
        .chain(header.map(<[&str]>::len))
        .max()
        .unwrap_or(0);
    (0..n)
        .map(|i| {
            let cells = rows.iter().filter_map(|r| r.get(i).map(String::as_str));
            header
                .and_then(|h| h.get(i).copied())
                .into_iter()
                .chain(cells)
                .map(|c| c.chars().count().min(WIDEST))
                .max()
                .unwrap_or(0)
        })
        .collect()
}

fn row_line<S: AsRef<str>>(cells: &[S], widths: &[usize]) -> String {
    let mut line = String::new();
    for (cell, width) in cells.iter().zip(widths) {
        let cell = cut(&one_line(cell.as_ref()), *width);
        let pad = width - cell.chars().count();
        line.push_str(&cell);
        line.push_str(&" ".repeat(pad + 2));
    }
    let end = line.trim_end().len();
    line.truncate(end);
    line.push('\n');
    line
}

/// Columns as wide as their widest cell (cut at `WIDEST`), two spaces apart.
pub(crate) fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let widths = widths(Some(header), rows);
    let mut out = row_line(header, &widths);
    for row in rows {
        out.push_str(&row_line(row, &widths));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fit_their_widest_cell() {
        let t = table(
            &["#", "name"],
            &[
                vec!["#1".into(), "Anna".into()],
                vec!["#12".into(), "Bo".into()],
            ],
        );
        assert_eq!(t, "#    name\n#1   Anna\n#12  Bo\n");
        assert_eq!(cut("abcdef", 4), "abc…");
    }

    #[test]
    fn times_read_in_utc() {
        assert_eq!(when(0), "1970-01-01 00:00 UTC");
        assert_eq!(relative(3 * 86_400, 0), "in 3 days");
        assert_eq!(relative(0, 3 * 3600), "3 hours ago");
    }

    #[test]
    fn reminder_days_parse() {
        assert_eq!(parse_days("3, 1").unwrap().0, vec![3, 1]);
        assert!(parse_days("none").unwrap().0.is_empty());
        assert!(parse_days("3,x").is_err());
    }
}
