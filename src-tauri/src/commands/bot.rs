//! The bot: its status, start/stop/restart, the token, reconciliation with Telegram's ledger.

use stardesk_core::{
    desk::{BotIdentity, Connected, Desk, DeskStatus},
    reconcile::Report,
    token::Keychain,
};
use tauri::State;

use super::{CmdResult, fail, operator};

#[tauri::command(rename_all = "snake_case")]
pub async fn bot_status(desk: State<'_, Desk>) -> CmdResult<DeskStatus> {
    Ok(desk.status().await)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn bot_start(desk: State<'_, Desk>) -> CmdResult<DeskStatus> {
    desk.start().await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn bot_stop(desk: State<'_, Desk>) -> CmdResult<DeskStatus> {
    Ok(desk.stop().await)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn bot_restart(desk: State<'_, Desk>) -> CmdResult<DeskStatus> {
    desk.restart().await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn bot_keychain(desk: State<'_, Desk>) -> CmdResult<Keychain> {
    desk.keychain().await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn bot_check_token(desk: State<'_, Desk>, token: String) -> CmdResult<BotIdentity> {
    desk.check_token(&token).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn bot_connect(
    desk: State<'_, Desk>,
    token: String,
    allow_file: bool,
    code: Option<String>,
) -> CmdResult<Connected> {
    let who = operator(&desk).await?;
    desk.connect(&who, &token, allow_file, code.as_deref())
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn bot_disconnect(desk: State<'_, Desk>, code: Option<String>) -> CmdResult<DeskStatus> {
    desk.step_up(code.as_deref()).await.map_err(fail)?;
    let who = operator(&desk).await?;
    desk.disconnect(&who).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn bot_reconcile(desk: State<'_, Desk>) -> CmdResult<Report> {
    desk.reconcile().await.map_err(fail)
}
