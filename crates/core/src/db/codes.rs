//! codes: a code product's pool, each code available, held for a paying customer, or sold;
//! a removed code (`removed_at`) is kept, never sold, until its removal is undone.

use sqlx::{SqliteConnection, SqliteExecutor};

use crate::{
    catalog::{CodeRow, CodeState},
    error::Result,
};

/// Adds a code unless the product has it already; true when it was added.
pub async fn insert(
    db: impl SqliteExecutor<'_>,
    product_id: i64,
    code: &str,
    at: i64,
) -> Result<bool> {
    let done = sqlx::query!(
        "INSERT INTO codes (product_id, code, created_at) VALUES (?, ?, ?)
         ON CONFLICT (product_id, code) DO NOTHING",
        product_id,
        code,
        at
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A code free to sell: an available one, else one whose hold ran out (that hold is released).
pub async fn take_free(db: &mut SqliteConnection, product_id: i64, at: i64) -> Result<Option<i64>> {
    let free = sqlx::query_scalar!(
        r#"SELECT id as "id!" FROM codes WHERE product_id = ? AND state = 'available'
           AND removed_at IS NULL ORDER BY id LIMIT 1"#,
        product_id
    )
    .fetch_optional(&mut *db)
    .await?;
    if free.is_some() {
        return Ok(free);
    }
    let lapsed = sqlx::query!(
        r#"SELECT c.id as "code_id!", h.id as "hold_id!" FROM codes c JOIN holds h ON h.id = c.hold_id
           WHERE c.product_id = ? AND c.state = 'held' AND h.state = 'active' AND h.expires_at < ?
           ORDER BY h.expires_at LIMIT 1"#,
        product_id,
        at
    )
    .fetch_optional(&mut *db)
    .await?;
    let Some(lapsed) = lapsed else {
        return Ok(None);
    };
    sqlx::query!(
        "UPDATE holds SET state = 'released' WHERE id = ?",
        lapsed.hold_id
    )
    .execute(&mut *db)
    .await?;
    sqlx::query!(
        "UPDATE codes SET state = 'available', hold_id = NULL WHERE id = ?",
        lapsed.code_id
    )
    .execute(&mut *db)
    .await?;
    Ok(Some(lapsed.code_id))
}

pub async fn mark_held(db: impl SqliteExecutor<'_>, code_id: i64, hold_id: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE codes SET state = 'held', hold_id = ? WHERE id = ?",
        hold_id,
        code_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The code an order delivers, if it is a code product's.
pub async fn of_order(db: impl SqliteExecutor<'_>, order_id: i64) -> Result<Option<String>> {
    let code = sqlx::query_scalar!(
        "SELECT c.code FROM orders o JOIN codes c ON c.id = o.code_id WHERE o.id = ?",
        order_id
    )
    .fetch_optional(db)
    .await?;
    Ok(code)
}

/// Every code an order sold, the first one first (an order for several units sold several).
pub async fn all_of_order(db: impl SqliteExecutor<'_>, order_id: i64) -> Result<Vec<String>> {
    let codes = sqlx::query_scalar!(
        "SELECT c.code FROM codes c
         WHERE c.order_id = ?1 OR c.id = (SELECT code_id FROM orders WHERE id = ?1)
         ORDER BY c.id = (SELECT code_id FROM orders WHERE id = ?1) DESC, c.id",
        order_id
    )
    .fetch_all(db)
    .await?;
    Ok(codes)
}

/// Sells the further codes of an order for several units (the first is the order's `code_id`);
/// their codes, in order.
pub async fn sell_more(
    db: &mut SqliteConnection,
    order_id: i64,
    code_ids: &[i64],
) -> Result<Vec<String>> {
    let mut codes = Vec::with_capacity(code_ids.len());
    for id in code_ids {
        let code = sqlx::query_scalar!(
            "UPDATE codes SET state = 'sold', order_id = ? WHERE id = ? RETURNING code",
            order_id,
            id
        )
        .fetch_one(&mut *db)
        .await?;
        codes.push(code);
    }
    Ok(codes)
}

/// Puts codes a payment could not use back on sale.
pub async fn put_back(db: &mut SqliteConnection, code_ids: &[i64]) -> Result<()> {
    for id in code_ids {
        sqlx::query!(
            "UPDATE codes SET state = 'available', hold_id = NULL WHERE id = ? AND state != 'sold'",
            id
        )
        .execute(&mut *db)
        .await?;
    }
    Ok(())
}

/// Codes still on sale, for copying a catalog to another shop.
pub async fn available(db: impl SqliteExecutor<'_>, product_id: i64) -> Result<Vec<String>> {
    let codes = sqlx::query_scalar!(
        "SELECT code FROM codes WHERE product_id = ? AND state = 'available' AND removed_at IS NULL
         ORDER BY id",
        product_id
    )
    .fetch_all(db)
    .await?;
    Ok(codes)
}

/// Marks the code an order delivered as revoked: it stays sold, and says so.
pub async fn revoke_of_order(db: impl SqliteExecutor<'_>, order_id: i64, at: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE codes SET revoked_at = ? WHERE revoked_at IS NULL
           AND id = (SELECT code_id FROM orders WHERE id = ?)",
        at,
        order_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// A product's revoked codes (sold, then refunded): never on sale again.
pub async fn revoked(db: impl SqliteExecutor<'_>, product_id: i64) -> Result<Vec<String>> {
    let codes = sqlx::query_scalar!(
        "SELECT code FROM codes WHERE product_id = ? AND revoked_at IS NOT NULL ORDER BY id",
        product_id
    )
    .fetch_all(db)
    .await?;
    Ok(codes)
}

/// A product's codes in pool order, each with its state at `at`; `search` (any part of the
/// code, any case) and `state` narrow the list, empty for all.
pub async fn page(
    db: impl SqliteExecutor<'_>,
    product_id: i64,
    search: &str,
    state: &str,
    at: i64,
    offset: i64,
    limit: i64,
) -> Result<Vec<CodeRow>> {
    let rows = sqlx::query!(
        r#"SELECT id as "id!", code, created_at, removed_at, removal_id, state as "state!: String",
              order_id as "order_id?: i64"
           FROM (SELECT c.id, c.code, c.created_at, c.removed_at, c.removal_id,
                   CASE WHEN c.removed_at IS NOT NULL THEN 'removed'
                        WHEN c.revoked_at IS NOT NULL THEN 'revoked'
                        WHEN c.state = 'sold' THEN 'sold'
                        WHEN c.state = 'held' AND h.state = 'active' AND h.expires_at >= ?1 THEN 'held'
                        ELSE 'in_stock' END as state,
                   o.id as order_id
                 FROM codes c LEFT JOIN holds h ON h.id = c.hold_id
                 LEFT JOIN orders o ON o.code_id = c.id
                 WHERE c.product_id = ?2 AND (?3 = '' OR instr(lower(c.code), lower(?3)) > 0))
           WHERE ?4 = '' OR state = ?4
           ORDER BY id LIMIT ?5 OFFSET ?6"#,
        at,
        product_id,
        search,
        state,
        limit,
        offset
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CodeRow {
            id: r.id,
            code: r.code,
            state: CodeState::parse(&r.state),
            order_id: r.order_id,
            created_at: r.created_at,
            removed_at: r.removed_at,
            removal_id: r.removal_id,
        })
        .collect())
}

/// How many of a product's codes are in each state at `at`, among those `search` matches:
/// (in stock, held, sold, revoked, removed).
pub async fn counts(
    db: impl SqliteExecutor<'_>,
    product_id: i64,
    search: &str,
    at: i64,
) -> Result<[i64; 5]> {
    let r = sqlx::query!(
        r#"SELECT
              coalesce(sum(c.removed_at IS NULL AND c.revoked_at IS NULL AND (c.state = 'available'
                  OR (c.state = 'held' AND NOT (h.state = 'active' AND h.expires_at >= ?1)))), 0) as "in_stock!: i64",
              coalesce(sum(c.removed_at IS NULL AND c.revoked_at IS NULL AND c.state = 'held'
                  AND h.state = 'active' AND h.expires_at >= ?1), 0) as "held!: i64",
              coalesce(sum(c.removed_at IS NULL AND c.revoked_at IS NULL AND c.state = 'sold'), 0) as "sold!: i64",
              coalesce(sum(c.removed_at IS NULL AND c.revoked_at IS NOT NULL), 0) as "revoked!: i64",
              coalesce(sum(c.removed_at IS NOT NULL), 0) as "removed!: i64"
           FROM codes c LEFT JOIN holds h ON h.id = c.hold_id
           WHERE c.product_id = ?2 AND (?3 = '' OR instr(lower(c.code), lower(?3)) > 0)"#,
        at,
        product_id,
        search
    )
    .fetch_one(db)
    .await?;
    Ok([r.in_stock, r.held, r.sold, r.revoked, r.removed])
}

/// A number no removal has used yet.
pub async fn next_removal(db: impl SqliteExecutor<'_>) -> Result<i64> {
    let n = sqlx::query_scalar!(
        r#"SELECT coalesce(max(removal_id), 0) + 1 as "n!: i64" FROM codes WHERE removal_id IS NOT NULL"#
    )
    .fetch_one(db)
    .await?;
    Ok(n)
}

/// Takes a code out of the pool as part of removal `removal_id`, when it is on sale (neither
/// sold nor held for a customer); true when it was taken out.
pub async fn remove(
    db: impl SqliteExecutor<'_>,
    product_id: i64,
    code_id: i64,
    removal_id: i64,
    at: i64,
) -> Result<bool> {
    let done = sqlx::query!(
        "UPDATE codes SET removed_at = ?, removal_id = ?
         WHERE id = ? AND product_id = ? AND removed_at IS NULL AND state = 'available'",
        at,
        removal_id,
        code_id,
        product_id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Puts back the codes removal `removal_id` took out of the product's pool; how many.
pub async fn restore(db: impl SqliteExecutor<'_>, product_id: i64, removal_id: i64) -> Result<i64> {
    let done = sqlx::query!(
        "UPDATE codes SET removed_at = NULL, removal_id = NULL
         WHERE removal_id = ? AND product_id = ?",
        removal_id,
        product_id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() as i64)
}

/// The codes a removal took out, in pool order.
pub async fn of_removal(
    db: impl SqliteExecutor<'_>,
    product_id: i64,
    removal_id: i64,
) -> Result<Vec<String>> {
    let codes = sqlx::query_scalar!(
        "SELECT code FROM codes WHERE removal_id = ? AND product_id = ? ORDER BY id",
        removal_id,
        product_id
    )
    .fetch_all(db)
    .await?;
    Ok(codes)
}

/// The latest removal from a product's pool that can still be undone.
pub async fn last_removal(db: impl SqliteExecutor<'_>, product_id: i64) -> Result<Option<i64>> {
    let id = sqlx::query_scalar!(
        r#"SELECT max(removal_id) as "id?: i64" FROM codes WHERE product_id = ? AND removal_id IS NOT NULL"#,
        product_id
    )
    .fetch_one(db)
    .await?;
    Ok(id)
}
