//! The support desk: refunds (one or many), customers' refund requests, the support inbox, the
//! refund policy, templates, and step-up codes for risky actions.

use stardesk_core::{
    desk::Desk,
    refunds::{
        self, Category, RefundPreview, Refunded, Why,
        batch::{self, RefundBatch},
        policy::{self, RefundPolicy},
    },
    requests::{self, RefundRequest, RequestState},
    stepup::{self, Enrolment, StepUpStatus},
    support::{self, Conversation, ConversationStatus, SupportCounts, SupportMessage, Templates},
};
use tauri::State;

use super::{CmdResult, fail};

#[tauri::command(rename_all = "snake_case")]
pub async fn refund_preview(desk: State<'_, Desk>, order_id: i64) -> CmdResult<RefundPreview> {
    refunds::preview(&desk.store(), order_id)
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn order_refund(
    desk: State<'_, Desk>,
    order_id: i64,
    category: Category,
    note: String,
    code: Option<String>,
) -> CmdResult<Refunded> {
    desk.operator_refund(order_id, Why::new(category, note), code.as_deref())
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn refunds_start(
    desk: State<'_, Desk>,
    order_ids: Vec<i64>,
    category: Category,
    note: String,
    code: Option<String>,
) -> CmdResult<RefundBatch> {
    desk.refund_many(&order_ids, Why::new(category, note), code.as_deref())
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn refunds_batch(desk: State<'_, Desk>, batch_id: i64) -> CmdResult<RefundBatch> {
    batch::get(&desk.shop(), batch_id).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn refunds_unfinished(desk: State<'_, Desk>) -> CmdResult<Vec<RefundBatch>> {
    batch::unfinished(&desk.shop()).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn refunds_resume(
    desk: State<'_, Desk>,
    batch_id: i64,
    retry_failed: bool,
    code: Option<String>,
) -> CmdResult<RefundBatch> {
    desk.resume_refunds(batch_id, retry_failed, code.as_deref())
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn refunds_discard(desk: State<'_, Desk>, batch_id: i64) -> CmdResult<RefundBatch> {
    batch::discard(&desk.shop(), batch_id).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn requests_list(
    desk: State<'_, Desk>,
    state: Option<RequestState>,
) -> CmdResult<Vec<RefundRequest>> {
    requests::list(&desk.store(), state).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn request_approve(
    desk: State<'_, Desk>,
    id: i64,
    code: Option<String>,
) -> CmdResult<RefundRequest> {
    let who = desk.operator().await.map_err(fail)?;
    desk.approve_request(id, &who, code.as_deref())
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn request_decline(
    desk: State<'_, Desk>,
    id: i64,
    message: String,
) -> CmdResult<RefundRequest> {
    let who = desk.operator().await.map_err(fail)?;
    desk.decline_request(id, &who, &message).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn support_counts(desk: State<'_, Desk>) -> CmdResult<SupportCounts> {
    support::counts(&desk.store()).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn support_conversations(
    desk: State<'_, Desk>,
    status: Option<ConversationStatus>,
) -> CmdResult<Vec<Conversation>> {
    support::conversations(&desk.store(), status)
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn support_messages(
    desk: State<'_, Desk>,
    conversation_id: i64,
) -> CmdResult<Vec<SupportMessage>> {
    support::messages(&desk.store(), conversation_id)
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn support_reply(
    desk: State<'_, Desk>,
    conversation_id: i64,
    body: String,
) -> CmdResult<SupportMessage> {
    let who = desk.operator().await.map_err(fail)?;
    desk.reply(conversation_id, &who, &body).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn support_set_status(
    desk: State<'_, Desk>,
    conversation_id: i64,
    status: ConversationStatus,
) -> CmdResult<()> {
    let who = desk.operator().await.map_err(fail)?;
    support::set_status(&desk.store(), &who, conversation_id, status)
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn support_mark_read(desk: State<'_, Desk>, conversation_id: i64) -> CmdResult<()> {
    support::mark_read(&desk.store(), conversation_id)
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn support_templates(desk: State<'_, Desk>) -> CmdResult<Templates> {
    support::templates(&desk.store()).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn support_set_templates(desk: State<'_, Desk>, templates: Templates) -> CmdResult<()> {
    let who = desk.operator().await.map_err(fail)?;
    support::set_templates(&desk.store(), &who, &templates)
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn refund_policy(desk: State<'_, Desk>) -> CmdResult<RefundPolicy> {
    policy::get(&desk.store()).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn refund_policy_set(
    desk: State<'_, Desk>,
    policy: RefundPolicy,
    code: Option<String>,
) -> CmdResult<()> {
    desk.set_refund_policy(&policy, code.as_deref())
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn stepup_status(desk: State<'_, Desk>) -> CmdResult<StepUpStatus> {
    stepup::status(&desk.store()).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn stepup_begin(desk: State<'_, Desk>) -> CmdResult<Enrolment> {
    desk.step_up_begin().await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn stepup_confirm(desk: State<'_, Desk>, code: String) -> CmdResult<StepUpStatus> {
    desk.step_up_confirm(&code).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn stepup_disable(
    desk: State<'_, Desk>,
    code: Option<String>,
) -> CmdResult<StepUpStatus> {
    desk.step_up_disable(code.as_deref()).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn stepup_set_threshold(
    desk: State<'_, Desk>,
    stars: i64,
    code: Option<String>,
) -> CmdResult<StepUpStatus> {
    desk.step_up_threshold(stars, code.as_deref())
        .await
        .map_err(fail)
}
