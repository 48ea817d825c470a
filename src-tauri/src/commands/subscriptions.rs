//! Subscription plans: channels, plans, subscribers and their actions, the expiry queue.

use stardesk_core::{
    desk::Desk,
    refunds::{Category, Refunded, Why},
    subscriptions::{
        self, Channel, Plan, PlanDraft, Removal, Subscriber, SubscriberDetail, SubscriberQuery,
        SubscriptionFigures,
        expiry::{ExpiryQueue, ExpiryRun},
    },
};
use tauri::State;

use super::{CmdResult, fail, operator};

#[tauri::command(rename_all = "snake_case")]
pub async fn channels_list(desk: State<'_, Desk>) -> CmdResult<Vec<Channel>> {
    subscriptions::channels(&desk.store()).await.map_err(fail)
}

/// Checks a pasted @name, id or t.me link with Telegram and keeps the channel.
#[tauri::command(rename_all = "snake_case")]
pub async fn channel_check(desk: State<'_, Desk>, chat: String) -> CmdResult<Channel> {
    let who = operator(&desk).await?;
    desk.check_channel(&chat, &who).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn channels_recheck(desk: State<'_, Desk>) -> CmdResult<Vec<Channel>> {
    let who = operator(&desk).await?;
    desk.recheck_channels(&who).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn channel_forget(desk: State<'_, Desk>, id: i64) -> CmdResult<()> {
    let who = operator(&desk).await?;
    desk.forget_channel(id, &who).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn plans_list(desk: State<'_, Desk>) -> CmdResult<Vec<Plan>> {
    subscriptions::plans(&desk.store()).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn plan_create(desk: State<'_, Desk>, draft: PlanDraft) -> CmdResult<Plan> {
    let who = operator(&desk).await?;
    desk.create_plan(&draft, &who).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn plan_update(desk: State<'_, Desk>, id: i64, draft: PlanDraft) -> CmdResult<Plan> {
    let who = operator(&desk).await?;
    desk.update_plan(id, &draft, &who).await.map_err(fail)
}

/// On sale (true) or archived (false).
#[tauri::command(rename_all = "snake_case")]
pub async fn plan_set_active(desk: State<'_, Desk>, id: i64, active: bool) -> CmdResult<Plan> {
    let who = operator(&desk).await?;
    desk.set_plan_active(id, active, &who).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn subscribers_page(
    desk: State<'_, Desk>,
    query: SubscriberQuery,
) -> CmdResult<Vec<Subscriber>> {
    subscriptions::subscribers(&desk.store(), &query)
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn subscribers_count(desk: State<'_, Desk>, query: SubscriberQuery) -> CmdResult<i64> {
    subscriptions::subscribers_count(&desk.store(), &query)
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn subscriber_detail(desk: State<'_, Desk>, id: i64) -> CmdResult<SubscriberDetail> {
    subscriptions::detail(&desk.shop(), id).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn subscription_figures(desk: State<'_, Desk>) -> CmdResult<SubscriptionFigures> {
    subscriptions::figures(&desk.shop()).await.map_err(fail)
}

/// Cancels (renew = false) or re-enables renewal.
#[tauri::command(rename_all = "snake_case")]
pub async fn subscription_set_renewal(
    desk: State<'_, Desk>,
    id: i64,
    renew: bool,
) -> CmdResult<Subscriber> {
    let who = operator(&desk).await?;
    desk.set_renewal(id, renew, &who).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn subscription_extend(
    desk: State<'_, Desk>,
    id: i64,
    days: i64,
    reason: String,
) -> CmdResult<Subscriber> {
    let who = operator(&desk).await?;
    desk.extend_subscription(id, days, &reason, &who)
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn subscription_remove(
    desk: State<'_, Desk>,
    id: i64,
    reason: String,
) -> CmdResult<Subscriber> {
    let who = operator(&desk).await?;
    desk.remove_subscriber(id, &reason, &who)
        .await
        .map_err(fail)
}

/// Refunds the last payment; access ends now unless `keep_access` (then at the period's end).
#[tauri::command(rename_all = "snake_case")]
pub async fn subscription_refund(
    desk: State<'_, Desk>,
    id: i64,
    category: Category,
    note: String,
    keep_access: bool,
    code: Option<String>,
) -> CmdResult<Refunded> {
    let who = operator(&desk).await?;
    desk.refund_subscription(
        id,
        Why::new(category, note),
        keep_access,
        &who,
        code.as_deref(),
    )
    .await
    .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn expiry_queue(desk: State<'_, Desk>) -> CmdResult<ExpiryQueue> {
    desk.expiry_queue().await.map_err(fail)
}

/// Runs the queue now; `force` removes even while automatic removal is paused.
#[tauri::command(rename_all = "snake_case")]
pub async fn expiry_run(desk: State<'_, Desk>, force: bool) -> CmdResult<ExpiryRun> {
    let who = operator(&desk).await?;
    desk.run_expiry(force, &who).await.map_err(fail)
}

/// Gives access back for `days` after a removal of the last 7 days (a new invite is sent).
#[tauri::command(rename_all = "snake_case")]
pub async fn expiry_undo(desk: State<'_, Desk>, removal_id: i64, days: i64) -> CmdResult<Removal> {
    let who = operator(&desk).await?;
    desk.undo_removal(removal_id, days, &who)
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn expiry_set_paused(desk: State<'_, Desk>, paused: bool) -> CmdResult<bool> {
    let who = operator(&desk).await?;
    desk.set_removals_paused(paused, &who).await.map_err(fail)
}

/// Days before a cancelled subscription ends when its subscriber is reminded.
#[tauri::command(rename_all = "snake_case")]
pub async fn expiry_set_reminder_days(
    desk: State<'_, Desk>,
    days: Vec<i64>,
) -> CmdResult<Vec<i64>> {
    let who = operator(&desk).await?;
    desk.set_reminder_days(&days, &who).await.map_err(fail)
}
