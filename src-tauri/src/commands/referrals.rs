//! The shop's referral program: referrers and their ledgers, payouts due and made, the program's
//! terms and per-item rates, CSV exports.

use stardesk_core::{
    desk::Desk,
    exports::Export,
    promos::Item,
    referrals::{
        self, Payout, PayoutDraft, RateOverride, ReferralSettings, Referrer, ReferrerDetail,
    },
};
use tauri::{AppHandle, Runtime, State};

use super::{CmdResult, exports::save_path, fail, operator};

/// Every referrer with their figures; commissions in thousandths of a Star.
#[tauri::command(rename_all = "snake_case")]
pub async fn referrers_list(desk: State<'_, Desk>) -> CmdResult<Vec<Referrer>> {
    desk.referrers().await.map_err(fail)
}

/// A referrer's figures, the people they brought and their ledger.
#[tauri::command(rename_all = "snake_case")]
pub async fn referrer_detail(desk: State<'_, Desk>, customer_id: i64) -> CmdResult<ReferrerDetail> {
    desk.referrer_detail(customer_id).await.map_err(fail)
}

/// A customer's personal referral link (made the first time it is asked for).
#[tauri::command(rename_all = "snake_case")]
pub async fn referral_link(desk: State<'_, Desk>, customer_id: i64) -> CmdResult<String> {
    desk.referral_link(customer_id).await.map_err(fail)
}

/// Referrers with whole Stars available to pay out, most first.
#[tauri::command(rename_all = "snake_case")]
pub async fn payouts_due(desk: State<'_, Desk>) -> CmdResult<Vec<Referrer>> {
    desk.payouts_due().await.map_err(fail)
}

/// Payouts made, newest first.
#[tauri::command(rename_all = "snake_case")]
pub async fn payouts_list(desk: State<'_, Desk>) -> CmdResult<Vec<Payout>> {
    referrals::payouts(&desk.store()).await.map_err(fail)
}

/// Pays a referrer as store credit or outside Stardesk; above the step-up threshold with a
/// current code.
#[tauri::command(rename_all = "snake_case")]
pub async fn referral_pay_out(
    desk: State<'_, Desk>,
    draft: PayoutDraft,
    code: Option<String>,
) -> CmdResult<Payout> {
    let who = operator(&desk).await?;
    desk.pay_out(&draft, &who, code.as_deref())
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn referral_settings(desk: State<'_, Desk>) -> CmdResult<ReferralSettings> {
    referrals::get_settings(&desk.store()).await.map_err(fail)
}

/// Saves the program's terms; they apply to payments from now on.
#[tauri::command(rename_all = "snake_case")]
pub async fn referral_set_settings(
    desk: State<'_, Desk>,
    settings: ReferralSettings,
) -> CmdResult<ReferralSettings> {
    let who = operator(&desk).await?;
    referrals::set_settings(&desk.store(), &who, &settings)
        .await
        .map_err(fail)
}

/// Products and plans with a commission rate of their own.
#[tauri::command(rename_all = "snake_case")]
pub async fn referral_overrides(desk: State<'_, Desk>) -> CmdResult<Vec<RateOverride>> {
    referrals::overrides(&desk.store()).await.map_err(fail)
}

/// Gives a product or plan its own rate, or (`percent` null) the shop's back.
#[tauri::command(rename_all = "snake_case")]
pub async fn referral_set_override(
    desk: State<'_, Desk>,
    item: Item,
    percent: Option<i64>,
) -> CmdResult<Vec<RateOverride>> {
    let who = operator(&desk).await?;
    referrals::set_override(&desk.store(), &who, item, percent)
        .await
        .map_err(fail)
}

/// Every referrer as CSV where the merchant chooses; `None` when the dialog was closed.
#[tauri::command(rename_all = "snake_case")]
pub async fn referrers_export<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
) -> CmdResult<Option<Export>> {
    let Some(path) = save_path(&app, &desk, "referrers", "csv").await? else {
        return Ok(None);
    };
    desk.export_referrers(&path).await.map(Some).map_err(fail)
}

/// Every payout as CSV where the merchant chooses; `None` when the dialog was closed.
#[tauri::command(rename_all = "snake_case")]
pub async fn payouts_export<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
) -> CmdResult<Option<Export>> {
    let Some(path) = save_path(&app, &desk, "payouts", "csv").await? else {
        return Ok(None);
    };
    desk.export_payouts(&path).await.map(Some).map_err(fail)
}
