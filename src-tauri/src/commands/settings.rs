//! Settings: the bot's texts, sale notifications, the data folder.

use std::sync::Arc;

use stardesk_core::{
    desk::Desk,
    settings::{self, BotText, TextUse},
    texts::Lang,
};
use tauri::State;

use super::{CmdResult, fail, operator};
use crate::events::SaleNotifications;

#[tauri::command(rename_all = "snake_case")]
pub async fn settings_texts(desk: State<'_, Desk>) -> CmdResult<Vec<BotText>> {
    settings::texts(&desk.store().read).await.map_err(fail)
}

/// What goes out with each bot text in a language: the command, what follows it, its buttons.
#[tauri::command(rename_all = "snake_case")]
pub async fn settings_text_uses(desk: State<'_, Desk>, lang: Lang) -> CmdResult<Vec<TextUse>> {
    settings::text_uses(&desk.store(), lang).await.map_err(fail)
}

/// Sets a bot text in a language (a language without its own says the English one).
#[tauri::command(rename_all = "snake_case")]
pub async fn settings_set_text(
    desk: State<'_, Desk>,
    key: String,
    lang: Lang,
    body: String,
) -> CmdResult<()> {
    let who = operator(&desk).await?;
    settings::set_text(&desk.store(), &who, &key, lang, &body)
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn settings_reset_text(desk: State<'_, Desk>, key: String, lang: Lang) -> CmdResult<()> {
    let who = operator(&desk).await?;
    settings::reset_text(&desk.store(), &who, &key, lang)
        .await
        .map_err(fail)
}

/// The window's language as chosen in Settings: "system", "en", "de" or "ru".
#[tauri::command(rename_all = "snake_case")]
pub async fn settings_ui_language(desk: State<'_, Desk>) -> CmdResult<String> {
    Ok(desk.ui_language())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn settings_set_ui_language(desk: State<'_, Desk>, language: String) -> CmdResult<()> {
    desk.set_ui_language(&language).map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn settings_notifications(desk: State<'_, Desk>) -> CmdResult<bool> {
    desk.notify_sales().await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn settings_set_notifications(
    desk: State<'_, Desk>,
    notifications: State<'_, Arc<SaleNotifications>>,
    on: bool,
) -> CmdResult<()> {
    let who = operator(&desk).await?;
    desk.set_notify_sales(&who, on).await.map_err(fail)?;
    notifications.set(on);
    Ok(())
}
