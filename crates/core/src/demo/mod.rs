//! Demo mode: a sample catalog, and a simulated shopper so a newcomer sees a sale land.

use std::time::Duration;

use crate::{
    catalog::{self, Kind, ProductDraft},
    error::Result,
    settings,
    sim_client::SimClient,
    store::Store,
};

/// The token demo mode's bot uses with the simulator.
pub const DEMO_TOKEN: &str = "7000000001:DEMO-stardesk";

/// Seeds one product of each kind, once per data folder.
pub async fn seed_catalog(store: &Store) -> Result<()> {
    if settings::get(&store.write, "demo_seeded").await?.is_some() {
        return Ok(());
    }
    catalog::create(
        store,
        &ProductDraft {
            kind: Kind::Text,
            title: "Pro tips guide".into(),
            description: "A private link to the guide, delivered the moment you pay.".into(),
            price: 25,
            per_customer_limit: None,
            stock: None,
            content: Some(
                "Your guide: https://example.com/guide/7f3a (keep this link private)".into(),
            ),
        },
    )
    .await?;
    let game = catalog::create(
        store,
        &ProductDraft {
            kind: Kind::Code,
            title: "Game key".into(),
            description: "One activation key for the full game.".into(),
            price: 150,
            per_customer_limit: Some(3),
            stock: None,
            content: None,
        },
    )
    .await?;
    let codes: String = (1..=40)
        .map(|i| format!("GAME-{:04X}-{:04X}\n", i * 7919 % 65536, i * 104729 % 65536))
        .collect();
    catalog::import_codes(store, game.id, &codes).await?;
    let pack = catalog::create(
        store,
        &ProductDraft {
            kind: Kind::File,
            title: "Wallpaper pack".into(),
            description: "Ten wallpapers as one file.".into(),
            price: 60,
            per_customer_limit: None,
            stock: None,
            content: None,
        },
    )
    .await?;
    let readme = "Wallpaper pack\n\nThank you for your purchase!\n".repeat(3);
    catalog::set_file(
        store,
        pack.id,
        "wallpapers.txt",
        "text/plain",
        readme.as_bytes(),
    )
    .await?;
    settings::set(&store.write, "demo_seeded", "1").await?;
    Ok(())
}

/// A simulated customer who opens the shop and buys `product_id`; returns a line describing it.
pub async fn shopper_buys(sim: &SimClient, name: &str, product_id: i64) -> anyhow::Result<String> {
    let user = sim.create_user(name, Some(&name.to_lowercase())).await?;
    sim.send(user, "/start").await?;
    let (outcome, goods) = sim.buy(user, product_id, Duration::from_secs(20)).await?;
    Ok(match goods {
        Some(g) => format!(
            "{name} paid (charge {}) and received: {}",
            outcome.charge_id.unwrap_or_default(),
            g.body().lines().next().unwrap_or("")
        ),
        None => format!(
            "{name}'s payment: {} {}",
            outcome.status,
            outcome.error_message.unwrap_or_default()
        ),
    })
}
