//! `stardeskd codes`: a code product's pool from a terminal (listed with each code's state,
//! searched, unsold codes removed and put back, exported to CSV), through the same services as
//! the window, recorded as done by stardeskd.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use stardesk_core::{
    audit::Who,
    catalog::{self, CodeQuery, CodeState, Kind, Product},
    desk::Desk,
};

#[derive(Args, Debug)]
pub struct CodesArgs {
    #[command(subcommand)]
    action: CodesAction,
}

#[derive(Subcommand, Debug)]
enum CodesAction {
    /// The product's codes with their state (in stock, held, sold to order #N, revoked,
    /// removed), oldest first.
    List {
        /// The product: its number or its title.
        product: String,
        /// Only codes with this in them (any case).
        #[arg(long, value_name = "TEXT", default_value = "")]
        search: String,
        #[arg(long, value_enum)]
        state: Option<StateArg>,
        /// At most this many codes.
        #[arg(long, value_name = "N", default_value_t = 100)]
        limit: i64,
    },
    /// Takes unsold codes out of the pool in one step that `codes restore` undoes.
    Remove {
        product: String,
        /// The codes, as written.
        #[arg(required = true)]
        codes: Vec<String>,
    },
    /// Puts back the codes one removal took out (the latest, unless REMOVAL is given).
    Restore {
        product: String,
        removal: Option<i64>,
    },
    /// Every code of the product with its state to a CSV file.
    Export {
        product: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum StateArg {
    InStock,
    Held,
    Sold,
    Revoked,
    Removed,
}

impl From<StateArg> for CodeState {
    fn from(s: StateArg) -> CodeState {
        match s {
            StateArg::InStock => CodeState::InStock,
            StateArg::Held => CodeState::Held,
            StateArg::Sold => CodeState::Sold,
            StateArg::Revoked => CodeState::Revoked,
            StateArg::Removed => CodeState::Removed,
        }
    }
}

/// The code product named by its number or its title (any case).
async fn code_product(desk: &Desk, name: &str) -> anyhow::Result<Product> {
    let all = catalog::list(&desk.store().read, true).await?;
    let found = match name.trim().trim_start_matches('#').parse::<i64>() {
        Ok(id) => all.into_iter().find(|p| p.id == id),
        Err(_) => all
            .into_iter()
            .find(|p| p.title.to_lowercase() == name.trim().to_lowercase()),
    };
    let Some(p) = found else {
        anyhow::bail!("no product {name}");
    };
    if p.kind != Kind::Code {
        anyhow::bail!("{} is not a code pool product", p.title);
    }
    Ok(p)
}

fn plural(n: i64, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

pub async fn codes(desk: &Desk, args: &CodesArgs) -> anyhow::Result<()> {
    let who = Who::stardeskd();
    let store = desk.store();
    match &args.action {
        CodesAction::List {
            product,
            search,
            state,
            limit,
        } => {
            let p = code_product(desk, product).await?;
            let state = state.map(CodeState::from);
            let counts = catalog::code_counts(&store, p.id, search).await?;
            let rows = catalog::codes_page(
                &store.read,
                &CodeQuery {
                    product_id: p.id,
                    search: search.clone(),
                    state,
                    offset: 0,
                    limit: *limit,
                },
            )
            .await?;
            println!(
                "{} (product #{}): {} in stock, {} held, {} sold, {} revoked, {} removed",
                p.title,
                p.id,
                counts.in_stock,
                counts.held,
                counts.sold,
                counts.revoked,
                counts.removed
            );
            let width = rows
                .iter()
                .map(|r| r.code.chars().count())
                .max()
                .unwrap_or(0);
            for r in &rows {
                println!("{:<width$}  {}", r.code, r.state.words(r.order_id));
            }
            let shown = counts.of(state);
            if shown > rows.len() as i64 {
                println!("… {} more (--limit)", shown - rows.len() as i64);
            }
        }
        CodesAction::Remove { product, codes } => {
            let p = code_product(desk, product).await?;
            let mut ids = Vec::new();
            for code in codes {
                let rows = catalog::codes_page(
                    &store.read,
                    &CodeQuery {
                        product_id: p.id,
                        search: code.clone(),
                        state: None,
                        offset: 0,
                        limit: catalog::MAX_CODE_PAGE,
                    },
                )
                .await?;
                match rows.iter().find(|r| &r.code == code) {
                    Some(r) => ids.push(r.id),
                    None => anyhow::bail!("{} has no code {code}", p.title),
                }
            }
            let done = catalog::remove_codes(&store, &who, p.id, &ids).await?;
            println!(
                "{} removed from {}{}",
                plural(done.removed, "code"),
                p.title,
                if done.skipped > 0 {
                    format!(
                        "; {} left as they were (sold or held)",
                        plural(done.skipped, "code")
                    )
                } else {
                    String::new()
                }
            );
            if done.removed > 0 {
                println!("undo: stardeskd codes restore {} {}", p.id, done.removal_id);
            }
        }
        CodesAction::Restore { product, removal } => {
            let p = code_product(desk, product).await?;
            let removal = match removal {
                Some(r) => *r,
                None => catalog::last_removal(&store, p.id)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("{} has no removed codes", p.title))?,
            };
            let n = catalog::restore_codes(&store, &who, p.id, removal).await?;
            println!("{} put back on sale in {}", plural(n, "code"), p.title);
        }
        CodesAction::Export { product, out } => {
            let p = code_product(desk, product).await?;
            let e = catalog::export_codes(&store, p.id, out).await?;
            println!(
                "{} of {} written to {}",
                plural(e.rows, "code"),
                p.title,
                e.path
            );
        }
    }
    Ok(())
}
