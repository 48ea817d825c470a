//! The products on sale: what they are, what they cost, what is left of them.

use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqliteExecutor};

use crate::{
    error::{Error, Result},
    store::{Store, now},
};

pub const MIN_PRICE: i64 = 1;
pub const MAX_PRICE: i64 = 10_000;

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A text delivered as is: a link, a secret, instructions.
    Text,
    /// One unique code from the product's pool per sale.
    Code,
    /// A file sent as a document.
    File,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Code => "code",
            Kind::File => "file",
        }
    }

    pub fn parse(s: &str) -> Result<Kind> {
        match s {
            "text" => Ok(Kind::Text),
            "code" => Ok(Kind::Code),
            "file" => Ok(Kind::File),
            other => Err(Error::invalid(format!("Unknown product kind \"{other}\"."))),
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Product {
    pub id: i64,
    pub kind: Kind,
    pub title: String,
    pub description: String,
    pub price: i64,
    pub active: bool,
    pub per_customer_limit: Option<i64>,
    /// Units left to sell; `None` is unlimited.
    pub stock_left: Option<i64>,
    pub content: Option<String>,
    pub file_name: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What the merchant fills in to create or edit a product.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ProductDraft {
    pub kind: Kind,
    pub title: String,
    pub description: String,
    pub price: i64,
    pub per_customer_limit: Option<i64>,
    /// For text and file products: units to sell, `None` unlimited. Code products count codes.
    pub stock: Option<i64>,
    pub content: Option<String>,
}

impl ProductDraft {
    /// Checks the draft against Telegram's invoice rules; the message says what to fix.
    pub fn validate(&self) -> Result<()> {
        let title = self.title.trim();
        if title.is_empty() {
            return Err(Error::invalid("Give the product a title."));
        }
        if title.chars().count() > 32 {
            return Err(Error::invalid(
                "The title is too long: Telegram invoices allow at most 32 characters.",
            ));
        }
        if self.description.trim().chars().count() > 255 {
            return Err(Error::invalid(
                "The description is too long: Telegram invoices allow at most 255 characters.",
            ));
        }
        validate_price(self.price)?;
        if let Some(limit) = self.per_customer_limit
            && limit < 1
        {
            return Err(Error::invalid(
                "The limit per customer must be at least 1, or empty for no limit.",
            ));
        }
        if let Some(stock) = self.stock
            && stock < 0
        {
            return Err(Error::invalid("Stock cannot be negative."));
        }
        if self.kind == Kind::Text && self.content.as_deref().is_none_or(|c| c.trim().is_empty()) {
            return Err(Error::invalid(
                "Write the text the customer receives after paying.",
            ));
        }
        if self
            .content
            .as_deref()
            .is_some_and(|c| c.chars().count() > 3500)
        {
            return Err(Error::invalid(
                "The text to deliver is too long: at most 3,500 characters.",
            ));
        }
        Ok(())
    }
}

pub fn validate_price(price: i64) -> Result<()> {
    if !(MIN_PRICE..=MAX_PRICE).contains(&price) {
        return Err(Error::invalid(
            "The price must be a whole number of Stars from 1 to 10,000.",
        ));
    }
    Ok(())
}

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
}

impl Row {
    fn into_product(self) -> Product {
        let kind = Kind::parse(&self.kind).unwrap_or(Kind::Text);
        let stock_left = match kind {
            Kind::Code => Some(self.codes_left),
            _ => self.stock.map(|s| (s - self.held).max(0)),
        };
        Product {
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
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

pub async fn list(db: impl SqliteExecutor<'_>, include_archived: bool) -> Result<Vec<Product>> {
    let at = now();
    let all = i64::from(include_archived);
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT p.id as "id!", p.kind, p.title, p.description, p.price, p.active,
              p.per_customer_limit, p.stock, p.content, p.created_at, p.updated_at,
              (SELECT count(*) FROM codes c WHERE c.product_id = p.id AND c.state = 'available')
              + (SELECT count(*) FROM codes c JOIN holds h ON h.id = c.hold_id
                 WHERE c.product_id = p.id AND c.state = 'held' AND h.state = 'active'
                   AND h.expires_at < ?1) as "codes_left!: i64",
              (SELECT count(*) FROM holds h WHERE h.product_id = p.id AND h.state = 'active'
                  AND h.expires_at >= ?1) as "held!: i64",
              f.file_name as "file_name?"
           FROM products p LEFT JOIN product_files f ON f.product_id = p.id
           WHERE p.active = 1 OR ?2 = 1
           ORDER BY p.active DESC, p.id"#,
        at,
        all
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Row::into_product).collect())
}

pub async fn get(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<Product>> {
    let at = now();
    let row = sqlx::query_as!(
        Row,
        r#"SELECT p.id as "id!", p.kind, p.title, p.description, p.price, p.active,
              p.per_customer_limit, p.stock, p.content, p.created_at, p.updated_at,
              (SELECT count(*) FROM codes c WHERE c.product_id = p.id AND c.state = 'available')
              + (SELECT count(*) FROM codes c JOIN holds h ON h.id = c.hold_id
                 WHERE c.product_id = p.id AND c.state = 'held' AND h.state = 'active'
                   AND h.expires_at < ?1) as "codes_left!: i64",
              (SELECT count(*) FROM holds h WHERE h.product_id = p.id AND h.state = 'active'
                  AND h.expires_at >= ?1) as "held!: i64",
              f.file_name as "file_name?"
           FROM products p LEFT JOIN product_files f ON f.product_id = p.id
           WHERE p.id = ?2"#,
        at,
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(Row::into_product))
}

/// The few facts checkout needs about a product, without counting its stock.
#[derive(Debug, Clone)]
pub struct Terms {
    pub kind: Kind,
    pub title: String,
    pub price: i64,
    pub active: bool,
    pub per_customer_limit: Option<i64>,
    pub stock: Option<i64>,
    pub content: Option<String>,
}

pub async fn terms(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<Terms>> {
    let row = sqlx::query!(
        "SELECT kind, title, price, active, per_customer_limit, stock, content FROM products WHERE id = ?",
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Terms {
        kind: Kind::parse(&r.kind).unwrap_or(Kind::Text),
        title: r.title,
        price: r.price,
        active: r.active == 1,
        per_customer_limit: r.per_customer_limit,
        stock: r.stock,
        content: r.content,
    }))
}

pub async fn create(store: &Store, draft: &ProductDraft) -> Result<Product> {
    draft.validate()?;
    let at = now();
    let kind = draft.kind.as_str();
    let title = draft.title.trim();
    let description = draft.description.trim();
    let stock = if draft.kind == Kind::Code {
        None
    } else {
        draft.stock
    };
    let id = sqlx::query_scalar!(
        r#"INSERT INTO products (kind, title, description, price, per_customer_limit, stock,
               content, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id as "id!""#,
        kind,
        title,
        description,
        draft.price,
        draft.per_customer_limit,
        stock,
        draft.content,
        at,
        at
    )
    .fetch_one(&store.write)
    .await?;
    get(&store.write, id)
        .await?
        .ok_or(Error::NotFound("product"))
}

pub async fn update(store: &Store, id: i64, draft: &ProductDraft) -> Result<Product> {
    draft.validate()?;
    let current = get(&store.write, id)
        .await?
        .ok_or(Error::NotFound("product"))?;
    if current.kind != draft.kind {
        return Err(Error::invalid(
            "A product's kind cannot change after it is created; create a new product instead.",
        ));
    }
    let at = now();
    let title = draft.title.trim();
    let description = draft.description.trim();
    let stock = if draft.kind == Kind::Code {
        None
    } else {
        draft.stock
    };
    sqlx::query!(
        "UPDATE products SET title = ?, description = ?, price = ?, per_customer_limit = ?,
             stock = ?, content = ?, updated_at = ? WHERE id = ?",
        title,
        description,
        draft.price,
        draft.per_customer_limit,
        stock,
        draft.content,
        at,
        id
    )
    .execute(&store.write)
    .await?;
    get(&store.write, id)
        .await?
        .ok_or(Error::NotFound("product"))
}

/// Archived products leave the catalog; their orders stay.
pub async fn set_active(store: &Store, id: i64, active: bool) -> Result<Product> {
    let at = now();
    let a = i64::from(active);
    let done = sqlx::query!(
        "UPDATE products SET active = ?, updated_at = ? WHERE id = ?",
        a,
        at,
        id
    )
    .execute(&store.write)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound("product"));
    }
    get(&store.write, id)
        .await?
        .ok_or(Error::NotFound("product"))
}

/// The summary of a code import.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct CodeImport {
    pub added: i64,
    pub duplicates: i64,
    pub blank: i64,
}

/// Adds one code per line (a CSV's first column); duplicates and blank lines are counted, not added.
pub async fn import_codes(store: &Store, product_id: i64, text: &str) -> Result<CodeImport> {
    let product = get(&store.write, product_id)
        .await?
        .ok_or(Error::NotFound("product"))?;
    if product.kind != Kind::Code {
        return Err(Error::invalid(
            "Codes can only be added to a code pool product.",
        ));
    }
    let mut summary = CodeImport::default();
    let at = now();
    let mut tx = store.write.begin().await?;
    for line in text.lines() {
        let code = code_of_line(line);
        if code.is_empty() {
            summary.blank += 1;
            continue;
        }
        if code.chars().count() > 256 {
            return Err(Error::invalid(format!(
                "A code is longer than 256 characters: \"{}…\". Nothing was imported.",
                code.chars().take(24).collect::<String>()
            )));
        }
        let done = sqlx::query!(
            "INSERT INTO codes (product_id, code, created_at) VALUES (?, ?, ?)
             ON CONFLICT (product_id, code) DO NOTHING",
            product_id,
            code,
            at
        )
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 1 {
            summary.added += 1;
        } else {
            summary.duplicates += 1;
        }
    }
    tx.commit().await?;
    Ok(summary)
}

/// A line of a pasted list or a CSV: its first field, unquoted and trimmed.
fn code_of_line(line: &str) -> &str {
    let line = line.trim().trim_start_matches('\u{feff}');
    let first = if let Some(rest) = line.strip_prefix('"') {
        rest.split('"').next().unwrap_or("")
    } else {
        line.split([',', ';', '\t']).next().unwrap_or("")
    };
    first.trim()
}

pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;

/// Sets the file a file product delivers; the next sale uploads it to Telegram again.
pub async fn set_file(
    store: &Store,
    product_id: i64,
    file_name: &str,
    mime_type: &str,
    data: &[u8],
) -> Result<()> {
    let product = get(&store.write, product_id)
        .await?
        .ok_or(Error::NotFound("product"))?;
    if product.kind != Kind::File {
        return Err(Error::invalid("Only a file product delivers a file."));
    }
    if data.is_empty() {
        return Err(Error::invalid("The file is empty."));
    }
    if data.len() > MAX_FILE_BYTES {
        return Err(Error::invalid(
            "The file is too large: bots can send files up to 50 MB.",
        ));
    }
    let name = file_name.trim();
    if name.is_empty() {
        return Err(Error::invalid("The file needs a name."));
    }
    sqlx::query!(
        "INSERT INTO product_files (product_id, file_name, mime_type, data) VALUES (?, ?, ?, ?)
         ON CONFLICT (product_id) DO UPDATE SET file_name = excluded.file_name,
             mime_type = excluded.mime_type, data = excluded.data, telegram_file_id = NULL",
        product_id,
        name,
        mime_type,
        data
    )
    .execute(&store.write)
    .await?;
    Ok(())
}

pub struct ProductFile {
    pub file_name: String,
    pub mime_type: String,
    pub data: Vec<u8>,
    pub telegram_file_id: Option<String>,
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
    db: &mut SqliteConnection,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_line_gives_its_first_field() {
        assert_eq!(code_of_line("  ABC-1 "), "ABC-1");
        assert_eq!(code_of_line("ABC-2,used,2024"), "ABC-2");
        assert_eq!(code_of_line("\"AB,C\",x"), "AB,C");
        assert_eq!(code_of_line("\u{feff}X1;y"), "X1");
        assert_eq!(code_of_line("   "), "");
    }

    #[test]
    fn prices_outside_telegram_limits_are_refused_with_the_reason() {
        assert!(validate_price(1).is_ok());
        assert!(validate_price(10_000).is_ok());
        let e = validate_price(0).unwrap_err().to_string();
        assert!(e.contains("from 1 to 10,000"), "{e}");
        assert!(validate_price(10_001).is_err());
    }
}
