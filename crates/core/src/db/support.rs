//! conversations, support_messages: what customers write to the bot and what support answers.

use sqlx::SqliteExecutor;

use crate::error::Result;

pub struct ConversationState {
    pub id: i64,
    pub status: String,
    pub awaiting_order: Option<i64>,
    pub awaiting_since: Option<i64>,
}

pub async fn of_customer(
    db: impl SqliteExecutor<'_>,
    customer_id: i64,
) -> Result<Option<ConversationState>> {
    let row = sqlx::query_as!(
        ConversationState,
        "SELECT id, status, awaiting_order, awaiting_since FROM conversations WHERE customer_id = ?",
        customer_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row)
}

/// The customer's conversation, made on first use.
pub async fn ensure(db: impl SqliteExecutor<'_>, customer_id: i64, at: i64) -> Result<i64> {
    let id = sqlx::query_scalar!(
        "INSERT INTO conversations (customer_id, last_at, created_at) VALUES (?, ?, ?)
         ON CONFLICT (customer_id) DO UPDATE SET customer_id = excluded.customer_id
         RETURNING id AS \"id!\"",
        customer_id,
        at,
        at
    )
    .fetch_one(db)
    .await?;
    Ok(id)
}

pub struct NewMessage<'a> {
    pub conversation_id: i64,
    pub author: &'a str,
    pub author_name: &'a str,
    pub body: &'a str,
    pub chat_message_id: Option<i64>,
    pub request_id: Option<i64>,
    pub state: &'a str,
    pub at: i64,
}

/// The message's id; None when the customer's message was recorded before.
pub async fn insert_message(
    db: impl SqliteExecutor<'_>,
    m: &NewMessage<'_>,
) -> Result<Option<i64>> {
    let id = sqlx::query_scalar!(
        "INSERT INTO support_messages
             (conversation_id, author, author_name, body, chat_message_id, request_id, state, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (conversation_id, chat_message_id) DO NOTHING
         RETURNING id AS \"id!\"",
        m.conversation_id,
        m.author,
        m.author_name,
        m.body,
        m.chat_message_id,
        m.request_id,
        m.state,
        m.at
    )
    .fetch_optional(db)
    .await?;
    Ok(id)
}

pub async fn set_message_state(db: impl SqliteExecutor<'_>, id: i64, state: &str) -> Result<()> {
    sqlx::query!(
        "UPDATE support_messages SET state = ? WHERE id = ?",
        state,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// A customer wrote: the conversation is open again, with one more unread message.
pub async fn customer_wrote(db: impl SqliteExecutor<'_>, id: i64, at: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE conversations SET last_at = ?, unread = unread + 1, status = 'open' WHERE id = ?",
        at,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Support or the bot wrote: `status` is what the conversation waits for now.
pub async fn shop_wrote(
    db: impl SqliteExecutor<'_>,
    id: i64,
    status: Option<&str>,
    at: i64,
) -> Result<()> {
    sqlx::query!(
        "UPDATE conversations SET last_at = ?, status = coalesce(?, status) WHERE id = ?",
        at,
        status,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// True when this call is the first to acknowledge the conversation since it was resolved.
pub async fn acknowledge(db: impl SqliteExecutor<'_>, id: i64) -> Result<bool> {
    let done = sqlx::query!(
        "UPDATE conversations SET acknowledged = 1 WHERE id = ? AND acknowledged = 0",
        id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_awaiting(
    db: impl SqliteExecutor<'_>,
    id: i64,
    order_id: Option<i64>,
    at: Option<i64>,
) -> Result<()> {
    sqlx::query!(
        "UPDATE conversations SET awaiting_order = ?, awaiting_since = ? WHERE id = ?",
        order_id,
        at,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// True when the conversation exists.
pub async fn set_status(db: impl SqliteExecutor<'_>, id: i64, status: &str) -> Result<bool> {
    let done = sqlx::query!(
        "UPDATE conversations SET status = ?1,
             acknowledged = CASE WHEN ?1 = 'resolved' THEN 0 ELSE acknowledged END,
             unread = CASE WHEN ?1 = 'resolved' THEN 0 ELSE unread END
         WHERE id = ?2",
        status,
        id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn mark_read(db: impl SqliteExecutor<'_>, id: i64) -> Result<()> {
    sqlx::query!("UPDATE conversations SET unread = 0 WHERE id = ?", id)
        .execute(db)
        .await?;
    Ok(())
}

pub struct ConversationRow {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub username: Option<String>,
    pub status: String,
    pub unread: i64,
    pub last_at: i64,
    pub last_text: Option<String>,
    pub last_author: Option<String>,
    pub open_requests: i64,
}

/// Conversations, latest first, of one status or all.
pub async fn list(
    db: impl SqliteExecutor<'_>,
    status: Option<&str>,
    id: Option<i64>,
    limit: i64,
) -> Result<Vec<ConversationRow>> {
    let rows = sqlx::query_as!(
        ConversationRow,
        r#"SELECT v.id AS "id!", v.customer_id, c.first_name AS customer_name, c.username,
                  v.status, v.unread, v.last_at,
                  (SELECT body FROM support_messages m WHERE m.conversation_id = v.id
                    ORDER BY m.id DESC LIMIT 1) AS "last_text?: String",
                  (SELECT author FROM support_messages m WHERE m.conversation_id = v.id
                    ORDER BY m.id DESC LIMIT 1) AS "last_author?: String",
                  (SELECT count(*) FROM refund_requests r
                    WHERE r.customer_id = v.customer_id AND r.state = 'open') AS "open_requests!: i64"
           FROM conversations v JOIN customers c ON c.id = v.customer_id
           WHERE (?1 IS NULL OR v.status = ?1) AND (?2 IS NULL OR v.id = ?2)
             AND EXISTS (SELECT 1 FROM support_messages m WHERE m.conversation_id = v.id)
           ORDER BY v.last_at DESC, v.id DESC LIMIT ?3"#,
        status,
        id,
        limit
    )
    .fetch_all(db)
    .await?;
    Ok(rows)
}

pub struct MessageRow {
    pub id: i64,
    pub author: String,
    pub author_name: String,
    pub body: String,
    pub request_id: Option<i64>,
    pub state: String,
    pub created_at: i64,
}

pub async fn messages(
    db: impl SqliteExecutor<'_>,
    conversation_id: i64,
) -> Result<Vec<MessageRow>> {
    let rows = sqlx::query_as!(
        MessageRow,
        "SELECT id, author, author_name, body, request_id, state, created_at
         FROM support_messages WHERE conversation_id = ? ORDER BY id",
        conversation_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows)
}

pub struct ConversationCustomer {
    pub customer_id: i64,
    pub first_name: String,
}

pub async fn customer_of(
    db: impl SqliteExecutor<'_>,
    conversation_id: i64,
) -> Result<Option<ConversationCustomer>> {
    let row = sqlx::query_as!(
        ConversationCustomer,
        "SELECT v.customer_id, c.first_name FROM conversations v
         JOIN customers c ON c.id = v.customer_id WHERE v.id = ?",
        conversation_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row)
}

/// Conversations waiting on support, and their unread messages.
pub async fn counts(db: impl SqliteExecutor<'_>) -> Result<(i64, i64)> {
    let row = sqlx::query!(
        r#"SELECT count(*) AS "open!: i64", coalesce(sum(unread), 0) AS "unread!: i64"
           FROM conversations WHERE status = 'open'
             AND EXISTS (SELECT 1 FROM support_messages m WHERE m.conversation_id = conversations.id)"#
    )
    .fetch_one(db)
    .await?;
    Ok((row.open, row.unread))
}
