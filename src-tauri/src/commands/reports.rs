//! Figures: the Overview's, revenue by day, the latest orders, and the Reports page (revenue,
//! funnel, subscriptions, cash flow) with its settings (time zone, USD per Star). Days are the
//! merchant's, `YYYY-MM-DD` in the shop's time zone, both ends included.

use stardesk_core::{
    desk::Desk,
    order_list::{self, OrderRow},
    reports::{
        self, DayRevenue, Grouping, Overview, ReportSettings,
        cash::{self, CashFlow},
        funnel::{self, FunnelReport},
        revenue::{self, RevenueReport},
        subscriptions::{self, SubscriptionReport},
    },
    zone,
};
use tauri::State;

use super::{CmdResult, fail, operator};

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Today's figures, "today" being the merchant's day in the shop's time zone.
#[tauri::command(rename_all = "snake_case")]
pub async fn reports_overview(desk: State<'_, Desk>) -> CmdResult<Overview> {
    reports::overview(&desk.store(), now()).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn reports_revenue(
    desk: State<'_, Desk>,
    from: String,
    to: String,
) -> CmdResult<Vec<DayRevenue>> {
    reports::revenue_by_day(&desk.store(), &from, &to)
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn reports_latest_orders(desk: State<'_, Desk>, limit: i64) -> CmdResult<Vec<OrderRow>> {
    order_list::latest(&desk.store().read, limit)
        .await
        .map_err(fail)
}

/// Revenue over a range by day, week or month, per item, top customers, the period before.
#[tauri::command(rename_all = "snake_case")]
pub async fn report_revenue(
    desk: State<'_, Desk>,
    from: String,
    to: String,
    group: Grouping,
) -> CmdResult<RevenueReport> {
    revenue::report(&desk.store(), &from, &to, group)
        .await
        .map_err(fail)
}

/// Cards viewed → invoices sent → paid, per item.
#[tauri::command(rename_all = "snake_case")]
pub async fn report_funnel(
    desk: State<'_, Desk>,
    from: String,
    to: String,
) -> CmdResult<FunnelReport> {
    funnel::report(&desk.store(), &from, &to)
        .await
        .map_err(fail)
}

/// MRR, subscribers won and lost, churn, ARPU, cohorts.
#[tauri::command(rename_all = "snake_case")]
pub async fn report_subscriptions(
    desk: State<'_, Desk>,
    from: String,
    to: String,
    group: Grouping,
) -> CmdResult<SubscriptionReport> {
    subscriptions::report(&desk.store(), &from, &to, group, now())
        .await
        .map_err(fail)
}

/// Stars on hold with Telegram and when they become available.
#[tauri::command(rename_all = "snake_case")]
pub async fn report_cash(desk: State<'_, Desk>) -> CmdResult<CashFlow> {
    cash::report(&desk.store(), now()).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn report_settings(desk: State<'_, Desk>) -> CmdResult<ReportSettings> {
    reports::settings(&desk.store()).await.map_err(fail)
}

/// Every time zone the shop may choose, by IANA name.
#[tauri::command(rename_all = "snake_case")]
pub async fn time_zones() -> CmdResult<Vec<String>> {
    Ok(zone::names().into_iter().map(String::from).collect())
}

/// Sets the shop's time zone (empty: the system's); the report days are counted again in it.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_time_zone(desk: State<'_, Desk>, name: String) -> CmdResult<ReportSettings> {
    let who = operator(&desk).await?;
    reports::set_time_zone(&desk.store(), &name, &who)
        .await
        .map_err(fail)
}

/// Sets the approximate USD value of a Star, typed as dollars ("0.013").
#[tauri::command(rename_all = "snake_case")]
pub async fn set_usd_rate(desk: State<'_, Desk>, rate: String) -> CmdResult<ReportSettings> {
    let who = operator(&desk).await?;
    reports::set_usd_rate(&desk.store(), &rate, &who)
        .await
        .map_err(fail)
}
