//! `stardeskd books [--reconcile]`: Stardesk's books beside the bot's balance with Telegram,
//! with each difference on its own line. It exits 0 whenever the check ran, whatever it found;
//! the last line says "Books agree with Telegram" or "Difference: N ⭐".

use clap::Args;
use stardesk_core::{books::Books, desk::Desk};

#[derive(Args, Debug)]
pub struct BooksArgs {
    /// Reconcile with Telegram's ledger first (recover missing orders, record refunds made
    /// elsewhere and Telegram's affiliate commissions), then check.
    #[arg(long)]
    reconcile: bool,
}

pub async fn books(desk: &Desk, args: &BooksArgs) -> anyhow::Result<()> {
    let books = if args.reconcile {
        let done = desk.books_reconcile().await?;
        let r = &done.report;
        println!(
            "reconciled: {} transactions read, {} orders recovered, {} refunds and {} affiliate commissions recorded",
            r.scanned, r.recovered, r.refunds_recorded, r.affiliates_recorded
        );
        done.books
    } else {
        desk.books_check().await?
    };
    print!("{}", render(&books));
    Ok(())
}

fn when(unix: Option<i64>) -> String {
    unix.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| "-".into())
}

fn signed(a: stardesk_core::books::StarAmount) -> String {
    let s = a.to_string();
    if a.nanos() > 0 { format!("+{s}") } else { s }
}

fn render(b: &Books) -> String {
    let mut out = String::new();
    out += &format!(
        "Stardesk's books: {} ⭐ ({} ⭐ paid in {} orders − {} ⭐ refunded − {} ⭐ Telegram affiliate commissions)\n",
        b.stardesk, b.payments, b.orders, b.refunds, b.commissions
    );
    out += &format!(
        "Telegram's balance: {} ⭐ ({} transactions in its ledger)\n",
        b.telegram, b.transactions
    );
    for l in &b.lines {
        out += &format!(
            "{:<33} {:<20} {:>14} ⭐  {}{}  {}\n",
            l.kind.words(),
            when(l.date),
            signed(l.effect),
            l.order_id
                .map(|o| format!("order #{o}"))
                .unwrap_or_else(|| "-".into()),
            l.charge_id
                .as_deref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default(),
            l.explanation
        );
    }
    if b.agree {
        out += "Books agree with Telegram\n";
    } else {
        out += &format!("Difference: {} ⭐\n", signed(b.difference));
    }
    out
}
