//! Figures: the Overview's, revenue by day, the latest orders.

use stardesk_core::{
    desk::Desk,
    order_list::{self, OrderRow},
    reports::{self, DayRevenue, Overview},
};
use tauri::State;

use super::{CmdResult, fail};

/// `day_start`: the merchant's local midnight, UTC unix seconds.
#[tauri::command(rename_all = "snake_case")]
pub async fn reports_overview(desk: State<'_, Desk>, day_start: i64) -> CmdResult<Overview> {
    reports::overview(&desk.store().read, day_start)
        .await
        .map_err(fail)
}

/// Days are UTC `YYYY-MM-DD`, both included.
#[tauri::command(rename_all = "snake_case")]
pub async fn reports_revenue(
    desk: State<'_, Desk>,
    from: String,
    to: String,
) -> CmdResult<Vec<DayRevenue>> {
    reports::revenue_by_day(&desk.store().read, &from, &to)
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn reports_latest_orders(desk: State<'_, Desk>, limit: i64) -> CmdResult<Vec<OrderRow>> {
    order_list::latest(&desk.store().read, limit)
        .await
        .map_err(fail)
}
