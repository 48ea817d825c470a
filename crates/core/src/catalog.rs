//! The products on sale: what they are, what they cost, what is left of them.

use serde::{Deserialize, Serialize};
use sqlx::SqliteExecutor;

use crate::{
    audit::{self, Line, Who},
    db::{self, Store, now},
    error::{Error, Result},
    subscriptions::Channel,
    texts::utf16_len,
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
    /// Access to a private channel the bot administers, for good: a one-person invite link.
    Channel,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Code => "code",
            Kind::File => "file",
            Kind::Channel => "channel",
        }
    }

    pub fn parse(s: &str) -> Result<Kind> {
        match s {
            "text" => Ok(Kind::Text),
            "code" => Ok(Kind::Code),
            "file" => Ok(Kind::File),
            "channel" => Ok(Kind::Channel),
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
    /// The channel a channel-access product lets its buyers into.
    pub channel_id: Option<i64>,
    pub channel_title: Option<String>,
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
    /// For text, file and channel products: units to sell, `None` unlimited. Code products
    /// count codes.
    pub stock: Option<i64>,
    pub content: Option<String>,
    /// For a channel-access product: the channel (one the bot administers) it lets buyers into.
    pub channel_id: Option<i64>,
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
        if self.kind == Kind::Channel && self.channel_id.is_none() {
            return Err(Error::invalid(
                "Choose the channel buyers join. Channels are added in Subscriptions → Channels.",
            ));
        }
        // Telegram measures a message in UTF-16 units (an emoji is two) and allows 4,096; the
        // goods message adds its heading to this text.
        if self
            .content
            .as_deref()
            .is_some_and(|c| utf16_len(c) > MAX_CONTENT)
        {
            return Err(Error::invalid(
                "The text to deliver is too long for one Telegram message: at most 3,500 \
                 characters, where Telegram counts an emoji or a rare symbol as two.",
            ));
        }
        Ok(())
    }

    /// The draft as stored: trimmed, and a code product's stock counted from its codes.
    fn cleaned(&self) -> ProductDraft {
        ProductDraft {
            title: self.title.trim().to_string(),
            description: self.description.trim().to_string(),
            stock: if self.kind == Kind::Code {
                None
            } else {
                self.stock
            },
            channel_id: self.channel_id.filter(|_| self.kind == Kind::Channel),
            ..self.clone()
        }
    }
}

/// The longest text a text product delivers, in UTF-16 units.
pub const MAX_CONTENT: usize = 3500;

pub fn validate_price(price: i64) -> Result<()> {
    if !(MIN_PRICE..=MAX_PRICE).contains(&price) {
        return Err(Error::invalid(
            "The price must be a whole number of Stars from 1 to 10,000.",
        ));
    }
    Ok(())
}

pub async fn list(db: impl SqliteExecutor<'_>, include_archived: bool) -> Result<Vec<Product>> {
    db::products::list(db, include_archived, now()).await
}

pub async fn get(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<Product>> {
    db::products::get(db, id, now()).await
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
    pub channel_id: Option<i64>,
}

/// A product as the trail names it: "Game key (product #3)", the title first to read at a glance.
pub fn subject(id: i64, title: &str) -> String {
    format!("{title} (product #{id})")
}

/// "1 Star", "1,500 Stars".
pub fn stars(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(d);
    }
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{grouped} {}", if n == 1 { "Star" } else { "Stars" })
}

fn kind_words(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "text",
        Kind::Code => "code pool",
        Kind::File => "file",
        Kind::Channel => "channel access",
    }
}

fn limit_words(limit: Option<i64>) -> String {
    match limit {
        Some(n) => format!("at most {n} per customer"),
        None => "no limit per customer".into(),
    }
}

fn stock_words(stock: Option<i64>) -> String {
    match stock {
        Some(n) => format!("{n} left"),
        None => "unlimited".into(),
    }
}

/// What a new product is, in a line: "code pool · 150 Stars · at most 3 per customer",
/// "channel access to Insiders · 300 Stars · at most 1 per customer".
fn summary(draft: &ProductDraft, channel: Option<&str>) -> String {
    let kind = match channel {
        Some(title) => format!("{} to {title}", kind_words(draft.kind)),
        None => kind_words(draft.kind).to_string(),
    };
    let mut out = format!("{kind} · {}", stars(draft.price));
    if draft.per_customer_limit.is_some() {
        out.push_str(&format!(" · {}", limit_words(draft.per_customer_limit)));
    }
    if let Some(n) = draft.stock {
        out.push_str(&format!(" · {n} to sell"));
    }
    out
}

fn text_or_none(s: &str) -> Option<String> {
    Some(s.to_string()).filter(|s| !s.is_empty())
}

pub async fn create(store: &Store, who: &Who, draft: &ProductDraft) -> Result<Product> {
    create_as(store, Some(who), draft).await
}

/// `create`, recorded in the trail as done by `who`; with none, not recorded (the demo's
/// sample catalog is the demo's, not anyone's action).
pub(crate) async fn create_as(
    store: &Store,
    who: Option<&Who>,
    draft: &ProductDraft,
) -> Result<Product> {
    draft.validate()?;
    let draft = draft.cleaned();
    let mut tx = store.write.begin().await?;
    let channel = match draft.channel_id {
        Some(id) => Some(usable_channel(&mut *tx, id).await?),
        None => None,
    };
    let id = db::products::insert(&mut *tx, &draft, now()).await?;
    if let Some(who) = who {
        let line = Line {
            action: "product.create",
            subject: subject(id, &draft.title),
            before: None,
            after: Some(summary(&draft, channel.as_ref().map(|c| c.title.as_str()))),
            reason: "",
        };
        audit::record(&mut *tx, who, line).await?;
    }
    tx.commit().await?;
    get(&store.write, id)
        .await?
        .ok_or(Error::NotFound("product"))
}

/// A channel a channel-access product may grant: known, and the bot able to let buyers in and
/// to take them out again after a refund.
async fn usable_channel(db: impl SqliteExecutor<'_>, id: i64) -> Result<Channel> {
    let channel = db::subscriptions::channel(db, id).await?.ok_or_else(|| {
        Error::invalid(
            "That channel is not in the Channels list: add it in Subscriptions → Channels first.",
        )
    })?;
    match channel.problem() {
        Some(problem) => Err(Error::invalid(problem)),
        None => Ok(channel),
    }
}

/// Saves the merchant's edit; each change a customer sees (title, description, price, the
/// text delivered, the limit, the units to sell) is a line of the trail, in the same
/// transaction.
pub async fn update(store: &Store, who: &Who, id: i64, draft: &ProductDraft) -> Result<Product> {
    draft.validate()?;
    let draft = draft.cleaned();
    let mut tx = store.write.begin().await?;
    let current = db::products::get(&mut *tx, id, now())
        .await?
        .ok_or(Error::NotFound("product"))?;
    if current.kind != draft.kind {
        return Err(Error::invalid(
            "A product's kind cannot change after it is created; create a new product instead.",
        ));
    }
    if current.channel_id != draft.channel_id {
        return Err(Error::invalid(
            "The channel cannot change after the product is created: its buyers joined this one. \
             Create a new product for another channel.",
        ));
    }
    db::products::update(&mut *tx, id, &draft, now()).await?;
    let subject = subject(id, &current.title);
    let mut changes: Vec<(&str, Option<String>, Option<String>)> = Vec::new();
    if current.title != draft.title {
        changes.push((
            "product.title",
            Some(current.title.clone()),
            Some(draft.title.clone()),
        ));
    }
    if current.description != draft.description {
        changes.push((
            "product.description",
            text_or_none(&current.description),
            text_or_none(&draft.description),
        ));
    }
    if current.price != draft.price {
        changes.push((
            "product.price",
            Some(stars(current.price)),
            Some(stars(draft.price)),
        ));
    }
    if current.content != draft.content {
        changes.push((
            "product.content",
            current.content.clone(),
            draft.content.clone(),
        ));
    }
    if current.per_customer_limit != draft.per_customer_limit {
        changes.push((
            "product.limit",
            Some(limit_words(current.per_customer_limit)),
            Some(limit_words(draft.per_customer_limit)),
        ));
    }
    // The form shows the units left (what is not held) and sends them back as the stock.
    if draft.kind != Kind::Code && current.stock_left != draft.stock {
        changes.push((
            "product.stock",
            Some(stock_words(current.stock_left)),
            Some(stock_words(draft.stock)),
        ));
    }
    for (action, before, after) in changes {
        let line = Line {
            action,
            subject: subject.clone(),
            before,
            after,
            reason: "",
        };
        audit::record(&mut *tx, who, line).await?;
    }
    tx.commit().await?;
    get(&store.write, id)
        .await?
        .ok_or(Error::NotFound("product"))
}

/// Archived products leave the catalog; their orders stay.
pub async fn set_active(store: &Store, who: &Who, id: i64, active: bool) -> Result<Product> {
    let mut tx = store.write.begin().await?;
    let current = db::products::terms(&mut *tx, id)
        .await?
        .ok_or(Error::NotFound("product"))?;
    if current.active != active {
        db::products::set_active(&mut *tx, id, active, now()).await?;
        let (action, before, after) = if active {
            ("product.unarchive", "archived", "on sale")
        } else {
            ("product.archive", "on sale", "archived")
        };
        let line = Line {
            action,
            subject: subject(id, &current.title),
            before: Some(before.into()),
            after: Some(after.into()),
            reason: "",
        };
        audit::record(&mut *tx, who, line).await?;
    }
    tx.commit().await?;
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
    /// A header row recognised and skipped (`code`, `key`, …), as it was written.
    pub header: Option<String>,
}

/// The longest code, in characters.
pub const MAX_CODE: usize = 256;

/// Adds one code per line of a pasted list or a CSV file (its first field, RFC 4180 quoting);
/// duplicates and blank lines are counted, not added. A line that cannot be read stops the
/// import with its line number, and nothing is imported.
pub async fn import_codes(
    store: &Store,
    who: &Who,
    product_id: i64,
    text: &str,
) -> Result<CodeImport> {
    import_codes_as(store, Some(who), product_id, text).await
}

/// One part of a longer list, whose first line is line `first_line` of the whole (the window
/// imports a big file in parts, with a progress bar, after `check_codes` read it all): line
/// numbers in messages are the whole file's, and only the file's first line can be a header.
pub async fn import_codes_from(
    store: &Store,
    who: &Who,
    product_id: i64,
    text: &str,
    first_line: i64,
) -> Result<CodeImport> {
    import_codes_at(store, Some(who), product_id, text, first_line.max(1)).await
}

/// What a list of codes holds, read without importing anything: the window checks a whole file
/// before it imports it in parts, so that a line that cannot be read stops it with nothing added.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct CodeCheck {
    pub codes: i64,
    pub blank: i64,
    pub header: Option<String>,
}

pub fn check_codes(text: &str) -> Result<CodeCheck> {
    let (header, lines) = codes_of(text, 1)?;
    let codes = lines.iter().filter(|c| c.is_some()).count() as i64;
    Ok(CodeCheck {
        codes,
        blank: lines.len() as i64 - codes,
        header,
    })
}

/// `import_codes`, recorded as done by `who`, or not recorded (the demo's sample catalog).
pub(crate) async fn import_codes_as(
    store: &Store,
    who: Option<&Who>,
    product_id: i64,
    text: &str,
) -> Result<CodeImport> {
    import_codes_at(store, who, product_id, text, 1).await
}

async fn import_codes_at(
    store: &Store,
    who: Option<&Who>,
    product_id: i64,
    text: &str,
    first_line: i64,
) -> Result<CodeImport> {
    let product = get(&store.write, product_id)
        .await?
        .ok_or(Error::NotFound("product"))?;
    if product.kind != Kind::Code {
        return Err(Error::invalid(
            "Codes can only be added to a code pool product.",
        ));
    }
    let (header, codes) = codes_of(text, first_line)?;
    let mut summary = CodeImport {
        header,
        ..CodeImport::default()
    };
    let at = now();
    let mut tx = store.write.begin().await?;
    for code in codes {
        let Some(code) = code else {
            summary.blank += 1;
            continue;
        };
        if db::codes::insert(&mut *tx, product_id, &code, at).await? {
            summary.added += 1;
        } else {
            summary.duplicates += 1;
        }
    }
    if let Some(who) = who
        && summary.added + summary.duplicates > 0
    {
        let line = Line {
            action: "product.codes",
            subject: subject(product_id, &product.title),
            before: None,
            after: Some(import_words(&summary)),
            reason: "",
        };
        audit::record(&mut *tx, who, line).await?;
    }
    tx.commit().await?;
    Ok(summary)
}

/// "25 added, 1 duplicate".
fn import_words(summary: &CodeImport) -> String {
    let mut out = format!("{} added", summary.added);
    match summary.duplicates {
        0 => {}
        1 => out.push_str(", 1 duplicate"),
        n => out.push_str(&format!(", {n} duplicates")),
    }
    out
}

/// The first field of each line (`None` for a blank line), read with the `csv` crate: commas,
/// semicolons or tabs between fields, `"…"` quoting with `""` for a quote.
/// Words a CSV's header row names its code column with; never a code anyone sells.
const HEADER_WORDS: [&str; 14] = [
    "code",
    "codes",
    "key",
    "keys",
    "license",
    "licence",
    "license key",
    "licence key",
    "serial",
    "serial number",
    "voucher",
    "coupon",
    "gift code",
    "activation code",
];

/// The first field of each line (`None` for a blank one), and the header row when the file's
/// first line is one; `first_line` numbers the text's first line in the whole file.
fn codes_of(text: &str, first_line: i64) -> Result<(Option<String>, Vec<Option<String>>)> {
    let text = text.trim_start_matches('\u{feff}');
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .find(|d| {
            text.lines()
                .next()
                .is_some_and(|l| l.as_bytes().contains(d))
        })
        .unwrap_or(b',');
    let mut out = Vec::new();
    let mut header = None;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            out.push(None);
            continue;
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(line.trim().as_bytes());
        let record = match reader.records().next() {
            Some(Ok(r)) => r,
            Some(Err(e)) => {
                return Err(Error::invalid(format!(
                    "Line {} cannot be read ({e}). Nothing was imported.",
                    i as i64 + first_line
                )));
            }
            None => {
                out.push(None);
                continue;
            }
        };
        let code = record.get(0).unwrap_or("").trim().to_string();
        if i == 0 && first_line == 1 && HEADER_WORDS.contains(&code.to_lowercase().as_str()) {
            header = Some(code);
            continue;
        }
        if code.chars().count() > MAX_CODE {
            return Err(Error::invalid(format!(
                "The code on line {} is longer than {MAX_CODE} characters: \"{}…\". Nothing was imported.",
                i as i64 + first_line,
                code.chars().take(24).collect::<String>()
            )));
        }
        out.push(Some(code).filter(|c| !c.is_empty()));
    }
    Ok((header, out))
}

pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;

/// Sets the file a file product delivers; the next sale uploads it to Telegram again.
pub async fn set_file(
    store: &Store,
    who: &Who,
    product_id: i64,
    file_name: &str,
    mime_type: &str,
    data: &[u8],
) -> Result<()> {
    set_file_as(store, Some(who), product_id, file_name, mime_type, data).await
}

/// `set_file`, recorded as done by `who`, or not recorded (the demo's sample catalog).
pub(crate) async fn set_file_as(
    store: &Store,
    who: Option<&Who>,
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
    let mut tx = store.write.begin().await?;
    db::products::set_file(&mut *tx, product_id, name, mime_type, data).await?;
    if let Some(who) = who {
        let line = Line {
            action: "product.file",
            subject: subject(product_id, &product.title),
            before: product.file_name.clone(),
            after: Some(format!("{name} ({})", size_words(data.len()))),
            reason: "",
        };
        audit::record(&mut *tx, who, line).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// "820 bytes", "12 KB", "3.4 MB".
fn size_words(bytes: usize) -> String {
    match bytes {
        b if b < 1024 => format!("{b} bytes"),
        b if b < 1024 * 1024 => format!("{} KB", b.div_ceil(1024)),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

pub struct ProductFile {
    pub file_name: String,
    pub mime_type: String,
    pub data: Vec<u8>,
    pub telegram_file_id: Option<String>,
}

/// Copies the products on sale (with their unsold codes and files) from one shop into another:
/// what a merchant who rehearsed in demo mode keeps when connecting a real bot. Orders,
/// customers and settings stay behind, and so do channel-access products: their channels are
/// the demo's, not the merchant's. Recorded in `to`'s trail as one line by `who`. Returns how
/// many products were copied.
pub async fn copy_catalog(from: &Store, to: &Store, who: &Who) -> Result<i64> {
    let products: Vec<Product> = list(&from.read, false)
        .await?
        .into_iter()
        .filter(|p| p.kind != Kind::Channel)
        .collect();
    let at = now();
    let mut tx = to.write.begin().await?;
    for p in &products {
        let draft = ProductDraft {
            kind: p.kind,
            title: p.title.clone(),
            description: p.description.clone(),
            price: p.price,
            per_customer_limit: p.per_customer_limit,
            stock: if p.kind == Kind::Code {
                None
            } else {
                p.stock_left
            },
            content: p.content.clone(),
            channel_id: None,
        };
        let id = db::products::insert(&mut *tx, &draft, at).await?;
        for code in db::codes::available(&from.read, p.id).await? {
            db::codes::insert(&mut *tx, id, &code, at).await?;
        }
        if let Some(f) = db::products::file(&from.read, p.id).await? {
            db::products::set_file(&mut *tx, id, &f.file_name, &f.mime_type, &f.data).await?;
        }
    }
    if !products.is_empty() {
        let titles: Vec<&str> = products.iter().map(|p| p.title.as_str()).collect();
        let line = Line {
            action: "catalog.copy",
            subject: "catalog".into(),
            before: Some("no products".into()),
            after: Some(format!(
                "{} from the demo shop: {}",
                if products.len() == 1 {
                    "1 product".to_string()
                } else {
                    format!("{} products", products.len())
                },
                titles.join(", ")
            )),
            reason: "",
        };
        audit::record(&mut *tx, who, line).await?;
    }
    tx.commit().await?;
    Ok(products.len() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_fields(text: &str) -> Vec<Option<String>> {
        codes_of(text, 1).unwrap().1
    }

    #[test]
    fn a_header_row_is_recognised_and_skipped() {
        let (header, codes) = codes_of("Code,Used\nKEY-1,no\nKEY-2,no", 1).unwrap();
        assert_eq!(header.as_deref(), Some("Code"));
        assert_eq!(
            codes,
            [Some("KEY-1".to_string()), Some("KEY-2".to_string())]
        );
        let (header, _) = codes_of("\u{feff}\"license key\";batch\nA;1", 1).unwrap();
        assert_eq!(header.as_deref(), Some("license key"));
        // Only the first line can be a header; a code is never taken for one elsewhere.
        let (header, codes) = codes_of("ABC\ncode", 1).unwrap();
        assert_eq!(header, None);
        assert_eq!(codes.len(), 2);
        // A later part of a file starts with a code, not a header; its lines keep their numbers.
        let (header, codes) = codes_of("code\nX", 501).unwrap();
        assert_eq!((header, codes.len()), (None, 2));
        let e = codes_of(&format!("ok\n{}", "X".repeat(300)), 501)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("The code on line 502 is longer"), "{e}");
        let whole = check_codes("code\nA\n\nB").unwrap();
        assert_eq!(
            (whole.codes, whole.blank, whole.header.as_deref()),
            (2, 1, Some("code"))
        );
    }

    #[test]
    fn a_csv_line_gives_its_first_field() {
        let got = first_fields("  ABC-1 \nABC-2,used,2024\n\"AB,C\",x\n   \n\"TJ-\"\"7\"\"\",y");
        let want = ["ABC-1", "ABC-2", "AB,C", "", "TJ-\"7\""];
        let want: Vec<Option<String>> = want
            .iter()
            .map(|c| Some(c.to_string()).filter(|c| !c.is_empty()))
            .collect();
        assert_eq!(got, want);
        assert_eq!(first_fields("\u{feff}X1;y"), vec![Some("X1".to_string())]);
    }

    #[test]
    fn texts_are_measured_as_telegram_measures_them() {
        let draft = |content: String| ProductDraft {
            kind: Kind::Text,
            title: "Guide".into(),
            description: String::new(),
            price: 5,
            per_customer_limit: None,
            stock: None,
            content: Some(content),
            channel_id: None,
        };
        // 3,000 emoji are 3,000 characters but 6,000 UTF-16 units: too long for one message.
        let e = draft("🎉".repeat(3000)).validate().unwrap_err().to_string();
        assert!(e.contains("too long"), "{e}");
        assert!(draft("🎉".repeat(1750)).validate().is_ok());
        assert!(draft("a".repeat(3500)).validate().is_ok());
    }

    #[test]
    fn the_trail_says_stars_and_imports_in_words() {
        assert_eq!(stars(1), "1 Star");
        assert_eq!(stars(150), "150 Stars");
        assert_eq!(stars(10_000), "10,000 Stars");
        assert_eq!(stars(1_234_567), "1,234,567 Stars");
        let import = |added, duplicates| CodeImport {
            added,
            duplicates,
            blank: 3,
            header: None,
        };
        assert_eq!(import_words(&import(25, 1)), "25 added, 1 duplicate");
        assert_eq!(import_words(&import(2, 0)), "2 added");
        assert_eq!(import_words(&import(0, 4)), "0 added, 4 duplicates");
        assert_eq!(size_words(820), "820 bytes");
        assert_eq!(size_words(12 * 1024), "12 KB");
    }

    #[test]
    fn an_unknown_kind_is_an_error() {
        assert!(Kind::parse("text").is_ok());
        assert!(Kind::parse("voucher").is_err());
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
