//! The simulated shopper panel of demo mode: a customer that talks to the bot through the
//! simulator's control API.

use stardesk_core::desk::{ChatLine, DemoReferral, DemoStep, Desk, Shopper};
use tauri::State;

use super::{CmdResult, fail};

/// The simulated customers, each with the Stars they have left.
#[tauri::command(rename_all = "snake_case")]
pub async fn demo_shoppers(desk: State<'_, Desk>) -> CmdResult<Vec<Shopper>> {
    desk.shoppers_with_stars().await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn demo_create_shopper(
    desk: State<'_, Desk>,
    first_name: String,
    lang: stardesk_core::texts::Lang,
) -> CmdResult<Shopper> {
    desk.create_shopper(&first_name, lang).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn demo_open_shop(desk: State<'_, Desk>, user_id: i64) -> CmdResult<Vec<ChatLine>> {
    desk.open_shop(user_id).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn demo_send(
    desk: State<'_, Desk>,
    user_id: i64,
    text: String,
) -> CmdResult<Vec<ChatLine>> {
    desk.send(user_id, &text).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn demo_press(
    desk: State<'_, Desk>,
    user_id: i64,
    message_id: i64,
    data: String,
) -> CmdResult<Vec<ChatLine>> {
    desk.press(user_id, message_id, &data).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn demo_pay(desk: State<'_, Desk>, user_id: i64, message_id: i64) -> CmdResult<DemoStep> {
    desk.pay(user_id, message_id).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn demo_buy(desk: State<'_, Desk>, user_id: i64, product_id: i64) -> CmdResult<DemoStep> {
    desk.buy(user_id, product_id).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn demo_chat(desk: State<'_, Desk>, user_id: i64) -> CmdResult<Vec<ChatLine>> {
    desk.chat(user_id).await.map_err(fail)
}

/// The customer taps a link button: pays an invoice link, joins with an invite link.
#[tauri::command(rename_all = "snake_case")]
pub async fn demo_open_link(
    desk: State<'_, Desk>,
    user_id: i64,
    url: String,
) -> CmdResult<DemoStep> {
    desk.open_link(user_id, &url).await.map_err(fail)
}

/// Moves the simulator's clock ahead: renewals are charged, paid periods end.
#[tauri::command(rename_all = "snake_case")]
pub async fn demo_later(desk: State<'_, Desk>, days: i64) -> CmdResult<i64> {
    desk.demo_later(days).await.map_err(fail)
}

/// The simulator's time (ahead of the wall clock once moved).
#[tauri::command(rename_all = "snake_case")]
pub async fn demo_now(desk: State<'_, Desk>) -> CmdResult<i64> {
    desk.demo_now().await.map_err(fail)
}

/// The customer refers a friend: they ask /referrals and a new simulated customer opens their
/// link, referred from then on.
#[tauri::command(rename_all = "snake_case")]
pub async fn demo_refer_friend(
    desk: State<'_, Desk>,
    user_id: i64,
    friend_name: String,
) -> CmdResult<DemoReferral> {
    desk.refer_friend(user_id, &friend_name).await.map_err(fail)
}
