//! Pre-checkout: the last word before Telegram takes the Stars. Validates, then holds one unit.

use sqlx::SqliteConnection;

use crate::{
    catalog::{self, Kind},
    customers::{self, Seen},
    error::Result,
    payload::Payload,
    store::{Store, now},
};

/// Why a payment is refused; each has the sentence the customer reads in Telegram's dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    InvalidInvoice,
    WrongCurrency,
    WrongAmount,
    NotYourInvoice,
    UnknownProduct,
    NotOnSale,
    PriceChanged,
    Blocked,
    LimitReached(i64),
    SoldOut,
    AlreadyPaid,
}

impl Refusal {
    pub fn message(&self) -> String {
        match self {
            Refusal::InvalidInvoice => "This invoice is not valid any more. Open /shop and tap Buy again.".into(),
            Refusal::WrongCurrency => "This shop only takes Telegram Stars.".into(),
            Refusal::WrongAmount => "The amount does not match the price. Tap Buy again.".into(),
            Refusal::NotYourInvoice => "This invoice was made for someone else. Open /shop and tap Buy.".into(),
            Refusal::UnknownProduct => "This product does not exist any more.".into(),
            Refusal::NotOnSale => "This product is no longer on sale.".into(),
            Refusal::PriceChanged => "Price changed, tap Buy again.".into(),
            Refusal::Blocked => "Sorry, purchases from this account are not accepted. Use /paysupport if you think this is a mistake.".into(),
            Refusal::LimitReached(n) => format!("You have reached the limit of {n} per customer for this product."),
            Refusal::SoldOut => "Sold out. Check /shop later.".into(),
            Refusal::AlreadyPaid => "This invoice is already paid. See /purchases.".into(),
        }
    }
}

pub struct PreCheckout<'a> {
    pub customer: Seen<'a>,
    pub currency: &'a str,
    pub total_amount: i64,
    pub payload: &'a str,
}

/// Answers a pre-checkout: `Ok(Ok(()))` holds a unit of stock for `hold_seconds`. The customer
/// is recorded by the caller (`RecentlySeen::note`), outside this transaction.
pub async fn pre_checkout(
    store: &Store,
    secret: &[u8],
    hold_seconds: i64,
    q: &PreCheckout<'_>,
) -> Result<Result<(), Refusal>> {
    let Ok(p) = Payload::verify(q.payload, secret) else {
        return Ok(Err(Refusal::InvalidInvoice));
    };
    if q.currency != "XTR" {
        return Ok(Err(Refusal::WrongCurrency));
    }
    if q.total_amount != p.price {
        return Ok(Err(Refusal::WrongAmount));
    }
    if q.customer.id != p.customer_id {
        return Ok(Err(Refusal::NotYourInvoice));
    }
    let mut tx = store.write.begin().await?;
    let verdict = hold(&mut tx, &p, hold_seconds).await?;
    tx.commit().await?;
    Ok(verdict)
}

async fn hold(
    db: &mut SqliteConnection,
    p: &Payload,
    hold_seconds: i64,
) -> Result<Result<(), Refusal>> {
    let at = now();
    let expires = at + hold_seconds;
    let Some(product) = catalog::terms(&mut *db, p.product_id).await? else {
        return Ok(Err(Refusal::UnknownProduct));
    };
    if !product.active {
        return Ok(Err(Refusal::NotOnSale));
    }
    if product.price != p.price {
        return Ok(Err(Refusal::PriceChanged));
    }
    if customers::is_blocked(&mut *db, p.customer_id).await? {
        return Ok(Err(Refusal::Blocked));
    }
    let existing = sqlx::query!("SELECT id, state FROM holds WHERE nonce = ?", p.nonce)
        .fetch_optional(&mut *db)
        .await?;
    match existing.as_ref().map(|h| h.state.as_str()) {
        Some("converted") => return Ok(Err(Refusal::AlreadyPaid)),
        Some("active") => {
            // Telegram asked again for the same invoice: keep the unit already held.
            sqlx::query!(
                "UPDATE holds SET expires_at = ? WHERE nonce = ?",
                expires,
                p.nonce
            )
            .execute(&mut *db)
            .await?;
            return Ok(Ok(()));
        }
        _ => {}
    }
    if let Some(limit) = product.per_customer_limit {
        let taken = sqlx::query_scalar!(
            r#"SELECT (SELECT count(*) FROM orders WHERE customer_id = ?1 AND product_id = ?2
                         AND status != 'refunded')
                    + (SELECT count(*) FROM holds WHERE customer_id = ?1 AND product_id = ?2
                         AND state = 'active' AND expires_at >= ?3) as "n!: i64""#,
            p.customer_id,
            p.product_id,
            at
        )
        .fetch_one(&mut *db)
        .await?;
        if taken >= limit {
            return Ok(Err(Refusal::LimitReached(limit)));
        }
    }
    let code_id = match product.kind {
        Kind::Code => match take_code(&mut *db, p.product_id, at).await? {
            Some(id) => Some(id),
            None => return Ok(Err(Refusal::SoldOut)),
        },
        _ => {
            if let Some(stock) = product.stock {
                let held = sqlx::query_scalar!(
                    r#"SELECT count(*) as "n!: i64" FROM holds
                       WHERE product_id = ? AND state = 'active' AND expires_at >= ?"#,
                    p.product_id,
                    at
                )
                .fetch_one(&mut *db)
                .await?;
                if stock - held <= 0 {
                    return Ok(Err(Refusal::SoldOut));
                }
            }
            None
        }
    };
    let hold_id = match existing {
        Some(h) => {
            sqlx::query!(
                "UPDATE holds SET state = 'active', code_id = ?, expires_at = ? WHERE id = ?",
                code_id,
                expires,
                h.id
            )
            .execute(&mut *db)
            .await?;
            h.id
        }
        None => sqlx::query_scalar!(
            r#"INSERT INTO holds (nonce, product_id, customer_id, code_id, state, expires_at, created_at)
               VALUES (?, ?, ?, ?, 'active', ?, ?) RETURNING id as "id!""#,
            p.nonce,
            p.product_id,
            p.customer_id,
            code_id,
            expires,
            at
        )
        .fetch_one(&mut *db)
        .await?,
    };
    if let Some(code_id) = code_id {
        sqlx::query!(
            "UPDATE codes SET state = 'held', hold_id = ? WHERE id = ?",
            hold_id,
            code_id
        )
        .execute(&mut *db)
        .await?;
    }
    Ok(Ok(()))
}

/// A code free to sell: an available one, else one whose hold ran out (that hold is released).
pub(crate) async fn take_code(
    db: &mut SqliteConnection,
    product_id: i64,
    at: i64,
) -> Result<Option<i64>> {
    let free = sqlx::query_scalar!(
        r#"SELECT id as "id!" FROM codes WHERE product_id = ? AND state = 'available' ORDER BY id LIMIT 1"#,
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
