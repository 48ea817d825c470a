//! Search in any script and the lists at the window's smallest size: Иван and Zoë buy, and
//! Orders finds them as `иван` and `zoe`, Customers as `ИВАН`; at the default size the Paid
//! column shows its whole time; at 960×620 Orders keeps Status and Customers keeps Block in
//! sight with no sideways scroll.

use std::time::Duration;

use anyhow::{Context, Result, ensure};
use stardesk_core::demo::sim_client::SimClient;

use super::{ROW, Window, class};

/// Both customers of this section are in the list again (the search box emptied).
const BOTH: &str = "(() => { const t = [...document.querySelectorAll('.tr[data-row-id]')].map(r => r.textContent).join(' ');
                   return t.includes('Иван') && t.includes('Zoë'); })()";

/// Empties the search box `css` the way typing would (React hears an input event).
async fn clear(w: &Window, css: &str) -> Result<()> {
    w.find(css).await?;
    let css = serde_json::to_string(css)?;
    w.js(&format!(
        "const el = document.querySelector({css});
             Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, '');
             el.dispatchEvent(new Event('input', {{ bubbles: true }}));
             return true;"
    ))
    .await?;
    Ok(())
}

/// Types `text` into the search box `css` (after emptying it) and waits until every row of the
/// list shows `name`, and at least one does.
async fn search_for(w: &Window, css: &str, text: &str, name: &str) -> Result<()> {
    clear(w, css).await?;
    w.find(css).await?.send_keys(text).await?;
    let expect = serde_json::to_string(name)?;
    w.until(&format!("only {name} after searching {text:?}"),
        &format!(
            "(() => {{ const rows = [...document.querySelectorAll('.tr[data-row-id]')];
                      return rows.length > 0 && rows.every(r => r.textContent.includes({expect})); }})()"
        ),
    )
    .await
}

/// The list's scroll container scrolls only up and down, and the element `target` (a
/// JavaScript expression) lies inside it and the window.
async fn fits(w: &Window, what: &str, target: &str) -> Result<()> {
    let n = w
        .js(&format!(
            "const body = document.querySelector('.table-body');
             const el = {target};
             if (!el) return null;
             const b = body.getBoundingClientRect();
             const r = el.getBoundingClientRect();
             return [body.scrollWidth, body.clientWidth, Math.round(r.left), Math.round(r.right),
                     Math.round(b.right), window.innerWidth];"
        ))
        .await?;
    let n: Vec<i64> = n
        .as_array()
        .with_context(|| format!("no {what} on the page"))?
        .iter()
        .map(|v| v.as_f64().unwrap_or(0.0) as i64)
        .collect();
    eprintln!(
        "gui: {what}: scroll {} of {}, at {}..{}, list ends at {}, window {}",
        n[0], n[1], n[2], n[3], n[4], n[5]
    );
    ensure!(n[0] <= n[1], "{what}: the list scrolls sideways ({n:?})");
    ensure!(
        n[2] >= 0 && n[3] <= n[4] + 1 && n[3] <= n[5],
        "{what} is out of sight ({n:?})"
    );
    Ok(())
}

pub(super) async fn search(w: &Window, sim: &SimClient, product_id: i64) -> Result<()> {
    eprintln!("gui: search in any script");
    for (name, username) in [("Иван", "ivan_gui"), ("Zoë", "zoe_gui")] {
        let user = sim.create_user(name, Some(username)).await?;
        sim.send(user, "/start").await?;
        let (paid, _) = sim.buy(user, product_id, Duration::from_secs(30)).await?;
        ensure!(paid.status == "paid", "{name}'s purchase was {paid:?}");
    }

    w.page("orders").await?;
    w.find_text(ROW, "Zoë").await?;
    search_for(w, "input[name='order-search']", "иван", "Иван").await?;
    search_for(w, "input[name='order-search']", "zoe", "Zoë").await?;
    w.shot("orders-search-unicode").await?;
    clear(w, "input[name='order-search']").await?;
    w.until("every order again", BOTH).await?;

    // The Paid column holds its whole date and time at the default size.
    let paid = w
        .js(
            "const cell = document.querySelector('.tr[data-row-id] .tabular[title]');
         return cell ? [cell.scrollWidth, cell.clientWidth, cell.textContent] : null;",
        )
        .await?;
    eprintln!("gui: the Paid cell: {paid}");
    ensure!(
        paid[0].as_f64() <= paid[1].as_f64() && paid[2].as_str().is_some_and(|t| t.contains(':')),
        "the Paid column cuts its time: {paid}"
    );

    w.page("customers").await?;
    search_for(w, "input[aria-label='Search customers']", "ИВАН", "Иван").await?;
    w.shot("customers-search-unicode").await?;
    clear(w, "input[aria-label='Search customers']").await?;
    w.until("every customer again", BOTH).await?;

    // The smallest window: nothing scrolls sideways, Status and Block stay in sight.
    let (_, _, width, height) = w.c.get_window_rect().await?;
    w.c.set_window_size(960, 620).await?;
    w.until("the window at 960×620", "window.innerWidth <= 960")
        .await?;
    let outcome = small_window(w).await;
    w.c.set_window_size(width as u32, height as u32).await?;
    w.until("the window back at its size", "window.innerWidth > 960")
        .await?;
    outcome
}

async fn small_window(w: &Window) -> Result<()> {
    w.page("orders").await?;
    w.find_text(ROW, "Zoë").await?;
    let status_header = "[...document.querySelectorAll('.table-head [role=columnheader]')]\
         .find(h => h.textContent.trim().toLowerCase().startsWith('status'))";
    w.until("the Status header", status_header).await?;
    fits(w, "the Status header", status_header).await?;
    fits(
        w,
        "a Status cell",
        "document.querySelector('.tr[data-row-id] .badge')",
    )
    .await?;
    w.shot("orders-960x620").await?;

    w.page("customers").await?;
    w.find_text(ROW, "Zoë").await?;
    let block = "document.querySelector(\".tr[data-row-id] button[aria-label^='Block'], .tr[data-row-id] button[aria-label^='Unblock']\")";
    w.until("a Block button", block).await?;
    fits(w, "a Block button", block).await?;
    w.find_text(&class("table-head"), "Customer").await?;
    w.shot("customers-960x620").await?;
    Ok(())
}
