//! What the limits against abuse read at pre-checkout, and customer_flags.

use sqlx::SqliteExecutor;

use crate::error::Result;

/// A customer's recent buying, as the limits weigh it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Recent {
    /// Orders not refunded in the last hour.
    pub purchases_hour: i64,
    /// Stars of orders not refunded in the last 24 hours.
    pub stars_day: i64,
    /// First seen less than 24 hours ago (or never seen).
    pub new_customer: bool,
    pub trusted: bool,
}

pub async fn recent(
    db: impl SqliteExecutor<'_>,
    customer: i64,
    hour_ago: i64,
    day_ago: i64,
) -> Result<Recent> {
    let r = sqlx::query!(
        r#"SELECT
             (SELECT count(*) FROM orders WHERE customer_id = ?1 AND created_at >= ?2
              AND status != 'refunded') as "purchases_hour!: i64",
             (SELECT coalesce(sum(stars), 0) FROM orders WHERE customer_id = ?1
              AND created_at >= ?3 AND status != 'refunded') as "stars_day!: i64",
             coalesce((SELECT first_seen >= ?3 FROM customers WHERE id = ?1), 1)
               as "new_customer!: bool",
             coalesce((SELECT trusted_at IS NOT NULL FROM customers WHERE id = ?1), 0)
               as "trusted!: bool""#,
        customer,
        hour_ago,
        day_ago
    )
    .fetch_one(db)
    .await?;
    Ok(Recent {
        purchases_hour: r.purchases_hour,
        stars_day: r.stars_day,
        new_customer: r.new_customer,
        trusted: r.trusted,
    })
}

/// Flags a customer with the reason, unless a flag of theirs is open; true when flagged now.
pub async fn flag(
    db: impl SqliteExecutor<'_>,
    customer: i64,
    reason: &str,
    at: i64,
) -> Result<bool> {
    let done = sqlx::query!(
        "INSERT INTO customer_flags (customer_id, reason, created_at) VALUES (?, ?, ?)
         ON CONFLICT (customer_id) WHERE lifted_at IS NULL DO NOTHING",
        customer,
        reason,
        at
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Lifts the customer's open flag and trusts them from now on; the flag's reason, if one was
/// open.
pub async fn lift(
    db: &mut sqlx::SqliteConnection,
    customer: i64,
    at: i64,
) -> Result<Option<String>> {
    let reason = sqlx::query_scalar!(
        "UPDATE customer_flags SET lifted_at = ? WHERE customer_id = ? AND lifted_at IS NULL
         RETURNING reason",
        at,
        customer
    )
    .fetch_optional(&mut *db)
    .await?;
    sqlx::query!(
        "UPDATE customers SET trusted_at = coalesce(trusted_at, ?) WHERE id = ?",
        at,
        customer
    )
    .execute(&mut *db)
    .await?;
    Ok(reason)
}

/// Open flags of customers not blocked (blocking settles a flag too), newest first: (customer,
/// name, reason, when).
pub async fn open(db: impl SqliteExecutor<'_>) -> Result<Vec<(i64, String, String, i64)>> {
    let rows = sqlx::query!(
        r#"SELECT f.customer_id, coalesce(c.first_name, '') as "name!: String", f.reason,
                  f.created_at
           FROM customer_flags f LEFT JOIN customers c ON c.id = f.customer_id
           WHERE f.lifted_at IS NULL AND coalesce(c.blocked, 0) = 0 ORDER BY f.id DESC"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.customer_id, r.name, r.reason, r.created_at))
        .collect())
}
