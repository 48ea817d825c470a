//! `stardeskd audit`: the shop's audit trail in the terminal, or all of it (filtered) as CSV.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use stardesk_core::{
    Store,
    audit::{self, AuditEntry, AuditQuery},
    db,
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Only this action, or a group of them (`product` takes `product.price`).
    #[arg(long)]
    action: Option<String>,
    /// Only lines from this UTC day on (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    since: Option<NaiveDate>,
    /// Writes every matching line to this CSV file instead of printing the newest.
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,
}

/// The newest lines printed.
const SHOWN: i64 = 50;

pub async fn run(shop_dir: &Path, args: Args) -> anyhow::Result<()> {
    if !shop_dir.join(db::FILE_NAME).exists() {
        anyhow::bail!(
            "no shop in {} (the demo's shop is read with --demo)",
            shop_dir.display()
        );
    }
    let store = Store::open(shop_dir).await?;
    let query = AuditQuery {
        action: args.action,
        from: args
            .since
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc().timestamp()),
        limit: SHOWN,
        ..AuditQuery::default()
    };
    if let Some(path) = args.csv {
        let n = audit::export_csv(&store, &query, &path).await?;
        store.close().await;
        println!("{n} lines written to {}", path.display());
        return Ok(());
    }
    let lines = audit::page(&store, &query).await?;
    let total = audit::count(&store, &query).await?;
    store.close().await;
    print!("{}", table(&lines));
    if total > lines.len() as i64 {
        println!(
            "… {} older lines; --csv FILE writes them all",
            total - lines.len() as i64
        );
    } else if lines.is_empty() {
        println!("(no lines)");
    }
    Ok(())
}

/// Columns with their widths in characters; the last one takes what is left.
const COLUMNS: [(&str, usize); 6] = [
    ("when (UTC)", 16),
    ("who", 18),
    ("action", 22),
    ("subject", 30),
    ("before → after", 36),
    ("why", 0),
];

fn table(lines: &[AuditEntry]) -> String {
    let mut out = String::new();
    let header: Vec<&str> = COLUMNS.iter().map(|(h, _)| *h).collect();
    push_row(&mut out, &header);
    for e in lines {
        let when = audit::iso_utc(e.at).replace('T', " ");
        let who = match e.actor {
            audit::Actor::Operator => e.actor_name.clone(),
            actor if e.actor_name.eq_ignore_ascii_case(actor.as_str()) => e.actor_name.clone(),
            actor => format!("{} ({})", e.actor_name, actor.as_str()),
        };
        let change = match (&e.before, &e.after) {
            (Some(b), Some(a)) => format!("{} → {}", one_line(b), one_line(a)),
            (None, Some(a)) => one_line(a),
            (Some(b), None) => format!("{} → —", one_line(b)),
            (None, None) => String::new(),
        };
        push_row(
            &mut out,
            &[
                &when[..16],
                &who,
                &e.action,
                &e.subject,
                &change,
                &one_line(&e.reason),
            ],
        );
    }
    out
}

fn push_row(out: &mut String, cells: &[&str]) {
    for (cell, (_, width)) in cells.iter().zip(COLUMNS) {
        let cell = one_line(cell);
        if width == 0 {
            out.push_str(&cell);
        } else {
            out.push_str(&fit(&cell, width));
            out.push_str("  ");
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
}

/// A cell's text on one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cut to `width` characters (with an ellipsis) or padded to it.
fn fit(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n > width {
        let mut cut: String = s.chars().take(width - 1).collect();
        cut.push('…');
        cut
    } else {
        format!("{s}{}", " ".repeat(width - n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_fit_their_column() {
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(fit("abcdef", 5), "abcd…");
        assert_eq!(one_line("two\nlines  here"), "two lines here");
    }
}
