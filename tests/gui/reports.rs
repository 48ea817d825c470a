//! Reports after the demo's sales: Revenue's net over 30 days is the Overview chart's, the range
//! (30 → 7 days) and the grouping (day → week) change the chart's table, the Revenue table can be
//! exported as CSV, and the Funnel, Subscriptions and Cash flow tabs show their reports; the
//! shop's time zone chosen in Settings names itself on the Overview and Reports. A screenshot of
//! each report lands in `artifacts/screenshots/`.

use anyhow::{Context, Result, ensure};

use super::{Window, class};

/// The Stars of the first `.stars` in `css`, as its label says ("1,234 Stars").
async fn stars_in(w: &Window, css: &str) -> Result<String> {
    let label = w
        .find(&format!("{css} .stars"))
        .await?
        .attr("aria-label")
        .await?
        .with_context(|| format!("no Stars in {css}"))?;
    Ok(label)
}

/// How many rows the Revenue chart's table has (hidden behind the chart or shown).
const BUCKET_ROWS: &str =
    "document.querySelectorAll(\"[data-test='revenue-chart'] table tbody tr\").length";

async fn tab(w: &Window, name: &str, report: &str) -> Result<()> {
    eprintln!("gui: reports · {name}");
    w.find(&format!("[data-test='reports-tab-{name}']"))
        .await?
        .click()
        .await?;
    w.find(&format!(
        "[data-test='reports-tab-{name}'][aria-selected='true']"
    ))
    .await?;
    w.find(&format!("[data-test='{report}']")).await?;
    Ok(())
}

pub(super) async fn reports(w: &Window) -> Result<()> {
    // The Overview's chart: 30 days, refunds taken off.
    w.page("overview").await?;
    let card = w.find_text(&class("card"), "Revenue by day").await?;
    card.find(fantoccini::Locator::Css(".chart-box")).await?;
    let overview_net = stars_in(w, "[data-test='revenue-total']").await?;

    w.page("reports").await?;
    w.find("[data-test='revenue-report'][data-group='day']")
        .await?;
    let net = stars_in(w, "[data-test='figure-net']").await?;
    ensure!(
        net == overview_net,
        "Reports' 30 days net {net:?}, the Overview's {overview_net:?}"
    );
    // One row a day behind the chart, and its table has a CSV export.
    w.until(
        "thirty days in the chart's table",
        &format!("{BUCKET_ROWS} === 30"),
    )
    .await?;
    w.find("[data-test='revenue-chart'] [data-test='export-csv']")
        .await?;
    w.find("[data-test='revenue-chart'] [data-test='export-png']")
        .await?;
    w.find_text("@data-test='figure-gross'", "before:").await?;
    w.shot("reports-revenue").await?;

    // 7 days: seven rows; by week: one or two weeks.
    let range = w
        .find("[data-test='revenue-report']")
        .await?
        .attr("data-range")
        .await?
        .unwrap_or_default();
    w.find_text("self::button", "7 days").await?.click().await?;
    w.until(
        "seven days in the chart's table",
        &format!(
            "document.querySelector(\"[data-test='revenue-report']\").dataset.range !== '{range}' && {BUCKET_ROWS} === 7"
        ),
    )
    .await?;
    w.find_text("self::button", "Week").await?.click().await?;
    w.until(
        "weeks in the chart's table",
        &format!(
            "document.querySelector(\"[data-test='revenue-report']\").dataset.group === 'week' && [1, 2].includes({BUCKET_ROWS})"
        ),
    )
    .await?;
    // The table shown instead of the chart names its weeks.
    w.find("[data-test='revenue-chart'] [data-test='as-table']")
        .await?
        .click()
        .await?;
    w.find("[data-test='revenue-chart'] .report-table-wrap table")
        .await?;
    w.shot("reports-revenue-weeks-table").await?;
    w.find("[data-test='revenue-chart'] [data-test='as-table']")
        .await?
        .click()
        .await?;
    scroll_to(w, "[data-test='revenue-items']").await?;
    w.find_text("@data-test='top-customers'", "Gwen").await?;
    w.shot("reports-revenue-items").await?;

    tab(w, "funnel", "funnel-report").await?;
    w.find_text("@data-test='funnel-totals'", "Paid").await?;
    w.shot("reports-funnel").await?;

    // Subscriptions over 90 days: the demo's subscriber started in it.
    w.find_text("self::button", "90 days")
        .await?
        .click()
        .await?;
    tab(w, "subscriptions", "subscriptions-report").await?;
    w.find("[data-test='cohort-table']").await?;
    w.shot("reports-subscriptions").await?;
    scroll_to(w, "[data-test='cohorts']").await?;
    w.shot("reports-cohorts").await?;

    tab(w, "cash", "cash-report").await?;
    w.find_text(&class("cash-note"), "may change").await?;
    let held = w
        .find("[data-test='figure-on-hold']")
        .await?
        .prop("textContent")
        .await?
        .unwrap_or_default();
    ensure!(held.contains('$'), "on hold says {held:?}");
    w.shot("reports-cash").await?;

    // A narrower window keeps the report readable.
    tab(w, "revenue", "revenue-report").await?;
    let size = w.c.get_window_size().await?;
    w.c.set_window_size(960, 620).await?;
    w.shot("reports-revenue-960").await?;
    tab(w, "cash", "cash-report").await?;
    w.shot("reports-cash-960").await?;
    w.c.set_window_size(size.0 as u32, size.1 as u32).await?;
    tab(w, "revenue", "revenue-report").await?;
    time_zone(w).await
}

/// Settings: the shop's days in Kolkata (a half-hour offset) recount the reports and name the
/// zone on the Overview; back to the system's after.
async fn time_zone(w: &Window) -> Result<()> {
    w.page("settings").await?;
    w.find("[data-test='report-settings']").await?;
    scroll_to(w, "[data-test='report-settings']").await?;
    w.find("[data-test='zone-search']")
        .await?
        .send_keys("kolkata")
        .await?;
    w.find("[data-test='zone-select']")
        .await?
        .select_by_value("Asia/Kolkata")
        .await?;
    w.shot("settings-reports").await?;
    w.find("[data-test='zone-save']").await?.click().await?;
    w.find_text(&class("toast"), "Reports now count days in Asia/Kolkata")
        .await?;
    w.page("overview").await?;
    w.find_text(&class("card"), "days in Asia/Kolkata").await?;
    w.page("reports").await?;
    w.find_text(&class("page-head"), "Days in Asia/Kolkata")
        .await?;

    w.page("settings").await?;
    w.find("[data-test='zone-select']")
        .await?
        .select_by_value("")
        .await?;
    w.find("[data-test='zone-save']").await?.click().await?;
    w.find_text(&class("toast"), "Reports now count days in")
        .await?;
    w.until(
        "the system's zone chosen again",
        "document.querySelector(\"[data-test='zone-select']\").value === '' && document.querySelector(\"[data-test='zone-save']\").disabled",
    )
    .await?;
    Ok(())
}

async fn scroll_to(w: &Window, css: &str) -> Result<()> {
    w.find(css).await?;
    // The page's own scrolling box moves, not the window's frame around it.
    w.js(&format!(
        "const el = document.querySelector(\"{css}\");
         let box = el.parentElement;
         while (box && !(/(auto|scroll)/.test(getComputedStyle(box).overflowY) && box.scrollHeight > box.clientHeight)) box = box.parentElement;
         if (box) box.scrollTop += el.getBoundingClientRect().top - box.getBoundingClientRect().top;
         return true;"
    ))
    .await?;
    Ok(())
}
