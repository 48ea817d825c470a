//! Telegram's affiliate program: what it took from one order, and the report per affiliate.

use stardesk_core::{
    affiliates::{self, AffiliateReport, OrderAffiliate},
    desk::Desk,
};
use tauri::State;

use super::{CmdResult, fail};

/// What Telegram's affiliate program took from an order's payment; `null` when no affiliate
/// brought the customer (or Telegram's ledger has not been read since the sale).
#[tauri::command(rename_all = "snake_case")]
pub async fn affiliates_of_order(
    desk: State<'_, Desk>,
    order_id: i64,
) -> CmdResult<Option<OrderAffiliate>> {
    affiliates::of_order(&desk.store(), order_id)
        .await
        .map_err(fail)
}

/// Orders paid from `from` until before `to`, UTC unix seconds: each affiliate, and the shop's
/// gross, Telegram's commissions and the net after them.
#[tauri::command(rename_all = "snake_case")]
pub async fn affiliates_report(
    desk: State<'_, Desk>,
    from: i64,
    to: i64,
) -> CmdResult<AffiliateReport> {
    affiliates::report(&desk.store(), from, to)
        .await
        .map_err(fail)
}
