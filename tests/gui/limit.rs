//! A product's per-customer limit seen from the chat: the sample "Game key" sells 3 to a
//! customer; on the Demo page a new customer buys 3, and the 4th Buy brings the card saying
//! why, with no Buy and no invoice, and the window names the bot's refusal at once.

use anyhow::{Context, Result, ensure};
use fantoccini::Locator;

use super::{Window, class};

/// Paid purchases in the Demo chat (Telegram's "You paid" service lines).
const PAID: &str = "document.querySelectorAll('.chat-log .service').length";

pub(super) async fn limit_on_the_card(w: &Window) -> Result<()> {
    eprintln!("gui: per-customer limit on the card");
    w.page("demo").await?;
    w.find("input[name='shopper-name']")
        .await?
        .send_keys("Lena")
        .await?;
    w.find("[data-test='create-shopper']")
        .await?
        .click()
        .await?;
    w.find_text(&class("shopper"), "Lena").await?;
    w.until(
        "Lena selected",
        "document.querySelector(\".shopper[aria-pressed='true']\")?.textContent.includes('Lena')",
    )
    .await?;
    let select = w.find("select[aria-label='Product to buy']").await?;
    let option = select
        .find(Locator::XPath(".//option[contains(., 'Game key')]"))
        .await
        .context("no Game key to buy")?;
    let game_key = option.attr("value").await?.context("option value")?;
    for n in 1..=3 {
        w.find("select[aria-label='Product to buy']")
            .await?
            .select_by_value(&game_key)
            .await?;
        w.find("[data-test='buy']:not([disabled])")
            .await?
            .click()
            .await?;
        w.until(&format!("purchase {n} paid"), &format!("{PAID} >= {n}"))
            .await?;
    }
    w.until(
        "the third code",
        "[...document.querySelectorAll('.chat-log .bubble')].filter(b => b.textContent.includes('Your code')).length >= 3",
    )
    .await?;
    // The fourth: the card says why and offers no Buy; no invoice, no payment.
    w.find("[data-test='buy']:not([disabled])")
        .await?
        .click()
        .await?;
    w.find_text(&class("toast"), "The bot sent no invoice")
        .await?;
    w.find_text(&class("toast"), "cannot be bought again")
        .await?;
    let said = w
        .js(
            "const bubbles = [...document.querySelectorAll('.chat-log .bubble')];
             const card = bubbles.filter(b => b.textContent.includes('cannot be bought again')).pop();
             if (!card) return null;
             const wrap = card.parentElement;
             return { text: card.textContent,
                      buy: [...wrap.querySelectorAll('button')].some(b => b.textContent.startsWith('Buy for')),
                      invoices: document.querySelectorAll(\".chat-log [data-test='invoice']\").length,
                      paid: document.querySelectorAll('.chat-log .service').length };",
        )
        .await?;
    ensure!(!said.is_null(), "no card saying the limit is reached");
    ensure!(said["buy"] == false, "the card still offers Buy: {said}");
    ensure!(said["paid"] == 3, "a fourth payment: {said}");
    ensure!(
        said["text"]
            .as_str()
            .is_some_and(|t| t.contains("Limit: 3 per customer")),
        "{said}"
    );
    w.shot("demo-limit").await?;
    Ok(())
}
