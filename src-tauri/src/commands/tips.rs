//! Tips ("Support us"): on or off, the amounts offered, the thank-you text.

use stardesk_core::{
    desk::Desk,
    tips::{self, TipSettings},
};
use tauri::State;

use super::{CmdResult, fail, operator};

/// The tip settings, with the thank-you a customer in `lang` reads.
#[tauri::command(rename_all = "snake_case")]
pub async fn tips_settings(
    desk: State<'_, Desk>,
    lang: stardesk_core::texts::Lang,
) -> CmdResult<TipSettings> {
    tips::settings(&desk.store(), lang).await.map_err(fail)
}

/// Saves the tip settings: the amounts (1 to 6, each 1 to 10,000 Stars) and the thank-you text
/// in its language (Telegram HTML, checked as the bot texts are).
#[tauri::command(rename_all = "snake_case")]
pub async fn tips_set(desk: State<'_, Desk>, settings: TipSettings) -> CmdResult<TipSettings> {
    let who = operator(&desk).await?;
    tips::set_settings(&desk.store(), &who, &settings)
        .await
        .map_err(fail)
}
