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

/// A product's `Terms` from a row that selected their columns (`terms` and
/// `terms_at_checkout` read the same ones, each with its own row type).
macro_rules! terms_of {
    ($r:ident) => {
        Terms {
            kind: Kind::parse(&$r.kind)?,
            title: $r.title,
            price: $r.price,
            active: $r.active == 1,
            per_customer_limit: $r.per_customer_limit,
            stock: $r.stock,
            content: $r.content,
            channel_id: $r.channel_id,
            low_stock: $r.low_stock,
            low_stock_warned: $r.low_stock_warned,
            codes_on_sale: $r.codes_on_sale,
        }
    };
}

pub async fn terms(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<Terms>> {
    let row = sqlx::query!(
        r#"SELECT kind, title, price, active, per_customer_limit, stock, content, channel_id,
              low_stock, low_stock_warned as "low_stock_warned!: bool", codes_on_sale
           FROM products WHERE id = ?"#,
        id
    )
    .fetch_optional(db)
    .await?;
    row.map(|r| Ok(terms_of!(r))).transpose()
}

/// What a pre-checkout's hold looks at first, in one read: the product's terms, whether the
/// customer is blocked, and the hold the invoice made before, if any.
pub async fn terms_at_checkout(
    db: impl SqliteExecutor<'_>,
    id: i64,
    customer_id: i64,
    nonce: &str,
) -> Result<Option<(Terms, bool, Option<crate::db::holds::Hold>)>> {
    let row = sqlx::query!(
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
    )
    .fetch_optional(db)
    .await?;
    row.map(|r| {
        let terms = terms_of!(r);
        let hold = r
            .hold_id
            .zip(r.hold_state)
            .map(|(id, state)| crate::db::holds::Hold { id, state });
        Ok((terms, r.blocked, hold))
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
pub async fn take_unit(db: &mut sqlx::SqliteConnection, id: i64) -> Result<bool> {
    let taken = sqlx::query!(
        "UPDATE products SET stock = stock - 1 WHERE id = ? AND stock IS NOT NULL AND stock > 0",
        id
    )
    .execute(&mut *db)
    .await?;
    if taken.rows_affected() == 1 {
        return Ok(true);
    }
    let unlimited = sqlx::query_scalar!("SELECT stock IS NULL FROM products WHERE id = ?", id)
        .fetch_optional(&mut *db)
        .await?;
    Ok(unlimited == Some(1))
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

/// The suggestion under a receipt of `id`: the suggested product's id, title and price, when
/// one is set and on sale.
pub async fn suggestion(
    db: impl SqliteExecutor<'_>,
    id: i64,
) -> Result<Option<(i64, String, i64)>> {
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
