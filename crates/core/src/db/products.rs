//! products and product_files: the catalog and the files file products deliver.

use sqlx::SqliteExecutor;

use crate::{
    catalog::{Kind, Product, ProductDraft, ProductFile, Terms},
    error::Result,
};

struct Row {
    id: i64,
    kind: String,
    title: String,
    description: String,
    price: i64,
    active: i64,
    per_customer_limit: Option<i64>,
    stock: Option<i64>,
    content: Option<String>,
    created_at: i64,
    updated_at: i64,
    codes_left: i64,
    held: i64,
    file_name: Option<String>,
    channel_id: Option<i64>,
    channel_title: Option<String>,
    low_stock: i64,
}

impl Row {
    fn into_product(self) -> Result<Product> {
        let kind = Kind::parse(&self.kind)?;
        let stock_left = match kind {
            Kind::Code => Some(self.codes_left),
            _ => self.stock.map(|s| (s - self.held).max(0)),
        };
        Ok(Product {
            id: self.id,
            kind,
            title: self.title,
            description: self.description,
            price: self.price,
            active: self.active == 1,
            per_customer_limit: self.per_customer_limit,
            stock_left,
            content: self.content,
            file_name: self.file_name,
            channel_id: self.channel_id,
            channel_title: self.channel_title,
            low_stock: self.low_stock,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// Products with their stock left at `at` (codes free or on a lapsed hold; units not held).
pub async fn list(
    db: impl SqliteExecutor<'_>,
    include_archived: bool,
    at: i64,
) -> Result<Vec<Product>> {
    let all = i64::from(include_archived);
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT p.id as "id!", p.kind, p.title, p.description, p.price, p.active,
              p.per_customer_limit, p.stock, p.content, p.created_at, p.updated_at,
              p.codes_on_sale
              + (SELECT count(*) FROM codes c JOIN holds h ON h.id = c.hold_id
                 WHERE c.product_id = p.id AND c.state = 'held' AND h.state = 'active'
                   AND h.expires_at < ?1) as "codes_left!: i64",
              (SELECT count(*) FROM holds h WHERE h.product_id = p.id AND h.state = 'active'
                  AND h.expires_at >= ?1) as "held!: i64",
              f.file_name as "file_name?", p.channel_id, ch.title as "channel_title?",
              p.low_stock
           FROM products p LEFT JOIN product_files f ON f.product_id = p.id
           LEFT JOIN channels ch ON ch.id = p.channel_id
           WHERE p.active = 1 OR ?2 = 1
           ORDER BY p.active DESC, p.id"#,
        at,
        all
    )
    .fetch_all(db)
    .await?;
    rows.into_iter().map(Row::into_product).collect()
}

pub async fn get(db: impl SqliteExecutor<'_>, id: i64, at: i64) -> Result<Option<Product>> {
    let row = sqlx::query_as!(
        Row,
        r#"SELECT p.id as "id!", p.kind, p.title, p.description, p.price, p.active,
              p.per_customer_limit, p.stock, p.content, p.created_at, p.updated_at,
              p.codes_on_sale
              + (SELECT count(*) FROM codes c JOIN holds h ON h.id = c.hold_id
                 WHERE c.product_id = p.id AND c.state = 'held' AND h.state = 'active'
                   AND h.expires_at < ?1) as "codes_left!: i64",
              (SELECT count(*) FROM holds h WHERE h.product_id = p.id AND h.state = 'active'
                  AND h.expires_at >= ?1) as "held!: i64",
              f.file_name as "file_name?", p.channel_id, ch.title as "channel_title?",
              p.low_stock
           FROM products p LEFT JOIN product_files f ON f.product_id = p.id
           LEFT JOIN channels ch ON ch.id = p.channel_id
           WHERE p.id = ?2"#,
        at,
        id
    )
    .fetch_optional(db)
    .await?;
    row.map(Row::into_product).transpose()
}

/// What a customer's card and Buy read of a product and of the customer, in one statement
/// (see [`shopper_view`]).
pub struct ShopperView {
    pub product: Product,
    pub blocked: bool,
    /// The promo code the customer applied, if any, and their store credit left.
    pub applied_promo: Option<i64>,
    pub credit_left: i64,
    /// Units the customer took of the product (orders not refunded, live holds); read only
    /// when the product has a per-customer limit.
    pub taken: Option<i64>,
    /// Whether an order not refunded already lets the customer into the product's channel.
    pub holds_channel: bool,
    /// The settings named by [`ViewKeys`] (absent: `None`).
    pub require_acceptance: Option<String>,
    pub terms_version: Option<String>,
    pub invoice_minutes: Option<String>,
    /// Whether the customer accepted the terms' current version (1 when unset); read only
    /// when acceptance is required ("1").
    pub accepted: bool,
}

/// The settings' keys [`shopper_view`] reads; the services own them.
pub struct ViewKeys<'a> {
    pub require_acceptance: &'a str,
    pub terms_version: &'a str,
    pub invoice_minutes: &'a str,
}

/// The product `id` with its stock left at `at`, and what the customer's card and Buy look at
/// (see [`ShopperView`]), in one read; `held_at`: the time live holds count from (the
/// clock the limit's holds are taken by).
pub fn shopper_view(
    db: &rusqlite::Connection,
    id: i64,
    customer_id: i64,
    (at, held_at): (i64, i64),
    keys: &ViewKeys<'_>,
) -> Result<Option<ShopperView>> {
    let row = fetch_direct!(
        db,
        r#"SELECT p.id as "id!", p.kind, p.title, p.description, p.price, p.active,
              p.per_customer_limit, p.stock, p.content, p.created_at, p.updated_at,
              p.codes_on_sale
              + (SELECT count(*) FROM codes c JOIN holds h ON h.id = c.hold_id
                 WHERE c.product_id = p.id AND c.state = 'held' AND h.state = 'active'
                   AND h.expires_at < ?1) as "codes_left!: i64",
              (SELECT count(*) FROM holds h WHERE h.product_id = p.id AND h.state = 'active'
                  AND h.expires_at >= ?1) as "held!: i64",
              f.file_name as "file_name?", p.channel_id, ch.title as "channel_title?",
              p.low_stock,
              coalesce((SELECT blocked FROM customers WHERE id = ?3), 0) as "blocked!: bool",
              (SELECT promo_id FROM applied_promos WHERE customer_id = ?3) as "applied?: i64",
              (SELECT coalesce(sum(stars), 0) FROM payouts
                 WHERE referrer_id = ?3 AND method = 'credit')
              - (SELECT coalesce(sum(credit_stars), 0) FROM orders
                   WHERE customer_id = ?3 AND credit_stars > 0 AND status <> 'refunded')
              - (SELECT coalesce(sum(credit), 0) FROM checkout_holds
                   WHERE customer_id = ?3 AND state = 'active' AND expires_at > ?1 AND credit > 0)
              as "credit_left!: i64",
              CASE WHEN p.per_customer_limit IS NOT NULL THEN
                (SELECT coalesce(sum(quantity), 0) FROM orders WHERE customer_id = ?3
                   AND product_id = p.id AND status != 'refunded')
                + (SELECT count(*) FROM holds WHERE customer_id = ?3 AND product_id = p.id
                   AND state = 'active' AND expires_at >= ?4)
              END as "taken?: i64",
              CASE WHEN p.channel_id IS NOT NULL THEN EXISTS (
                SELECT 1 FROM orders o JOIN products q ON q.id = o.product_id
                WHERE o.customer_id = ?3 AND q.channel_id = p.channel_id
                  AND o.status != 'refunded')
              ELSE 0 END as "holds_channel!: bool",
              (SELECT value FROM settings WHERE key = ?5) as "require?: String",
              (SELECT value FROM settings WHERE key = ?6) as "version?: String",
              (SELECT value FROM settings WHERE key = ?7) as "minutes?: String",
              CASE WHEN (SELECT value FROM settings WHERE key = ?5) = '1' THEN EXISTS (
                SELECT 1 FROM terms_acceptances WHERE customer_id = ?3 AND version =
                  coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = ?6), 1))
              ELSE 0 END as "accepted!: bool"
           FROM products p LEFT JOIN product_files f ON f.product_id = p.id
           LEFT JOIN channels ch ON ch.id = p.channel_id
           WHERE p.id = ?2"#,
        at,
        id,
        customer_id,
        held_at,
        keys.require_acceptance,
        keys.terms_version,
        keys.invoice_minutes
        => |id, kind, title, description, price, active, per_customer_limit, stock, content,
            created_at, updated_at, codes_left, held, file_name, channel_id, channel_title,
            low_stock, blocked, applied, credit_left, taken, holds_channel, require, version,
            minutes, accepted| {
            let product = Row {
                id,
                kind,
                title,
                description,
                price,
                active,
                per_customer_limit,
                stock,
                content,
                created_at,
                updated_at,
                codes_left,
                held,
                file_name,
                channel_id,
                channel_title,
                low_stock,
            };
            let customer = (blocked, applied, credit_left, taken, holds_channel);
            (product, customer, (require, version, minutes, accepted))
        }
    )?;
    let Some((product, customer, settings)) = row else {
        return Ok(None);
    };
    let (blocked, applied_promo, credit_left, taken, holds_channel) = customer;
    let (require_acceptance, terms_version, invoice_minutes, accepted) = settings;
    Ok(Some(ShopperView {
        product: product.into_product()?,
        blocked,
        applied_promo,
        credit_left,
        taken,
        holds_channel,
        require_acceptance,
        terms_version,
        invoice_minutes,
        accepted,
    }))
}

/// A product's `Terms` as its columns hold them (`terms`, `terms_at_payment` and
/// `terms_at_checkout` read the same ones).
struct TermsRow {
    kind: String,
    title: String,
    price: i64,
    active: i64,
    per_customer_limit: Option<i64>,
    stock: Option<i64>,
    content: Option<String>,
    channel_id: Option<i64>,
    low_stock: i64,
    low_stock_warned: bool,
    codes_on_sale: i64,
}

impl TermsRow {
    fn into_terms(self) -> Result<Terms> {
        Ok(Terms {
            kind: Kind::parse(&self.kind)?,
            title: self.title,
            price: self.price,
            active: self.active == 1,
            per_customer_limit: self.per_customer_limit,
            stock: self.stock,
            content: self.content,
            channel_id: self.channel_id,
            low_stock: self.low_stock,
            low_stock_warned: self.low_stock_warned,
            codes_on_sale: self.codes_on_sale,
        })
    }
}

pub async fn terms(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<Terms>> {
    let row = sqlx::query_as!(
        TermsRow,
        r#"SELECT kind, title, price, active, per_customer_limit, stock, content, channel_id,
              low_stock, low_stock_warned as "low_stock_warned!: bool", codes_on_sale
           FROM products WHERE id = ?"#,
        id
    )
    .fetch_optional(db)
    .await?;
    row.map(TermsRow::into_terms).transpose()
}

/// The product suggested under a receipt: its id, title and price.
pub type Suggestion = (i64, String, i64);

/// What a payment reads of its product, in one read (see [`terms_at_payment`]).
pub struct AtPayment {
    pub terms: Terms,
    /// The product the merchant suggests after this one, when set and on sale.
    pub suggestion: Option<Suggestion>,
    /// Where the paid invoice is in the chat (chat, message), when it was recorded.
    pub invoice: Option<(i64, i64)>,
    /// The customer's referral, when a referrer brought them.
    pub referral: Option<crate::db::referrals::Referral>,
}

/// What a payment reads of its product and its customer, in one read: the product's terms,
/// the product suggested after it, where the invoice of `payload` is in the chat, and who
/// referred the customer. The payer is recorded first as Telegram describes them now
/// ([`customers::upsert`](crate::db::customers::upsert)).
pub fn terms_at_payment(
    db: &rusqlite::Connection,
    payer: &crate::customers::Seen<'_>,
    at: i64,
    id: i64,
    payload: &str,
) -> Result<Option<AtPayment>> {
    crate::db::customers::upsert(db, payer, at)?;
    let row = fetch_direct!(
        db,
        r#"SELECT p.kind, p.title, p.price, p.active, p.per_customer_limit, p.stock, p.content,
              p.channel_id, p.low_stock, p.low_stock_warned as "low_stock_warned!: bool",
              p.codes_on_sale,
              s.id as "suggested_id?", s.title as "suggested_title?",
              s.price as "suggested_price?",
              i.chat_id as "chat_id?", i.message_id as "message_id?",
              r.referrer_id as "referrer_id?", r.created_at as "referred_at?",
              r.ends_at as "referral_ends_at?"
           FROM products p
           LEFT JOIN products s ON s.id = p.also_bought_id AND s.active = 1
           LEFT JOIN invoices i ON i.payload = ?
           LEFT JOIN referrals r ON r.customer_id = ?
           WHERE p.id = ?"#,
        payload,
        payer.id,
        id
        => |kind, title, price, active, per_customer_limit, stock, content, channel_id,
            low_stock, low_stock_warned, codes_on_sale, suggested_id, suggested_title,
            suggested_price, chat_id, message_id, referrer_id, referred_at, referral_ends_at| {
            let terms = TermsRow {
                kind,
                title,
                price,
                active,
                per_customer_limit,
                stock,
                content,
                channel_id,
                low_stock,
                low_stock_warned,
                codes_on_sale,
            };
            let suggestion = (suggested_id, suggested_title, suggested_price);
            let referral = (referrer_id, referred_at, referral_ends_at);
            (terms, suggestion, chat_id.zip(message_id), referral)
        }
    )?;
    let Some((terms, suggestion, invoice, referral)) = row else {
        return Ok(None);
    };
    let suggestion = match suggestion {
        (Some(id), Some(title), Some(price)) => Some((id, title, price)),
        _ => None,
    };
    let referral = match referral {
        (Some(referrer_id), Some(created_at), Some(ends_at)) => {
            Some(crate::db::referrals::Referral {
                referrer_id,
                created_at,
                ends_at,
            })
        }
        _ => None,
    };
    Ok(Some(AtPayment {
        terms: terms.into_terms()?,
        suggestion,
        invoice,
        referral,
    }))
}

/// What a pre-checkout's hold looks at first, in one read: the product's terms, whether the
/// customer is blocked, and the hold the invoice made before, if any.
pub fn terms_at_checkout(
    db: &rusqlite::Connection,
    id: i64,
    customer_id: i64,
    nonce: &str,
) -> Result<Option<(Terms, bool, Option<crate::db::holds::Hold>)>> {
    let row = fetch_direct!(
        db,
        r#"SELECT p.kind, p.title, p.price, p.active, p.per_customer_limit, p.stock, p.content,
              p.channel_id, p.low_stock, p.low_stock_warned as "low_stock_warned!: bool",
              p.codes_on_sale,
              coalesce((SELECT blocked FROM customers WHERE id = ?2), 0) as "blocked!: bool",
              h.id as "hold_id?", h.state as "hold_state?"
           FROM products p LEFT JOIN holds h ON h.nonce = ?3
           WHERE p.id = ?1"#,
        id,
        customer_id,
        nonce
        => |kind, title, price, active, per_customer_limit, stock, content, channel_id,
            low_stock, low_stock_warned, codes_on_sale, blocked, hold_id, hold_state| {
            let terms = TermsRow {
                kind,
                title,
                price,
                active,
                per_customer_limit,
                stock,
                content,
                channel_id,
                low_stock,
                low_stock_warned,
                codes_on_sale,
            };
            (terms, blocked, hold_id.zip(hold_state))
        }
    )?;
    row.map(|(terms, blocked, hold)| {
        let hold = hold.map(|(id, state)| crate::db::holds::Hold { id, state });
        Ok((terms.into_terms()?, blocked, hold))
    })
    .transpose()
}

pub async fn count_on_sale(db: impl SqliteExecutor<'_>) -> Result<i64> {
    let n = sqlx::query_scalar!(r#"SELECT count(*) as "n!: i64" FROM products WHERE active = 1"#)
        .fetch_one(db)
        .await?;
    Ok(n)
}

/// A validated draft, trimmed (a code product's stock is `None`: it counts its codes); returns the new product's id.
pub async fn insert(db: impl SqliteExecutor<'_>, draft: &ProductDraft, at: i64) -> Result<i64> {
    let kind = draft.kind.as_str();
    let id = sqlx::query_scalar!(
        r#"INSERT INTO products (kind, title, description, price, per_customer_limit, stock,
               content, channel_id, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id as "id!""#,
        kind,
        draft.title,
        draft.description,
        draft.price,
        draft.per_customer_limit,
        draft.stock,
        draft.content,
        draft.channel_id,
        at,
        at
    )
    .fetch_one(db)
    .await?;
    Ok(id)
}

pub async fn update(
    db: impl SqliteExecutor<'_>,
    id: i64,
    draft: &ProductDraft,
    at: i64,
) -> Result<()> {
    sqlx::query!(
        "UPDATE products SET title = ?, description = ?, price = ?, per_customer_limit = ?,
             stock = ?, content = ?, updated_at = ? WHERE id = ?",
        draft.title,
        draft.description,
        draft.price,
        draft.per_customer_limit,
        draft.stock,
        draft.content,
        at,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// True when the product exists.
pub async fn set_active(
    db: impl SqliteExecutor<'_>,
    id: i64,
    active: bool,
    at: i64,
) -> Result<bool> {
    let a = i64::from(active);
    let done = sqlx::query!(
        "UPDATE products SET active = ?, updated_at = ? WHERE id = ?",
        a,
        at,
        id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Takes one unit of a text, file or channel product's limited stock; true when a unit was there, or the
/// stock is unlimited.
pub fn take_unit(db: &rusqlite::Connection, id: i64) -> Result<bool> {
    let taken = execute_direct!(
        db,
        "UPDATE products SET stock = stock - 1 WHERE id = ? AND stock IS NOT NULL AND stock > 0",
        id
    )?;
    if taken == 1 {
        return Ok(true);
    }
    let unlimited = fetch_direct!(
        db,
        r#"SELECT stock IS NULL as "unlimited!: bool" FROM products WHERE id = ?"#,
        id
        => |unlimited| unlimited
    )?;
    Ok(unlimited == Some(true))
}

/// The stock at or below which a sale warns; 0 never warns. Setting it arms the warning again.
pub async fn set_low_stock(db: impl SqliteExecutor<'_>, id: i64, low_stock: i64) -> Result<bool> {
    let done = sqlx::query!(
        "UPDATE products SET low_stock = ?, low_stock_warned = 0 WHERE id = ?",
        low_stock,
        id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// What a sale needs to know before it looks at a product's stock for the low-stock warning.
pub struct LowStockWatch {
    pub watched: bool,
    /// A code product with more codes on sale than its mark: the sale did not cross it.
    pub well_stocked: bool,
}

/// Whether a sale of this product could cross its low-stock mark: on sale, a mark set, and not
/// warned already.
pub async fn low_stock_watch(
    db: impl SqliteExecutor<'_>,
    id: i64,
) -> Result<Option<LowStockWatch>> {
    let row = sqlx::query!(
        r#"SELECT active as "active!: bool", kind, low_stock, low_stock_warned as "warned!: bool",
              codes_on_sale FROM products WHERE id = ?"#,
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| LowStockWatch {
        watched: r.active && r.low_stock > 0 && !r.warned,
        well_stocked: r.kind == "code" && r.codes_on_sale > r.low_stock,
    }))
}

/// Marks the low-stock warning given (true) or armed again (false); true when this changed it.
pub async fn set_low_stock_warned(
    db: impl SqliteExecutor<'_>,
    id: i64,
    warned: bool,
) -> Result<bool> {
    let w = i64::from(warned);
    let done = sqlx::query!(
        "UPDATE products SET low_stock_warned = ?1 WHERE id = ?2 AND low_stock_warned <> ?1",
        w,
        id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_file(
    db: impl SqliteExecutor<'_>,
    product_id: i64,
    file_name: &str,
    mime_type: &str,
    data: &[u8],
) -> Result<()> {
    sqlx::query!(
        "INSERT INTO product_files (product_id, file_name, mime_type, data) VALUES (?, ?, ?, ?)
         ON CONFLICT (product_id) DO UPDATE SET file_name = excluded.file_name,
             mime_type = excluded.mime_type, data = excluded.data, telegram_file_id = NULL",
        product_id,
        file_name,
        mime_type,
        data
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn file(db: impl SqliteExecutor<'_>, product_id: i64) -> Result<Option<ProductFile>> {
    let row = sqlx::query_as!(
        ProductFile,
        "SELECT file_name, mime_type, data, telegram_file_id FROM product_files WHERE product_id = ?",
        product_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row)
}

pub async fn remember_file_id(
    db: impl SqliteExecutor<'_>,
    product_id: i64,
    file_id: &str,
) -> Result<()> {
    sqlx::query!(
        "UPDATE product_files SET telegram_file_id = ? WHERE product_id = ?",
        file_id,
        product_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Every product's id and title (archived ones too), for matching titles by their folded form.
pub async fn titles(db: impl SqliteExecutor<'_>) -> Result<Vec<(i64, String)>> {
    let rows = sqlx::query!("SELECT id, title FROM products ORDER BY id")
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.title)).collect())
}

/// The product suggested after a purchase of `id` ("customers also bought"), when set.
pub async fn also_bought_id(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<i64>> {
    let row = sqlx::query_scalar!("SELECT also_bought_id FROM products WHERE id = ?", id)
        .fetch_optional(db)
        .await?;
    Ok(row.flatten())
}

/// The suggestion under a receipt of `id`, when one is set and on sale.
pub async fn suggestion(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<Suggestion>> {
    let row = sqlx::query!(
        r#"SELECT s.id as "id!", s.title, s.price FROM products p
           JOIN products s ON s.id = p.also_bought_id AND s.active = 1
           WHERE p.id = ?"#,
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| (r.id, r.title, r.price)))
}

pub async fn set_also_bought(
    db: impl SqliteExecutor<'_>,
    id: i64,
    other: Option<i64>,
) -> Result<()> {
    sqlx::query!(
        "UPDATE products SET also_bought_id = ? WHERE id = ?",
        other,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}
