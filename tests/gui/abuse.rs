//! A limit against abuse set in Settings: a new demo shopper's second purchase within the hour
//! is refused in the chat with the limit's words, the Customers page flags the shopper with the
//! reason, and lifting the flag clears it. The limit is switched off again afterwards. Then the
//! other checkout cards of Settings and the Invoices tab of Orders, as screenshots.

use anyhow::{Context, Result};

use super::{Window, class};

/// Closes the toasts (a click closes one) and waits until none is left: they sit in the top
/// layer, where a click on the sidebar may land on them.
async fn no_toasts(w: &Window) -> Result<()> {
    w.js("document.querySelectorAll('.toast').forEach(t => t.click()); return null;")
        .await?;
    w.until("no toasts", "!document.querySelector('.toast')")
        .await
}

pub(super) async fn limits(w: &Window) -> Result<()> {
    eprintln!("gui: limits against abuse");
    no_toasts(w).await?;
    w.page("settings").await?;
    let card = "[data-test='limits-settings']";
    let field = w
        .find(&format!("{card} input[name='purchases_per_hour']"))
        .await?;
    field.send_keys("1").await?;
    w.find(&format!("{card} [data-test='save-limits']:not([disabled])"))
        .await?
        .click()
        .await?;
    w.find_text("@data-test='limits-now'", "1 purchase an hour")
        .await?;
    w.shot("settings-limits").await?;

    // A new shopper buys once; the second purchase within the hour is refused.
    no_toasts(w).await?;
    w.page("demo").await?;
    w.find("input[name='shopper-name']")
        .await?
        .send_keys("Mila")
        .await?;
    w.find("[data-test='create-shopper']")
        .await?
        .click()
        .await?;
    w.find_text(&class("shopper"), "Mila").await?;
    w.until(
        "Mila selected",
        "document.querySelector(\".shopper[aria-pressed='true']\")?.textContent.includes('Mila')",
    )
    .await?;
    let select = w.find("select[aria-label='Product to buy']").await?;
    let first = select
        .find(fantoccini::Locator::Css("option[value]:not([value=''])"))
        .await
        .context("no product to buy")?
        .attr("value")
        .await?
        .context("option value")?;
    for _ in 0..2 {
        w.find("select[aria-label='Product to buy']")
            .await?
            .select_by_value(&first)
            .await?;
        w.find("[data-test='buy']:not([disabled])")
            .await?
            .click()
            .await?;
    }
    w.find_text(&class("toast"), "at most 1 purchase an hour")
        .await?;
    w.shot("demo-limit-refused").await?;

    // Customers: Mila is flagged with the reason; lifting the flag clears it.
    no_toasts(w).await?;
    w.page("customers").await?;
    w.find_text("@data-test='flag-badge'", "reached 1 purchase in an hour")
        .await?;
    w.shot("customers-flagged").await?;
    w.find("[aria-label='Lift flag (trust Mila)']")
        .await?
        .click()
        .await?;
    w.find("[data-test='confirm-lift']").await?.click().await?;
    w.until(
        "the flag lifted",
        "!document.querySelector(\"[data-test='flag-badge']\")",
    )
    .await?;

    // The limit off again for what follows.
    no_toasts(w).await?;
    w.page("settings").await?;
    let field = w
        .find(&format!("{card} input[name='purchases_per_hour']"))
        .await?;
    field.send_keys("\u{E003}").await?;
    w.find(&format!("{card} [data-test='save-limits']:not([disabled])"))
        .await?
        .click()
        .await?;
    w.until(
        "no limit",
        "!document.querySelector(\"[data-test='limits-now']\")?.textContent.includes('purchase')",
    )
    .await?;
    // The other checkout cards, as a merchant sees them.
    w.find_text(&class("card"), "Terms and seller").await?;
    w.js("[...document.querySelectorAll('.card')].find(c => c.textContent.includes('Terms and seller'))?.scrollIntoView(); return null;")
        .await?;
    w.shot("settings-terms").await?;
    w.js("[...document.querySelectorAll('.card')].find(c => c.textContent.includes('Tips (Support us)'))?.scrollIntoView(); return null;")
        .await?;
    w.shot("settings-tips").await?;

    // Orders → Invoices: the demo's invoices with their status, then back to the orders.
    no_toasts(w).await?;
    w.page("orders").await?;
    w.find("#orders-tab-invoices").await?.click().await?;
    w.find_text(&class("main"), "Last 7 days").await?;
    w.find_text(&class("main"), "order #").await?;
    w.shot("orders-invoices").await?;
    w.find("#orders-tab-orders").await?.click().await?;
    w.find("#orders-tab-orders[aria-selected='true']").await?;
    Ok(())
}
