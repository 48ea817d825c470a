//! Whether the books agree with Telegram: the balance Stardesk computes from its orders beside
//! the bot's balance with Telegram (`getMyStarBalance`), and every difference explained line by
//! line from the whole of Telegram's ledger (`getStarTransactions`, read from its start).
//!
//! Stardesk's balance is what it recorded: Σ payments − Σ refunds − Σ Telegram's affiliate
//! commissions, the last only on orders not refunded (a refund gives the customer the whole
//! price: the bot pays back what it received and Telegram takes the commission back from the
//! affiliate). Each line's effect is how Stardesk's balance would move if it recorded what
//! Telegram did, so Stardesk's balance plus every line's effect is Telegram's balance; what no
//! transaction explains is a final "unexplained" line.

use std::collections::HashMap;

use futures::TryStreamExt;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{
    affiliates::NANOSTARS,
    db::{self, books::BookOrder, now},
    error::{Error, Result},
    reconcile,
    shop::Shop,
    telegram::Telegram,
};

/// `getStarTransactions` answers at most this many a page.
const PAGE: i64 = 100;

/// Where the last check is kept, so the window shows it without reading the ledger again.
const LAST_KEY: &str = "books_last";

/// Stars as Telegram writes them: whole Stars and billionths of a Star, both with the sign of
/// the whole (−31.25 is `-31` and `-250000000`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct StarAmount {
    pub amount: i64,
    pub nanostar_amount: i64,
}

impl StarAmount {
    pub fn of_nanos(nanos: i64) -> StarAmount {
        StarAmount {
            amount: nanos / NANOSTARS,
            nanostar_amount: nanos % NANOSTARS,
        }
    }

    pub fn nanos(self) -> i64 {
        self.amount * NANOSTARS + self.nanostar_amount
    }
}

impl std::fmt::Display for StarAmount {
    /// `218.75`, `-31.25`, `1200`: the fraction only when there is one.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let nanos = self.nanos();
        let sign = if nanos < 0 { "-" } else { "" };
        let (whole, frac) = (
            (nanos / NANOSTARS).unsigned_abs(),
            (nanos % NANOSTARS).unsigned_abs(),
        );
        if frac == 0 {
            write!(f, "{sign}{whole}")
        } else {
            let digits = format!("{frac:09}");
            write!(f, "{sign}{whole}.{}", digits.trim_end_matches('0'))
        }
    }
}

/// What a line of the difference is.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "BooksLineKind"))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// An order whose charge id Telegram's ledger does not have.
    OrderNotInLedger,
    /// A payment in the ledger with no order.
    PaymentWithoutOrder,
    /// The order's Stars are not what the ledger says the customer paid.
    AmountDiffers,
    /// A refund in the ledger that Stardesk has not recorded (made elsewhere).
    RefundNotRecorded,
    /// An order refunded in Stardesk with no refund in the ledger.
    RefundNotInLedger,
    /// Telegram's affiliate commission on a payment, not recorded (or recorded otherwise).
    CommissionNotRecorded,
    /// Stars withdrawn to Fragment.
    Withdrawal,
    /// Stars spent or sent elsewhere: Telegram Ads, paid broadcasts, gifts, anything else.
    OtherOutgoing,
    /// Stars received other than as a payment for an order.
    OtherIncoming,
    /// A difference no transaction explains.
    Unexplained,
}

impl LineKind {
    /// The kind in a few plain words.
    pub fn words(self) -> &'static str {
        match self {
            LineKind::OrderNotInLedger => "order not in Telegram's ledger",
            LineKind::PaymentWithoutOrder => "payment with no order",
            LineKind::AmountDiffers => "amount differs",
            LineKind::RefundNotRecorded => "refund made elsewhere",
            LineKind::RefundNotInLedger => "refund not in Telegram's ledger",
            LineKind::CommissionNotRecorded => "affiliate commission not recorded",
            LineKind::Withdrawal => "withdrawal",
            LineKind::OtherOutgoing => "other outgoing",
            LineKind::OtherIncoming => "other incoming",
            LineKind::Unexplained => "unexplained",
        }
    }
}

/// One line of the difference.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "BooksLine"))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Line {
    pub kind: LineKind,
    /// When it happened: the transaction's date, else the order's.
    pub date: Option<i64>,
    pub charge_id: Option<String>,
    pub order_id: Option<i64>,
    pub customer: Option<String>,
    /// How Stardesk's balance moves once it records this as Telegram did.
    pub effect: StarAmount,
    /// The line in plain words.
    pub explanation: String,
    /// "Reconcile now" sets it right (recovers the order, records the refund or commission).
    pub fixable: bool,
    /// Where the transaction sits in Telegram's ledger (from its start), if it is there.
    pub ledger_offset: Option<i64>,
}

/// The books beside Telegram's balance.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Books {
    pub checked_at: i64,
    /// The bot whose ledger was read.
    pub bot_id: i64,
    /// `getMyStarBalance`.
    pub telegram: StarAmount,
    /// Payments − refunds − commissions, as Stardesk recorded them.
    pub stardesk: StarAmount,
    /// Telegram's balance − Stardesk's.
    pub difference: StarAmount,
    pub agree: bool,
    /// Σ Stars of the orders Telegram charged for.
    pub payments: i64,
    pub orders: i64,
    /// Σ Stars given back by refunds.
    pub refunds: i64,
    /// Σ Telegram's affiliate commissions on orders not refunded.
    pub commissions: StarAmount,
    /// Transactions read from Telegram's ledger.
    pub transactions: i64,
    /// Oldest first; an "unexplained" line last.
    pub lines: Vec<Line>,
}

/// What a check is doing.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "BooksPhase"))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Fixing what can be fixed from the ledger (the reconciliation's own run).
    Reconciling,
    /// Reading Telegram's ledger page by page.
    Reading,
    Done,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Transactions read so far.
    pub scanned: i64,
    /// About how many there are: the store's payments and refunds, or more once read.
    pub expected: i64,
    pub phase: Phase,
}

/// The outcome of "Reconcile now": what reconciliation fixed, and the books after it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "BooksReconciled"))]
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Reconciled {
    pub report: reconcile::Report,
    pub books: Books,
}

/// A payment in the ledger.
struct Paid {
    /// What the bot received, in nanostars.
    net: i64,
    /// Telegram's affiliate commission on it, in nanostars.
    commission: i64,
    date: i64,
    customer: String,
    offset: i64,
}

/// A refund in the ledger.
struct Returned {
    /// What the bot paid back, in nanostars.
    net: i64,
    date: i64,
    offset: i64,
}

#[derive(Default)]
struct Charge {
    paid: Option<Paid>,
    returned: Option<Returned>,
}

fn nanos_of(v: &Value) -> i64 {
    v["amount"].as_i64().unwrap_or(0) * NANOSTARS + v["nanostar_amount"].as_i64().unwrap_or(0)
}

fn name_of(user: &Value) -> String {
    let first = user["first_name"].as_str().unwrap_or("").trim();
    let last = user["last_name"].as_str().unwrap_or("").trim();
    let full = [first, last]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    match (full.is_empty(), user["username"].as_str()) {
        (false, _) => full,
        (true, Some(u)) => format!("@{u}"),
        (true, None) => user["id"]
            .as_i64()
            .map_or_else(|| "Someone".to_string(), |id| format!("Telegram {id}")),
    }
}

fn stars(nanos: i64) -> String {
    format!("{} Stars", StarAmount::of_nanos(nanos))
}

/// Telegram's ledger, read whole: the payments and refunds per charge id, the other
/// transactions as lines of their own, and the sum of it all.
struct Ledger {
    charges: HashMap<String, Charge>,
    others: Vec<Line>,
    sum: i64,
    read: i64,
}

impl Ledger {
    fn add(&mut self, tx: &Value, offset: i64) {
        self.read += 1;
        let id = tx["id"].as_str().unwrap_or_default().to_string();
        let amount = nanos_of(tx);
        let date = tx["date"].as_i64();
        let (source, receiver) = (&tx["source"], &tx["receiver"]);
        if source.is_object() {
            self.sum += amount;
            if source["type"] == "user" && source["invoice_payload"].is_string() {
                let commission = if source["affiliate"].is_object() {
                    nanos_of(&source["affiliate"])
                } else {
                    0
                };
                self.charges.entry(id).or_default().paid = Some(Paid {
                    net: amount,
                    commission,
                    date: date.unwrap_or(0),
                    customer: name_of(&source["user"]),
                    offset,
                });
            } else {
                let from = match source["type"].as_str() {
                    Some("fragment") => "Fragment returned a withdrawal".to_string(),
                    Some("affiliate_program") => {
                        "A commission the bot earned in Telegram's affiliate program".to_string()
                    }
                    Some("user") => format!(
                        "Stars from {} that were not a payment for an order",
                        name_of(&source["user"])
                    ),
                    Some(other) => format!("Stars received ({other})"),
                    None => "Stars received".to_string(),
                };
                self.others.push(Line {
                    kind: LineKind::OtherIncoming,
                    date,
                    charge_id: (!id.is_empty()).then_some(id),
                    order_id: None,
                    customer: None,
                    effect: StarAmount::of_nanos(amount),
                    explanation: format!(
                        "{from}: {} in Telegram's balance that no order accounts for.",
                        stars(amount)
                    ),
                    fixable: false,
                    ledger_offset: Some(offset),
                });
            }
        } else if receiver.is_object() {
            self.sum -= amount;
            let kind = receiver["transaction_type"].as_str();
            if receiver["type"] == "user" && matches!(kind, None | Some("invoice_payment")) {
                self.charges.entry(id).or_default().returned = Some(Returned {
                    net: amount,
                    date: date.unwrap_or(0),
                    offset,
                });
                return;
            }
            let (line_kind, what) = match receiver["type"].as_str() {
                Some("fragment") => (LineKind::Withdrawal, "Withdrawn to Fragment".to_string()),
                Some("telegram_ads") => (LineKind::OtherOutgoing, "Spent on Telegram Ads".into()),
                Some("telegram_api") => (
                    LineKind::OtherOutgoing,
                    "Paid to Telegram for paid broadcasts".into(),
                ),
                Some("user") => (
                    LineKind::OtherOutgoing,
                    format!(
                        "Sent to {} ({})",
                        name_of(&receiver["user"]),
                        kind.unwrap_or("not a refund")
                    ),
                ),
                Some(other) => (LineKind::OtherOutgoing, format!("Stars sent out ({other})")),
                None => (LineKind::OtherOutgoing, "Stars sent out".into()),
            };
            self.others.push(Line {
                kind: line_kind,
                date,
                charge_id: (!id.is_empty()).then_some(id),
                order_id: None,
                customer: None,
                effect: StarAmount::of_nanos(-amount),
                explanation: format!("{what}: {} left the balance.", stars(amount)),
                fixable: false,
                ledger_offset: Some(offset),
            });
        }
    }
}

/// Reads Telegram's whole ledger from its start, page by page.
async fn read_ledger(
    telegram: &dyn Telegram,
    expected: i64,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<Ledger> {
    let mut ledger = Ledger {
        charges: HashMap::new(),
        others: Vec::new(),
        sum: 0,
        read: 0,
    };
    let mut offset = 0;
    loop {
        let page = telegram
            .star_transactions(offset, PAGE)
            .await
            .map_err(|e| Error::Telegram(e.to_string()))?;
        for (i, tx) in page.iter().enumerate() {
            ledger.add(tx, offset + i as i64);
        }
        offset += page.len() as i64;
        let full = page.len() as i64 == PAGE;
        progress(Progress {
            scanned: ledger.read,
            // A full page means more to come: the bar never reaches its end before the walk.
            expected: expected.max(ledger.read + i64::from(full)),
            phase: Phase::Reading,
        });
        if !full {
            return Ok(ledger);
        }
    }
}

/// What Stardesk's books say, summed while they are set beside the ledger.
#[derive(Default)]
struct Sums {
    payments: i64,
    orders: i64,
    refunds: i64,
    commissions: i64,
}

impl Sums {
    /// The order's part in Stardesk's balance, in nanostars.
    fn add(&mut self, o: &BookOrder) -> i64 {
        self.orders += 1;
        self.payments += o.stars;
        if o.refunded {
            let back = o.refund_stars.unwrap_or(o.stars);
            self.refunds += back;
            (o.stars - back) * NANOSTARS
        } else {
            let k = commission_of(o);
            self.commissions += k;
            o.stars * NANOSTARS - k
        }
    }
}

fn commission_of(o: &BookOrder) -> i64 {
    o.commission.unwrap_or(0) * NANOSTARS + o.commission_nanostars.unwrap_or(0)
}

/// The lines one order makes beside its charge in the ledger; their effects add up to
/// Telegram's part minus Stardesk's.
fn order_lines(o: &BookOrder, part: i64, charge: Option<Charge>, out: &mut Vec<Line>) {
    let line = |kind, date, effect: i64, explanation: String, fixable, offset| Line {
        kind,
        date: Some(date),
        charge_id: Some(o.charge_id.clone()),
        order_id: Some(o.id),
        customer: Some(o.customer_name.clone()),
        effect: StarAmount::of_nanos(effect),
        explanation,
        fixable,
        ledger_offset: offset,
    };
    let charge = charge.unwrap_or_default();
    let telegram =
        charge.paid.as_ref().map_or(0, |p| p.net) - charge.returned.as_ref().map_or(0, |r| r.net);
    let gap = telegram - part;
    let Some(paid) = &charge.paid else {
        let also = if o.refunded {
            " It is refunded in Stardesk, so it does not move the balance."
        } else {
            ""
        };
        out.push(line(
            LineKind::OrderNotInLedger,
            o.created_at,
            gap,
            format!(
                "Order #{} ({} Stars from {}) has no payment in Telegram's ledger under its charge id: Telegram never credited it to this bot.{also}",
                o.id, o.stars, o.customer_name
            ),
            false,
            charge.returned.as_ref().map(|r| r.offset),
        ));
        return;
    };
    match (o.refunded, &charge.returned) {
        (false, None) => {
            let gross = paid.net + paid.commission;
            let recorded = commission_of(o);
            if gross != o.stars * NANOSTARS {
                out.push(line(
                    LineKind::AmountDiffers,
                    paid.date,
                    gross - o.stars * NANOSTARS,
                    format!(
                        "Order #{} says {} Stars, but Telegram's ledger says {} paid {}.",
                        o.id,
                        o.stars,
                        paid.customer,
                        stars(gross)
                    ),
                    false,
                    Some(paid.offset),
                ));
            }
            if paid.commission != recorded {
                let explanation = if recorded == 0 {
                    format!(
                        "Telegram paid its affiliate {} out of order #{}; Stardesk has not recorded that commission yet.",
                        stars(paid.commission),
                        o.id
                    )
                } else {
                    format!(
                        "Telegram's affiliate took {} from order #{}; Stardesk recorded {}.",
                        stars(paid.commission),
                        o.id,
                        stars(recorded)
                    )
                };
                out.push(line(
                    LineKind::CommissionNotRecorded,
                    paid.date,
                    recorded - paid.commission,
                    explanation,
                    recorded == 0,
                    Some(paid.offset),
                ));
            }
        }
        (false, Some(r)) => out.push(line(
            LineKind::RefundNotRecorded,
            r.date,
            gap,
            format!(
                "Order #{} was refunded outside Stardesk: {} went back to {}, and Stardesk still counts it as paid.",
                o.id,
                stars(r.net),
                paid.customer
            ),
            true,
            Some(r.offset),
        )),
        (true, None) => out.push(line(
            LineKind::RefundNotInLedger,
            o.refunded_at.unwrap_or(o.created_at),
            gap,
            format!(
                "Order #{} is refunded in Stardesk, but Telegram's ledger has no refund of it: Telegram still holds {} for it.",
                o.id,
                stars(paid.net)
            ),
            false,
            Some(paid.offset),
        )),
        (true, Some(r)) if gap != 0 => out.push(line(
            LineKind::AmountDiffers,
            r.date,
            gap,
            format!(
                "Order #{} is refunded in both, but Stardesk's refund and Telegram's differ by {}.",
                o.id,
                stars(gap.abs())
            ),
            false,
            Some(r.offset),
        )),
        (true, Some(_)) => {}
    }
}

/// The ledger's charges that no order has.
fn orphan_lines(charges: HashMap<String, Charge>, out: &mut Vec<Line>) {
    for (charge_id, c) in charges {
        if let Some(p) = &c.paid {
            out.push(Line {
                kind: LineKind::PaymentWithoutOrder,
                date: Some(p.date),
                charge_id: Some(charge_id.clone()),
                order_id: None,
                customer: Some(p.customer.clone()),
                effect: StarAmount::of_nanos(p.net),
                explanation: format!(
                    "Telegram credited {} from {} for a payment Stardesk has no order for.",
                    stars(p.net),
                    p.customer
                ),
                fixable: true,
                ledger_offset: Some(p.offset),
            });
        }
        if let Some(r) = &c.returned {
            out.push(Line {
                kind: LineKind::RefundNotRecorded,
                date: Some(r.date),
                charge_id: Some(charge_id.clone()),
                order_id: None,
                customer: c.paid.as_ref().map(|p| p.customer.clone()),
                effect: StarAmount::of_nanos(-r.net),
                explanation: format!(
                    "Telegram refunded {} of a payment Stardesk has no order for.",
                    stars(r.net)
                ),
                fixable: c.paid.is_some(),
                ledger_offset: Some(r.offset),
            });
        }
    }
}

/// The most lines a check lists one by one; past them, one line per kind sums up the rest (a
/// shop whose orders were all paid to another bot would otherwise list every order).
pub const MAX_LINES: usize = 500;

/// The first `max` lines as they are, the rest summed up per kind, so that the effects still
/// add up to the same.
fn summed_beyond(mut lines: Vec<Line>, max: usize) -> Vec<Line> {
    if lines.len() <= max {
        return lines;
    }
    let rest = lines.split_off(max);
    let mut kinds: Vec<(LineKind, usize, i64, bool, Option<i64>)> = Vec::new();
    for l in rest {
        let i = match kinds.iter().position(|k| k.0 == l.kind) {
            Some(i) => i,
            None => {
                kinds.push((l.kind, 0, 0, false, None));
                kinds.len() - 1
            }
        };
        let k = &mut kinds[i];
        k.1 += 1;
        k.2 += l.effect.nanos();
        k.3 |= l.fixable;
        if l.fixable {
            k.4 = match (k.4, l.ledger_offset) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
    }
    for (kind, n, effect, fixable, offset) in kinds {
        lines.push(Line {
            kind,
            date: None,
            charge_id: None,
            order_id: None,
            customer: None,
            effect: StarAmount::of_nanos(effect),
            explanation: format!(
                "{n} more line{} like this ({}), {} in all; the first {max} lines are listed one by one.",
                if n == 1 { "" } else { "s" },
                kind.words(),
                stars(effect)
            ),
            fixable,
            ledger_offset: offset,
        });
    }
    lines
}

/// Checks the books against Telegram: the whole ledger from its start (progress after each
/// page), the balance, then the store. The result is kept as the last check.
pub async fn check(
    shop: &Shop,
    telegram: &dyn Telegram,
    bot_id: i64,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<Books> {
    let last = last(shop).await?.filter(|b| b.bot_id == bot_id);
    let expected = db::books::expected_lines(&shop.store.read)
        .await?
        .max(last.map_or(0, |b| b.transactions));
    progress(Progress {
        scanned: 0,
        expected,
        phase: Phase::Reading,
    });
    let ledger = read_ledger(telegram, expected, progress).await?;
    let balance = telegram
        .my_star_balance()
        .await
        .map_err(|e| Error::Telegram(e.to_string()))?;

    let Ledger {
        mut charges,
        others,
        sum,
        read,
    } = ledger;
    let mut lines = others;
    let mut sums = Sums::default();
    let mut computed = 0;
    let mut rows = db::books::orders(&shop.store.read);
    while let Some(o) = rows.try_next().await? {
        let part = sums.add(&o);
        computed += part;
        order_lines(&o, part, charges.remove(&o.charge_id), &mut lines);
    }
    drop(rows);
    orphan_lines(charges, &mut lines);
    lines.sort_by(|a, b| {
        (a.date, a.ledger_offset, a.order_id, a.kind).cmp(&(
            b.date,
            b.ledger_offset,
            b.order_id,
            b.kind,
        ))
    });

    let mut lines = summed_beyond(lines, MAX_LINES);
    let difference = balance - computed;
    let explained: i64 = lines.iter().map(|l| l.effect.nanos()).sum();
    let rest = difference - explained;
    if rest != 0 {
        let why = if balance - sum == rest {
            format!(
                "Telegram's balance is {} away from the sum of its own ledger ({}): no transaction Telegram lists explains it.",
                stars(rest),
                stars(sum)
            )
        } else {
            format!(
                "{} of the difference has no line to explain it.",
                stars(rest)
            )
        };
        lines.push(Line {
            kind: LineKind::Unexplained,
            date: None,
            charge_id: None,
            order_id: None,
            customer: None,
            effect: StarAmount::of_nanos(rest),
            explanation: why,
            fixable: false,
            ledger_offset: None,
        });
    }
    let books = Books {
        checked_at: now(),
        bot_id,
        telegram: StarAmount::of_nanos(balance),
        stardesk: StarAmount::of_nanos(computed),
        difference: StarAmount::of_nanos(difference),
        agree: difference == 0 && lines.is_empty(),
        payments: sums.payments,
        orders: sums.orders,
        refunds: sums.refunds,
        commissions: StarAmount::of_nanos(sums.commissions),
        transactions: read,
        lines,
    };
    let json = serde_json::to_string(&books).map_err(|e| Error::Io(e.into()))?;
    db::settings::set(&shop.store.write, LAST_KEY, &json).await?;
    progress(Progress {
        scanned: read,
        expected: read,
        phase: Phase::Done,
    });
    Ok(books)
}

/// The last check, as it was kept.
pub async fn last(shop: &Shop) -> Result<Option<Books>> {
    let Some(json) = db::settings::get(&shop.store.read, LAST_KEY).await? else {
        return Ok(None);
    };
    // A check kept by another version that cannot be read is as good as none.
    Ok(serde_json::from_str(&json).ok())
}

/// "Reconcile now": reconciliation fixes what can be fixed from the ledger (recovers orders,
/// records refunds made elsewhere and Telegram's commissions), from the earliest transaction
/// the last check found fixable; then the books are checked again.
pub async fn reconcile(
    shop: &Shop,
    telegram: &dyn Telegram,
    bot_id: i64,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<Reconciled> {
    let last = last(shop).await?.filter(|b| b.bot_id == bot_id);
    let expected = db::books::expected_lines(&shop.store.read).await?;
    progress(Progress {
        scanned: 0,
        expected,
        phase: Phase::Reconciling,
    });
    // Reconciliation reads on from where its last run stopped; a line found behind that point
    // (one it could not settle then) is read again.
    if let Some(from) = last
        .iter()
        .flat_map(|b| &b.lines)
        .filter(|l| l.fixable)
        .filter_map(|l| l.ledger_offset)
        .min()
    {
        reconcile::rewind(&shop.store, bot_id, from).await?;
    }
    let report = reconcile::run(shop, telegram, bot_id).await?;
    progress(Progress {
        scanned: report.scanned,
        expected: report.scanned,
        phase: Phase::Reconciling,
    });
    let books = check(shop, telegram, bot_id, progress).await?;
    Ok(Reconciled { report, books })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(kind: LineKind, stars: i64, offset: i64) -> Line {
        Line {
            kind,
            date: Some(offset),
            charge_id: Some(format!("ch-{offset}")),
            order_id: None,
            customer: None,
            effect: StarAmount::of_nanos(stars * NANOSTARS),
            explanation: String::new(),
            fixable: kind == LineKind::PaymentWithoutOrder,
            ledger_offset: Some(offset),
        }
    }

    #[test]
    fn lines_past_the_most_listed_are_summed_up_per_kind_to_the_same_total() {
        let mut lines: Vec<Line> = (0..7)
            .map(|i| line(LineKind::OrderNotInLedger, -10, i))
            .collect();
        lines.extend((7..10).map(|i| line(LineKind::PaymentWithoutOrder, 5, i)));
        let total: i64 = lines.iter().map(|l| l.effect.nanos()).sum();
        let kept = summed_beyond(lines, 4);
        assert_eq!(kept.len(), 6);
        assert_eq!(kept.iter().map(|l| l.effect.nanos()).sum::<i64>(), total);
        let (orders, payments) = (&kept[4], &kept[5]);
        assert_eq!(
            (orders.kind, orders.effect.amount, orders.fixable),
            (LineKind::OrderNotInLedger, -30, false)
        );
        assert!(orders.explanation.starts_with(
            "3 more lines like this (order not in Telegram's ledger), -30 Stars in all"
        ));
        assert_eq!(
            (
                payments.effect.amount,
                payments.fixable,
                payments.ledger_offset
            ),
            (15, true, Some(7))
        );
    }

    #[test]
    fn star_amounts_keep_telegrams_sign_and_print_their_fraction() {
        let a = StarAmount::of_nanos(-31_250_000_000);
        assert_eq!((a.amount, a.nanostar_amount), (-31, -250_000_000));
        assert_eq!(a.nanos(), -31_250_000_000);
        assert_eq!(a.to_string(), "-31.25");
        assert_eq!(StarAmount::of_nanos(-250_000_000).to_string(), "-0.25");
        assert_eq!(StarAmount::of_nanos(218_750_000_000).to_string(), "218.75");
        assert_eq!(StarAmount::of_nanos(1_200 * NANOSTARS).to_string(), "1200");
        assert_eq!(StarAmount::of_nanos(1).to_string(), "0.000000001");
    }
}
