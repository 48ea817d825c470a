//! Promo codes: the list with what each did, creating one or a batch, turning one off and on, its
//! uses and deep link, CSV exports to the Downloads folder; and what lowered an order's price.

use stardesk_core::{
    desk::Desk,
    exports::Export,
    promos::{self, GeneratedBatch, OrderPricing, Promo, PromoDraft, PromoUse},
};
use tauri::{AppHandle, Runtime, State};

use super::{CmdResult, exports::save_path, fail, operator};

/// Codes newest first, with their uses, revenue and discount given.
#[tauri::command(rename_all = "snake_case")]
pub async fn promos_list(desk: State<'_, Desk>) -> CmdResult<Vec<Promo>> {
    promos::list(&desk.store()).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn promo_create(desk: State<'_, Desk>, draft: PromoDraft) -> CmdResult<Promo> {
    let who = operator(&desk).await?;
    desk.create_promo(&draft, &who).await.map_err(fail)
}

/// `count` one-time codes starting with `prefix`, on the draft's terms (its code and limits are
/// ignored: each is used once by one customer).
#[tauri::command(rename_all = "snake_case")]
pub async fn promos_generate(
    desk: State<'_, Desk>,
    prefix: String,
    count: i64,
    draft: PromoDraft,
) -> CmdResult<GeneratedBatch> {
    let who = operator(&desk).await?;
    let (batch, codes) = promos::generate(&desk.store(), &who, &prefix, count, &draft)
        .await
        .map_err(fail)?;
    Ok(GeneratedBatch { batch, codes })
}

/// Deactivated codes are refused from now on; active ones work again.
#[tauri::command(rename_all = "snake_case")]
pub async fn promo_set_active(desk: State<'_, Desk>, id: i64, active: bool) -> CmdResult<Promo> {
    let who = operator(&desk).await?;
    promos::set_active(&desk.store(), &who, id, active)
        .await
        .map_err(fail)
}

/// The orders that used a code, newest first.
#[tauri::command(rename_all = "snake_case")]
pub async fn promo_uses(desk: State<'_, Desk>, id: i64) -> CmdResult<Vec<PromoUse>> {
    promos::uses(&desk.store(), id).await.map_err(fail)
}

/// `t.me/<bot>?start=promo_CODE`: opens the bot with the code applied.
#[tauri::command(rename_all = "snake_case")]
pub async fn promo_link(desk: State<'_, Desk>, id: i64) -> CmdResult<String> {
    desk.promo_link(id).await.map_err(fail)
}

/// Every code as CSV where the merchant chooses, or (`batch`) one bulk batch's; `None` when the
/// dialog was closed.
#[tauri::command(rename_all = "snake_case")]
pub async fn promos_export<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
    batch: Option<String>,
) -> CmdResult<Option<Export>> {
    let what = match &batch {
        Some(b) => format!("promos-{b}"),
        None => "promos".into(),
    };
    let Some(path) = save_path(&app, &desk, &what, "csv").await? else {
        return Ok(None);
    };
    desk.export_promos(batch.as_deref(), &path)
        .await
        .map(Some)
        .map_err(fail)
}

/// One code's uses as CSV where the merchant chooses.
#[tauri::command(rename_all = "snake_case")]
pub async fn promo_uses_export<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
    id: i64,
) -> CmdResult<Option<Export>> {
    let p = promos::get(&desk.store(), id).await.map_err(fail)?;
    let what = format!("promo-uses-{}", p.code);
    let Some(path) = save_path(&app, &desk, &what, "csv").await? else {
        return Ok(None);
    };
    desk.export_promo_uses(id, &path)
        .await
        .map(Some)
        .map_err(fail)
}

/// What lowered an order's price: its promo code and the store credit it took.
#[tauri::command(rename_all = "snake_case")]
pub async fn promos_of_order(desk: State<'_, Desk>, order_id: i64) -> CmdResult<OrderPricing> {
    promos::pricing_of_order(&desk.store(), order_id)
        .await
        .map_err(fail)
}
