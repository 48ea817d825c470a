//! `stardeskd export orders`: the shop's orders of a date range as CSV, streamed from the store
//! (a million orders take little memory), to a file or the terminal.

use std::{
    io::{IsTerminal, Write},
    path::{Path, PathBuf},
};

use chrono::NaiveDate;
use stardesk_core::{
    Store, db,
    exports::{self, Job, To},
    order_list::{OrderQuery, OrderSort},
    zone::Zone,
};

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    #[command(subcommand)]
    what: What,
}

#[derive(clap::Subcommand, Debug)]
enum What {
    /// Every order paid in a date range, oldest first: paid at (UTC and local), customer,
    /// item, Stars, status, refund, promo code and credit.
    Orders {
        /// From this day on (YYYY-MM-DD); default the first order.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = day)]
        from: Option<NaiveDate>,
        /// Up to and including this day (YYYY-MM-DD); default the last order.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = day)]
        to: Option<NaiveDate>,
        /// The CSV file to write (`-`, or none: the terminal).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// A day as the merchant types it; anything else is named.
fn day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("\"{s}\" is not a date: write it as YYYY-MM-DD, e.g. 2026-11-21"))
}

/// The days `[from, to]` of the shop's time zone as the store's range `[start of from, start of
/// the day after to)`.
pub fn range(
    zone: &Zone,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> anyhow::Result<(Option<i64>, Option<i64>)> {
    let day_start = |d| zone.day_start(d);
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        anyhow::bail!("--to {t} is before --from {f}: the range would be empty");
    }
    let end = to.map(|t| day_start(t.succ_opt().unwrap_or(t)));
    Ok((from.map(day_start), end))
}

pub async fn run(shop_dir: &Path, args: ExportArgs) -> anyhow::Result<()> {
    let What::Orders { from, to, out } = args.what;
    if !shop_dir.join(db::FILE_NAME).exists() {
        anyhow::bail!("no shop in {}", shop_dir.display());
    }
    let store = Store::open(shop_dir).await?;
    let (from, to) = match range(&store.zone, from, to) {
        Ok(r) => r,
        Err(e) => {
            store.close().await;
            return Err(e);
        }
    };
    let query = OrderQuery {
        from,
        to,
        sort: OrderSort::Date,
        descending: false,
        ..OrderQuery::default()
    };
    let to_file = out.filter(|p| p != Path::new("-"));
    let job = if to_file.is_some() && std::io::stderr().is_terminal() {
        Job::new().on_progress(|rows, total| {
            eprint!("\r{rows} of {total} orders");
            let _ = std::io::stderr().flush();
        })
    } else {
        Job::new()
    };
    let done = match &to_file {
        Some(path) => exports::orders(&store, &query, To::File(path), &job).await,
        None => {
            let stdout = Box::new(std::io::BufWriter::new(std::io::stdout()));
            exports::orders(&store, &query, To::Writer(stdout), &job).await
        }
    };
    store.close().await;
    let done = done?.expect("a terminal's export is never cancelled");
    match to_file {
        Some(_) => {
            if std::io::stderr().is_terminal() {
                eprintln!();
            }
            println!("{} orders written to {}", done.rows, done.path);
        }
        None => eprintln!("{} orders written", done.rows),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_the_shops_days() {
        let d = |s| day(s).unwrap();
        let utc = Zone::new(chrono_tz::UTC);
        let kolkata = Zone::new(chrono_tz::Asia::Kolkata);
        assert_eq!(
            range(&utc, Some(d("2026-11-21")), Some(d("2026-11-21"))).unwrap(),
            (Some(1_795_219_200), Some(1_795_305_600))
        );
        assert_eq!(range(&utc, None, None).unwrap(), (None, None));
        // Kolkata's day begins at 18:30 UTC the day before.
        assert_eq!(
            range(&kolkata, Some(d("2026-11-21")), None).unwrap(),
            (Some(1_795_219_200 - 19_800), None)
        );
        assert!(range(&utc, Some(d("2026-11-22")), Some(d("2026-11-21"))).is_err());
        assert!(day("21.11.2026").unwrap_err().contains("YYYY-MM-DD"));
    }
}
