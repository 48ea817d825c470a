//! The Demo page's chat at the window's smallest size (960×620): a long chat of several
//! purchases scrolls and its latest invoice card keeps its full height with a Pay that clicks;
//! the customer's Stars show beside their name and drop as they pay; no sideways scroll, even
//! with a long word; the bot's bold drawn as bold; toasts clear of the chat's input; the bot's
//! name whole in the sidebar; the revenue chart's axes named, with a legend.

use anyhow::{Context, Result, ensure};
use fantoccini::Locator;

use super::{Window, class};

/// A number as the page writes it ("9,958").
fn digits(text: &str) -> Result<i64> {
    let d: String = text.chars().filter(char::is_ascii_digit).collect();
    d.parse().with_context(|| format!("no number in {text:?}"))
}

/// The selected customer's balance in the chat's head.
async fn balance(w: &Window) -> Result<i64> {
    let el = w.find("[data-test='chat-stars']").await?;
    digits(&el.prop("textContent").await?.unwrap_or_default())
}

async fn count(w: &Window, css: &str) -> Result<usize> {
    Ok(w.c.find_all(Locator::Css(css)).await?.len())
}

/// The chat and the page scroll only up and down.
async fn no_sideways_scroll(w: &Window, when: &str) -> Result<()> {
    let sizes = w
        .js("const log = document.querySelector('.chat-log');
         const root = document.scrollingElement;
         const page = document.querySelector('.page');
         return [log.scrollWidth, log.clientWidth, root.scrollWidth, root.clientWidth,
                 page.scrollWidth, page.clientWidth, window.innerWidth, window.innerHeight];")
        .await?;
    let n: Vec<i64> = sizes
        .as_array()
        .context("sizes")?
        .iter()
        .map(|v| v.as_f64().unwrap_or(0.0) as i64)
        .collect();
    eprintln!("gui: demo chat sizes {when}: {n:?}");
    ensure!(n[0] <= n[1], "{when}: the chat scrolls sideways ({n:?})");
    ensure!(n[2] <= n[3], "{when}: the window scrolls sideways ({n:?})");
    ensure!(n[4] <= n[5], "{when}: the page scrolls sideways ({n:?})");
    Ok(())
}

pub(super) async fn demo_chat(w: &Window, product_id: i64) -> Result<()> {
    eprintln!("gui: demo chat at 960×620");
    let (_, _, width, height) = w.c.get_window_rect().await?;
    w.c.set_window_size(960, 620).await?;
    w.until("the window at 960×620", "window.innerWidth <= 960")
        .await?;
    w.page("demo").await?;
    // Hugo, from the Demo section, is selected; his balance is beside his name in the list too.
    w.find_text(&class("shopper"), "Hugo").await?;
    w.find(".shopper[aria-pressed='true'] [data-test='shopper-stars']")
        .await?;
    let start = balance(w).await?;
    ensure!(start > 0, "Hugo has {start} Stars");

    // The bot's bold ("<b>Catalog</b>: tap a product…") is drawn bold.
    w.find_text("self::b", "Catalog").await?;

    // Several purchases in a row: the chat grows past its pane.
    let price = 42;
    for n in 1..=3 {
        let paid = count(w, ".chat-log .service").await?;
        w.find("select[aria-label='Product to buy']")
            .await?
            .select_by_value(&product_id.to_string())
            .await?;
        w.find("[data-test='buy']:not([disabled])")
            .await?
            .click()
            .await?;
        w.until(
            "the payment in the chat",
            &format!("document.querySelectorAll('.chat-log .service').length > {paid}"),
        )
        .await?;
        w.until("the balance to drop",
            &format!(
                "(document.querySelector(\"[data-test='chat-stars']\")?.textContent || '').replace(/\\D/g, '') == '{}'",
                start - n * price
            ),
        )
        .await?;
    }
    let after_buys = balance(w).await?;
    ensure!(
        after_buys == start - 3 * price,
        "{start} − 3 × {price} ≠ {after_buys}"
    );
    // The list beside the chat says the same.
    let listed = w
        .find(".shopper[aria-pressed='true'] [data-test='shopper-stars']")
        .await?
        .prop("textContent")
        .await?
        .unwrap_or_default();
    ensure!(digits(&listed)? == after_buys, "the list says {listed:?}");

    // A long word, as a customer might paste: wrapped, not scrolled sideways.
    let long = format!(
        "https://example.com/{}",
        "averyverylongwordwithoutanyspace".repeat(6)
    );
    w.find("input[aria-label='Message to the bot']")
        .await?
        .send_keys(&long)
        .await?;
    w.find("button[aria-label='Send']:not([disabled])")
        .await?
        .click()
        .await?;
    w.find_text(&class("bubble"), "averyverylongword").await?;
    no_sideways_scroll(w, "after a long word").await?;

    // The product's card from its link, then Buy in the chat: the latest invoice, unpaid.
    w.find("input[aria-label='Message to the bot']:not([disabled])")
        .await?
        .send_keys(&format!("/start p_{product_id}"))
        .await?;
    w.find("button[aria-label='Send']:not([disabled])")
        .await?
        .click()
        .await?;
    w.until("the card's Buy",
        "[...document.querySelectorAll('.chat-log .bubble-buttons button')].some(b => b.textContent.startsWith('Buy for') && !b.disabled)",
    )
    .await?;
    let invoices = count(w, ".chat-log [data-test='invoice']").await?;
    let buys = w
        .c
        .find_all(Locator::XPath(
            "//*[contains(concat(' ', normalize-space(@class), ' '), ' bubble-buttons ')]//button[starts-with(normalize-space(.), 'Buy for')]",
        ))
        .await?;
    buys.last().context("no Buy in the chat")?.click().await?;
    w.until(
        "the invoice",
        &format!(
            "document.querySelectorAll(\".chat-log [data-test='invoice']\").length > {invoices}"
        ),
    )
    .await?;
    ensure!(
        count(w, ".chat-log > *").await? > 20,
        "the chat is not long yet"
    );
    // The chat is longer than its pane and scrolls; the latest invoice keeps its full height.
    w.until("the chat scrolled to its end",
        "(() => { const l = document.querySelector('.chat-log'); return l.scrollHeight > l.clientHeight + 50 && l.scrollTop + l.clientHeight >= l.scrollHeight - 4; })()",
    )
    .await?;
    let card = w.js("const cards = document.querySelectorAll(\".chat-log [data-test='invoice']\");
         const card = cards[cards.length - 1];
         const pay = card.querySelector('button');
         const log = document.querySelector('.chat-log').getBoundingClientRect();
         const r = card.getBoundingClientRect(), p = pay.getBoundingClientRect();
         const top = card.querySelector('.inv-top');
         return { height: r.height, natural: top.scrollHeight + p.height, pay: p.height,
                  inside: p.top >= log.top && p.bottom <= log.bottom + 1,
                  hit: document.elementFromPoint(p.left + p.width / 2, p.top + p.height / 2) === pay
                       || pay.contains(document.elementFromPoint(p.left + p.width / 2, p.top + p.height / 2)) };",
    )
    .await?;
    eprintln!("gui: latest invoice card {card}");
    let h = |k: &str| card[k].as_f64().unwrap_or(0.0);
    ensure!(
        h("height") >= h("natural") - 1.0 && h("height") > 80.0,
        "the invoice card is squashed: {card}"
    );
    ensure!(h("pay") >= 30.0, "the Pay button is {card}");
    ensure!(
        card["inside"] == true && card["hit"] == true,
        "Pay cannot be pressed: {card}"
    );
    no_sideways_scroll(w, "with a long chat").await?;
    w.shot("demo-chat-960x620").await?;

    // Pay: the goods arrive, the balance drops again, and the toast covers not the input.
    let paid = count(w, ".chat-log .service").await?;
    let cards =
        w.c.find_all(Locator::Css(".chat-log [data-test='invoice'] button"))
            .await?;
    cards.last().context("no Pay")?.click().await?;
    w.until(
        "the payment of the invoice",
        &format!("document.querySelectorAll('.chat-log .service').length > {paid}"),
    )
    .await?;
    w.until("the balance after paying the invoice",
        &format!(
            "(document.querySelector(\"[data-test='chat-stars']\")?.textContent || '').replace(/\\D/g, '') == '{}'",
            after_buys - price
        ),
    )
    .await?;
    w.find_text(&class("toast"), "Paid and delivered").await?;
    let overlap = w.js("const t = document.querySelector('.toasts').getBoundingClientRect();
         const hits = [...document.querySelectorAll('.chat-input, .chat-input *')].map(e => e.getBoundingClientRect())
           .filter(r => r.left < t.right && t.left < r.right && r.top < t.bottom && t.top < r.bottom);
         return { toasts: [t.left, t.top, t.right, t.bottom], hits: hits.length };",
    )
    .await?;
    ensure!(
        overlap["hits"] == 0,
        "the toast covers the chat's input: {overlap}"
    );
    w.shot("demo-chat-paid-toast").await?;

    // The bot's name whole in the sidebar.
    let name = w.js("const n = document.querySelector(\"[data-test='bot-name']\");
         return { text: n.textContent, fits: n.scrollWidth <= n.clientWidth && n.scrollHeight <= n.clientHeight + 1 };",
    )
    .await?;
    ensure!(
        name["fits"] == true && name["text"].as_str().is_some_and(|t| t.starts_with('@')),
        "the bot's name is cut: {name}"
    );

    w.c.set_window_size(width as u32, height as u32).await?;

    // Overview: the revenue chart, with its legend and named axes (drawn on the canvas).
    w.page("overview").await?;
    let chart = w.find("canvas[role='img']").await?;
    let label = chart.attr("aria-label").await?.unwrap_or_default();
    ensure!(
        label.contains("Stars") && label.contains("Orders"),
        "the chart says {label:?}"
    );
    w.js("document.querySelector(\"canvas[role='img']\").scrollIntoView({ block: 'center' }); return null;",
    )
    .await?;
    w.shot("overview-chart").await?;
    Ok(())
}
