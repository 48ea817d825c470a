//! `stardeskd also-bought`: the product suggested under each product's receipt ("customers also
//! bought"), and setting or clearing one.

use clap::Args;
use stardesk_core::{audit::Who, catalog, desk::Desk};

#[derive(Args, Debug)]
pub struct AlsoBoughtArgs {
    /// The product whose receipt carries the suggestion.
    #[arg(long, requires = "suggest")]
    product: Option<i64>,
    /// The product to suggest, or "off".
    #[arg(long, value_name = "PRODUCT|off")]
    suggest: Option<String>,
}

pub async fn also_bought(desk: &Desk, args: &AlsoBoughtArgs) -> anyhow::Result<()> {
    let store = desk.store();
    if let (Some(product), Some(suggest)) = (args.product, &args.suggest) {
        let other =
            match suggest.as_str() {
                "off" | "none" => None,
                n => Some(n.parse::<i64>().map_err(|_| {
                    anyhow::anyhow!("\"{n}\" is neither a product number nor \"off\"")
                })?),
            };
        catalog::set_also_bought(&store, &Who::stardeskd(), product, other).await?;
    }
    let products = catalog::list(&store.read, true).await?;
    let title = |id: i64| {
        products
            .iter()
            .find(|p| p.id == id)
            .map_or_else(|| format!("#{id}"), |p| format!("#{id} {}", p.title))
    };
    let mut any = false;
    for p in &products {
        if let Some(other) = catalog::also_bought(&store, p.id).await? {
            println!("{:<32} → {}", title(p.id), title(other));
            any = true;
        }
    }
    if !any {
        println!("No product suggests another under its receipt.");
    }
    Ok(())
}
