//! telegram_affiliates: what Telegram's affiliate program took from an order's payment, as the
//! ledger reported it, once per order.

use sqlx::SqliteExecutor;

use crate::error::Result;

/// One commission as Telegram reported it on the payment's transaction.
pub struct NewCommission<'a> {
    pub order_id: i64,
    /// `user` or `chat`.
    pub kind: &'a str,
    pub affiliate_id: i64,
    pub affiliate_name: &'a str,
    pub commission_per_mille: i64,
    pub amount: i64,
    pub nanostar_amount: i64,
}

/// Records a commission unless the order has one already; says whether it did.
pub async fn insert(db: impl SqliteExecutor<'_>, c: &NewCommission<'_>, at: i64) -> Result<bool> {
    let done = sqlx::query!(
        "INSERT INTO telegram_affiliates
             (order_id, kind, affiliate_id, affiliate_name, commission_per_mille, amount, nanostar_amount, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (order_id) DO NOTHING",
        c.order_id,
        c.kind,
        c.affiliate_id,
        c.affiliate_name,
        c.commission_per_mille,
        c.amount,
        c.nanostar_amount,
        at
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// An order's commission, with the order's Stars and status.
pub struct OfOrder {
    pub kind: String,
    pub affiliate_id: i64,
    pub affiliate_name: String,
    pub commission_per_mille: i64,
    pub amount: i64,
    pub nanostar_amount: i64,
    pub recorded_at: i64,
    pub stars: i64,
    pub status: String,
}

pub async fn of_order(db: impl SqliteExecutor<'_>, order_id: i64) -> Result<Option<OfOrder>> {
    let row = sqlx::query_as!(
        OfOrder,
        "SELECT a.kind, a.affiliate_id, a.affiliate_name, a.commission_per_mille, a.amount,
                a.nanostar_amount, a.recorded_at, o.stars, o.status
         FROM telegram_affiliates a JOIN orders o ON o.id = a.order_id
         WHERE a.order_id = ?",
        order_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row)
}

/// One affiliate's orders paid in [from, to), refunded ones left out.
pub struct ByAffiliate {
    pub kind: String,
    pub affiliate_id: i64,
    /// The name on their latest commission.
    pub affiliate_name: String,
    pub orders: i64,
    pub gross: i64,
    pub amount: i64,
    pub nanostar_amount: i64,
}

pub async fn by_affiliate(
    db: impl SqliteExecutor<'_>,
    from: i64,
    to: i64,
) -> Result<Vec<ByAffiliate>> {
    let rows = sqlx::query_as!(
        ByAffiliate,
        r#"SELECT a.kind as "kind!", a.affiliate_id as "affiliate_id!",
                  (SELECT l.affiliate_name FROM telegram_affiliates l
                   WHERE l.kind = a.kind AND l.affiliate_id = a.affiliate_id
                   ORDER BY l.recorded_at DESC, l.order_id DESC LIMIT 1) as "affiliate_name!: String",
                  COUNT(*) as "orders!: i64",
                  SUM(o.stars) as "gross!: i64",
                  SUM(a.amount) as "amount!: i64",
                  SUM(a.nanostar_amount) as "nanostar_amount!: i64"
           FROM telegram_affiliates a JOIN orders o ON o.id = a.order_id
           WHERE o.created_at >= ? AND o.created_at < ? AND o.status <> 'refunded'
           GROUP BY a.kind, a.affiliate_id"#,
        from,
        to
    )
    .fetch_all(db)
    .await?;
    Ok(rows)
}

/// Every order paid in [from, to), refunded ones left out, and Telegram's commissions on them.
pub struct Totals {
    pub orders: i64,
    pub gross: i64,
    pub with_affiliate: i64,
    pub amount: i64,
    pub nanostar_amount: i64,
}

pub async fn totals(db: impl SqliteExecutor<'_>, from: i64, to: i64) -> Result<Totals> {
    let row = sqlx::query_as!(
        Totals,
        r#"SELECT COUNT(*) as "orders!: i64",
                  COALESCE(SUM(o.stars), 0) as "gross!: i64",
                  COUNT(a.order_id) as "with_affiliate!: i64",
                  COALESCE(SUM(a.amount), 0) as "amount!: i64",
                  COALESCE(SUM(a.nanostar_amount), 0) as "nanostar_amount!: i64"
           FROM orders o LEFT JOIN telegram_affiliates a ON a.order_id = o.id
           WHERE o.created_at >= ? AND o.created_at < ? AND o.status <> 'refunded'"#,
        from,
        to
    )
    .fetch_one(db)
    .await?;
    Ok(row)
}
