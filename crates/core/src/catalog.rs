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
    /// A sale that leaves this many units or fewer warns the merchant; 0 never warns.
    pub low_stock: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Product {
    /// Limited stock at or below the product's low-stock mark (a mark of 0 never is).
    pub fn running_low(&self) -> bool {
        self.low_stock > 0 && self.stock_left.is_some_and(|left| left <= self.low_stock)
    }
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
    /// The low-stock mark (0: none), whether its warning was given, and the codes on sale.
    pub low_stock: i64,
    pub low_stock_warned: bool,
    pub codes_on_sale: i64,
}

impl Terms {
    /// Whether a sale leaving `codes_left` codes on sale may bring the product to its low-stock
    /// mark, so that the warning has to be looked at.
    pub fn may_run_low(&self, codes_left: i64) -> bool {
        self.active
            && self.low_stock > 0
            && !self.low_stock_warned
            && !(self.kind == Kind::Code && codes_left > self.low_stock)
    }
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
    stock_refilled(&mut tx, id).await?;
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
    if summary.added > 0 {
        stock_refilled(&mut tx, product_id).await?;
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

/// The first field of each record (`None` for a blank line), and the header row when the
/// file's first line is one; `first_line` numbers the text's first line in the whole file.
/// Records follow RFC 4180, read with the `csv` crate: commas, semicolons or tabs between
/// fields (as the first line uses them), `"…"` quoting with `""` for a quote, a quoted field may
/// hold the delimiter and, past the code, even a line break. A plain list is one code a line.
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
    for (i, record) in records(text, delimiter, first_line)? {
        let line = i - first_line;
        if record.trim().is_empty() {
            out.push(None);
            continue;
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(record.trim().as_bytes());
        let fields = match reader.records().next() {
            Some(Ok(r)) => r,
            Some(Err(e)) => {
                return Err(Error::invalid(format!(
                    "Line {i} cannot be read ({e}). Nothing was imported."
                )));
            }
            None => {
                out.push(None);
                continue;
            }
        };
        let code = fields.get(0).unwrap_or("").trim().to_string();
        if line == 0 && first_line == 1 && HEADER_WORDS.contains(&code.to_lowercase().as_str()) {
            header = Some(code);
            continue;
        }
        if code.contains(['\n', '\r']) {
            return Err(Error::invalid(format!(
                "The code on line {i} runs over a line break: a quote there may be missing its \
                 closing quote. Nothing was imported."
            )));
        }
        if code.chars().count() > MAX_CODE {
            return Err(Error::invalid(format!(
                "The code on line {i} is longer than {MAX_CODE} characters: \"{}…\". Nothing was imported.",
                code.chars().take(24).collect::<String>()
            )));
        }
        out.push(Some(code).filter(|c| !c.is_empty()));
    }
    Ok((header, out))
}

/// The text cut into records, each with the number of the line it starts on: a line break
/// inside a quoted field belongs to its record. A quote opened and never closed, or text
/// straight after a closing quote, is a line that cannot be read.
fn records(text: &str, delimiter: u8, first_line: i64) -> Result<Vec<(i64, &str)>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut line = first_line;
    let mut record_line = first_line;
    let mut field_start = true;
    let mut quoted = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if quoted {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                    // A closing quote ends the field: only spaces may follow before the next
                    // field or the end of the line.
                    let rest = bytes[i + 1..]
                        .iter()
                        .position(|&c| c != b' ')
                        .map(|p| bytes[i + 1 + p]);
                    if let Some(c) = rest
                        && c != delimiter
                        && c != b'\n'
                        && c != b'\r'
                    {
                        return Err(Error::invalid(format!(
                            "Line {line} cannot be read: a closing quote is followed by \"{}\" \
                             instead of a separator. Put the whole code in quotes, writing each \
                             quote inside it twice (\"\"). Nothing was imported.",
                            char::from(c)
                        )));
                    }
                }
            } else if b == b'\n' {
                line += 1;
            }
        } else if b == b'\n' {
            let end = if i > start && bytes[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            out.push((record_line, &text[start..end]));
            line += 1;
            record_line = line;
            start = i + 1;
            field_start = true;
        } else if b == delimiter {
            field_start = true;
        } else if b == b'"' && field_start {
            quoted = true;
            field_start = false;
        } else if b != b' ' {
            field_start = false;
        }
        i += 1;
    }
    if quoted {
        return Err(Error::invalid(format!(
            "Line {record_line} cannot be read: a quote opened there is never closed. \
             Nothing was imported."
        )));
    }
    if start < text.len() {
        let end = text[start..].trim_end_matches('\r');
        out.push((record_line, end));
    }
    Ok(out)
}

/// Where a code of the pool is.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CodeState {
    /// On sale (a code whose checkout hold ran out is on sale again).
    InStock,
    /// Kept for a customer who is paying right now.
    Held,
    /// Delivered with an order.
    Sold,
    /// Sold, then refunded: the customer's code no longer counts, and it is never sold again.
    Revoked,
    /// Taken out of the pool by the merchant: never sold, until the removal is undone.
    Removed,
}

impl CodeState {
    pub fn as_str(self) -> &'static str {
        match self {
            CodeState::InStock => "in_stock",
            CodeState::Held => "held",
            CodeState::Sold => "sold",
            CodeState::Revoked => "revoked",
            CodeState::Removed => "removed",
        }
    }

    pub(crate) fn parse(s: &str) -> CodeState {
        match s {
            "held" => CodeState::Held,
            "sold" => CodeState::Sold,
            "revoked" => CodeState::Revoked,
            "removed" => CodeState::Removed,
            _ => CodeState::InStock,
        }
    }

    /// "in stock", "held", "sold to order #12", …
    pub fn words(self, order_id: Option<i64>) -> String {
        match (self, order_id) {
            (CodeState::InStock, _) => "in stock".into(),
            (CodeState::Held, _) => "held".into(),
            (CodeState::Sold, Some(id)) => format!("sold to order #{id}"),
            (CodeState::Sold, None) => "sold".into(),
            (CodeState::Revoked, Some(id)) => format!("revoked (order #{id} refunded)"),
            (CodeState::Revoked, None) => "revoked".into(),
            (CodeState::Removed, _) => "removed".into(),
        }
    }
}

/// One code of a product's pool.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CodeRow {
    pub id: i64,
    pub code: String,
    pub state: CodeState,
    /// The order it was sold with.
    pub order_id: Option<i64>,
    pub created_at: i64,
    pub removed_at: Option<i64>,
    /// The removal that took it out, for Undo.
    pub removal_id: Option<i64>,
}

/// What a product's pool holds, among the codes a search matches.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct CodeCounts {
    pub in_stock: i64,
    pub held: i64,
    pub sold: i64,
    pub revoked: i64,
    pub removed: i64,
}

impl CodeCounts {
    pub fn total(&self) -> i64 {
        self.in_stock + self.held + self.sold + self.revoked + self.removed
    }

    pub fn of(&self, state: Option<CodeState>) -> i64 {
        match state {
            None => self.total(),
            Some(CodeState::InStock) => self.in_stock,
            Some(CodeState::Held) => self.held,
            Some(CodeState::Sold) => self.sold,
            Some(CodeState::Revoked) => self.revoked,
            Some(CodeState::Removed) => self.removed,
        }
    }
}

/// Which codes of a pool to list: a part of the code (any case) and a state, either empty for
/// all; `offset` and `limit` page the list.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct CodeQuery {
    pub product_id: i64,
    pub search: String,
    pub state: Option<CodeState>,
    pub offset: i64,
    pub limit: i64,
}

pub const MAX_CODE_PAGE: i64 = 1000;

async fn code_product(db: impl SqliteExecutor<'_>, product_id: i64) -> Result<Product> {
    let product = db::products::get(db, product_id, now())
        .await?
        .ok_or(Error::NotFound("product"))?;
    if product.kind != Kind::Code {
        return Err(Error::invalid("Only a code pool product has codes."));
    }
    Ok(product)
}

/// One page of a product's codes, in the order they were added.
pub async fn codes_page(db: impl SqliteExecutor<'_>, q: &CodeQuery) -> Result<Vec<CodeRow>> {
    let state = q.state.map_or("", CodeState::as_str);
    db::codes::page(
        db,
        q.product_id,
        q.search.trim(),
        state,
        now(),
        q.offset.max(0),
        q.limit.clamp(1, MAX_CODE_PAGE),
    )
    .await
}

/// How many codes of the pool are in each state, among those `search` matches.
pub async fn code_counts(store: &Store, product_id: i64, search: &str) -> Result<CodeCounts> {
    code_product(&store.read, product_id).await?;
    let [in_stock, held, sold, revoked, removed] =
        db::codes::counts(&store.read, product_id, search.trim(), now()).await?;
    Ok(CodeCounts {
        in_stock,
        held,
        sold,
        revoked,
        removed,
    })
}

/// What a removal took out of the pool; `removal_id` undoes it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CodeRemoval {
    pub removal_id: i64,
    pub removed: i64,
    /// Codes asked for that could not be removed: sold, held for a paying customer, or out
    /// already.
    pub skipped: i64,
}

/// Takes unsold codes out of a product's pool, in one step that `restore_codes` undoes: they
/// stay listed as removed and are never sold. Sold and held codes are left as they are.
pub async fn remove_codes(
    store: &Store,
    who: &Who,
    product_id: i64,
    code_ids: &[i64],
) -> Result<CodeRemoval> {
    if code_ids.is_empty() {
        return Err(Error::invalid("Choose the codes to remove."));
    }
    let mut tx = store.write.begin().await?;
    let product = code_product(&mut *tx, product_id).await?;
    let removal_id = db::codes::next_removal(&mut *tx).await?;
    let at = now();
    let mut removed = 0;
    for &id in code_ids {
        if db::codes::remove(&mut *tx, product_id, id, removal_id, at).await? {
            removed += 1;
        }
    }
    if removed > 0 {
        let codes = db::codes::of_removal(&mut *tx, product_id, removal_id).await?;
        let line = Line {
            action: "product.codes.remove",
            subject: subject(product_id, &product.title),
            before: None,
            after: Some(codes_words("removed", &codes)),
            reason: "",
        };
        audit::record(&mut *tx, who, line).await?;
    }
    tx.commit().await?;
    Ok(CodeRemoval {
        removal_id,
        removed,
        skipped: code_ids.len() as i64 - removed,
    })
}

/// Puts back exactly the codes one removal took out; returns how many.
pub async fn restore_codes(
    store: &Store,
    who: &Who,
    product_id: i64,
    removal_id: i64,
) -> Result<i64> {
    let mut tx = store.write.begin().await?;
    let product = code_product(&mut *tx, product_id).await?;
    let codes = db::codes::of_removal(&mut *tx, product_id, removal_id).await?;
    let restored = db::codes::restore(&mut *tx, product_id, removal_id).await?;
    if restored > 0 {
        let line = Line {
            action: "product.codes.restore",
            subject: subject(product_id, &product.title),
            before: None,
            after: Some(codes_words("put back", &codes)),
            reason: "",
        };
        audit::record(&mut *tx, who, line).await?;
    }
    stock_refilled(&mut tx, product_id).await?;
    tx.commit().await?;
    Ok(restored)
}

/// The latest removal from a product's pool that can still be undone.
pub async fn last_removal(store: &Store, product_id: i64) -> Result<Option<i64>> {
    db::codes::last_removal(&store.read, product_id).await
}

/// "3 codes removed: A, B, C", the first few named.
fn codes_words(done: &str, codes: &[String]) -> String {
    const NAMED: usize = 5;
    let n = codes.len();
    let mut out = format!(
        "{n} {} {done}: {}",
        if n == 1 { "code" } else { "codes" },
        codes
            .iter()
            .take(NAMED)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    );
    if n > NAMED {
        out.push_str(&format!(" and {} more", n - NAMED));
    }
    out
}

/// Every code of a product with its state, as CSV rows: code, state, order.
pub async fn code_rows(store: &Store, product_id: i64) -> Result<Vec<[String; 3]>> {
    code_product(&store.read, product_id).await?;
    let rows = db::codes::page(&store.read, product_id, "", "", now(), 0, -1).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            [
                crate::exports::cell(&r.code).into_owned(),
                r.state.as_str().to_string(),
                r.order_id.map(|id| id.to_string()).unwrap_or_default(),
            ]
        })
        .collect())
}

/// Writes a product's codes with their state to a CSV file.
pub async fn export_codes(
    store: &Store,
    product_id: i64,
    path: &std::path::Path,
) -> Result<crate::exports::Export> {
    let rows = code_rows(store, product_id).await?;
    crate::exports::write(path, &["code", "state", "order"], rows)
}

/// The code an order delivered, if a code product's.
pub async fn code_of_order(store: &Store, order_id: i64) -> Result<Option<String>> {
    db::codes::of_order(&store.read, order_id).await
}

/// Sets the stock at or below which a sale warns (0: never); recorded in the trail.
pub async fn set_low_stock(
    store: &Store,
    who: &Who,
    product_id: i64,
    low_stock: i64,
) -> Result<Product> {
    if !(0..=1_000_000).contains(&low_stock) {
        return Err(Error::invalid(
            "The low-stock warning needs a whole number of units, 0 for never.",
        ));
    }
    let mut tx = store.write.begin().await?;
    let product = db::products::get(&mut *tx, product_id, now())
        .await?
        .ok_or(Error::NotFound("product"))?;
    if product.low_stock != low_stock {
        db::products::set_low_stock(&mut *tx, product_id, low_stock).await?;
        let words = |n: i64| match n {
            0 => "never".to_string(),
            n => format!("at {n} left"),
        };
        let line = Line {
            action: "product.low_stock",
            subject: subject(product_id, &product.title),
            before: Some(words(product.low_stock)),
            after: Some(words(low_stock)),
            reason: "",
        };
        audit::record(&mut *tx, who, line).await?;
    }
    tx.commit().await?;
    get(&store.write, product_id)
        .await?
        .ok_or(Error::NotFound("product"))
}

/// The product suggested under the receipt of `product_id` ("customers also bought").
pub async fn also_bought(store: &Store, product_id: i64) -> Result<Option<i64>> {
    db::products::also_bought_id(&store.read, product_id).await
}

/// Sets (or clears) the product suggested under the receipt of `product_id`.
pub async fn set_also_bought(
    store: &Store,
    who: &Who,
    product_id: i64,
    other: Option<i64>,
) -> Result<Option<i64>> {
    if other == Some(product_id) {
        return Err(Error::invalid(
            "Suggest another product than the one just bought.",
        ));
    }
    let mut tx = store.write.begin().await?;
    let product = db::products::get(&mut *tx, product_id, now())
        .await?
        .ok_or(Error::NotFound("product"))?;
    let title_of = async |tx: &mut sqlx::SqliteConnection, id: Option<i64>| -> Result<String> {
        Ok(match id {
            None => "none".into(),
            Some(id) => db::products::get(&mut *tx, id, now())
                .await?
                .map(|p| p.title)
                .ok_or_else(|| Error::invalid("The suggested product does not exist."))?,
        })
    };
    let before = db::products::also_bought_id(&mut *tx, product_id).await?;
    let after_title = title_of(&mut tx, other).await?;
    if before != other {
        let before_title = title_of(&mut tx, before)
            .await
            .unwrap_or_else(|_| "none".into());
        db::products::set_also_bought(&mut *tx, product_id, other).await?;
        let line = Line {
            action: "product.also_bought",
            subject: subject(product_id, &product.title),
            before: Some(before_title),
            after: Some(after_title),
            reason: "",
        };
        audit::record(&mut *tx, who, line).await?;
    }
    tx.commit().await?;
    Ok(other)
}

/// After stock was added: a product back above its mark will warn again on the next sale
/// that takes it down.
async fn stock_refilled(tx: &mut sqlx::SqliteConnection, product_id: i64) -> Result<()> {
    if let Some(p) = db::products::get(&mut *tx, product_id, now()).await?
        && !p.running_low()
    {
        db::products::set_low_stock_warned(&mut *tx, product_id, false).await?;
    }
    Ok(())
}

/// After a sale of `product_id`: when it left the product at or below its low-stock mark and
/// the merchant was not told yet, tells them (once, until the stock is back above the mark).
pub async fn after_sale(shop: &crate::shop::Shop, product_id: i64) -> Result<()> {
    // Most sales are far from the mark: the product's own row tells, before holds are counted.
    let Some(watch) = db::products::low_stock_watch(&shop.store.read, product_id).await? else {
        return Ok(());
    };
    if !watch.watched || watch.well_stocked {
        return Ok(());
    }
    let Some(p) = get(&shop.store.write, product_id).await? else {
        return Ok(());
    };
    if p.active
        && p.running_low()
        && db::products::set_low_stock_warned(&shop.store.write, product_id, true).await?
    {
        shop.emit(crate::events::AppEvent::StockLow {
            product_id,
            title: p.title,
            left: p.stock_left.unwrap_or(0),
            threshold: p.low_stock,
        });
    }
    Ok(())
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
