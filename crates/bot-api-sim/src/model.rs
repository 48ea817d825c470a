//! The records the simulator keeps: customers, messages, invoices, charges, channels.

use std::collections::{BTreeSet, HashSet};

use serde_json::Value;
use tokio::sync::watch;

/// A simulated customer.
#[derive(Debug, Clone)]
pub struct User {
    pub id: u64,
    pub first_name: String,
    pub username: Option<String>,
    pub language_code: Option<String>,
    pub stars: i64,
}

/// Message text (or a caption) after parse-mode processing.
#[derive(Debug, Clone, PartialEq)]
pub struct FormattedText {
    /// What the reader sees: tags removed, entities decoded.
    pub plain: String,
    /// The source as the bot sent it, when it was HTML.
    pub html: Option<String>,
    pub entities: Vec<Value>,
}

/// A file the bot sent, as it appears in a message.
#[derive(Debug, Clone)]
pub struct DocumentRef {
    pub file_id: String,
    pub file_unique_id: String,
    pub file_name: Option<String>,
    pub mime_type: String,
    pub file_size: u64,
}

/// The stored bytes behind a file_id.
#[derive(Debug, Clone)]
pub struct StoredFile {
    pub document: DocumentRef,
    pub bytes: bytes::Bytes,
}

/// An invoice as sendInvoice or createInvoiceLink described it.
#[derive(Debug, Clone)]
pub struct InvoiceSpec {
    pub title: String,
    pub description: String,
    pub payload: String,
    pub currency: String,
    pub total_amount: u32,
    pub start_parameter: String,
    pub subscription_period: Option<u32>,
}

impl InvoiceSpec {
    pub fn is_stars(&self) -> bool {
        self.currency == "XTR"
    }
}

/// One message in a private chat between a customer and the bot.
#[derive(Debug, Clone, Default)]
pub struct StoredMessage {
    pub message_id: i32,
    pub date: i64,
    pub from_bot: bool,
    pub text: Option<FormattedText>,
    pub caption: Option<FormattedText>,
    pub document: Option<DocumentRef>,
    pub invoice: Option<InvoiceSpec>,
    pub successful_payment: Option<Value>,
    pub refunded_payment: Option<Value>,
    /// Only inline keyboards are kept: they are all a Message can carry.
    pub reply_markup: Option<Value>,
    pub edit_date: Option<i64>,
}

/// A private chat: its messages in order and the next message id.
#[derive(Debug)]
pub struct Chat {
    pub messages: Vec<StoredMessage>,
    pub next_message_id: i32,
    /// Counts the bot's messages here; a customer's chat long poll waits on it. One signal
    /// per chat, so that a busy shop does not wake every waiting customer on every send.
    pub outbox: watch::Sender<u64>,
}

impl Default for Chat {
    fn default() -> Self {
        Self {
            messages: Vec::new(),
            next_message_id: 0,
            outbox: watch::Sender::new(0),
        }
    }
}

impl Chat {
    pub fn get(&self, message_id: i32) -> Option<&StoredMessage> {
        let i = self
            .messages
            .binary_search_by_key(&message_id, |m| m.message_id)
            .ok()?;
        self.messages.get(i)
    }

    pub fn get_mut(&mut self, message_id: i32) -> Option<&mut StoredMessage> {
        let i = self
            .messages
            .binary_search_by_key(&message_id, |m| m.message_id)
            .ok()?;
        self.messages.get_mut(i)
    }
}

/// A payment the bot received; its id is the telegram_payment_charge_id.
#[derive(Debug, Clone)]
pub struct Charge {
    pub user_id: u64,
    pub currency: String,
    pub amount: u32,
    pub payload: String,
    pub refunded: bool,
    /// Index into the bot's subscriptions, for a subscription payment.
    pub subscription: Option<usize>,
    /// Telegram's affiliate who brought the customer: a refund takes the commission back.
    pub affiliate: Option<Affiliate>,
}

/// Which way stars moved in a ledger entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// A customer paid the bot.
    Incoming,
    /// The bot refunded a customer.
    Outgoing,
}

/// One line of the bot's star ledger (getStarTransactions).
#[derive(Debug, Clone)]
pub struct LedgerEntry {
    pub id: String,
    /// The whole Stars the bot received or paid: net of an affiliate's commission.
    pub amount: u32,
    /// The fraction of a Star beside `amount`, in billionths (0 when whole).
    pub nanostar_amount: u32,
    /// The affiliate's share of the payment (negative on a refund, which takes it back).
    pub affiliate: Option<AffiliateShare>,
    pub date: i64,
    pub user_id: u64,
    pub payload: String,
    pub subscription_period: Option<u32>,
    pub direction: Direction,
}

/// A star subscription bought through a createInvoiceLink with subscription_period.
#[derive(Debug, Clone)]
pub struct Subscription {
    pub user_id: u64,
    pub invoice: InvoiceSpec,
    pub period: u32,
    pub expires_at: i64,
    pub canceled: bool,
    /// False once it lapsed (cancelled at expiry, or the customer lacked stars).
    pub active: bool,
    pub charge_ids: Vec<String>,
    /// The affiliate of the first payment earns on the renewals too.
    pub affiliate: Option<Affiliate>,
}

/// Telegram's affiliate program: who brought the paying customer to the bot, and the share of
/// each payment Telegram passes on to them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Affiliate {
    pub partner: AffiliatePartner,
    /// Stars to the affiliate per 1000 Stars paid, 1..=1000.
    pub commission_per_mille: u32,
}

/// A user or bot (`affiliate_user`) or a channel (`affiliate_chat`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AffiliatePartner {
    User(u64),
    Chat { id: i64, title: String },
}

/// A billion nanostars make a Star.
pub const NANOSTARS: i64 = 1_000_000_000;

impl Affiliate {
    /// The affiliate's commission on `total` Stars, in nanostars: exact, as Telegram keeps
    /// fractions of a Star (`amount` is rounded toward zero, the rest is `nanostar_amount`).
    pub fn commission_nanos(&self, total: u32) -> i64 {
        i64::from(total) * i64::from(self.commission_per_mille) * (NANOSTARS / 1000)
    }
}

/// An affiliate's part of one ledger line, as `AffiliateInfo` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffiliateShare {
    pub affiliate: Affiliate,
    /// Whole Stars, rounded toward zero; negative on a refund.
    pub amount: i64,
    /// The rest, in billionths of a Star, with the sign of `amount`.
    pub nanostar_amount: i64,
}

impl AffiliateShare {
    pub fn from_nanos(affiliate: Affiliate, nanos: i64) -> Self {
        Self {
            affiliate,
            // Integer division truncates toward zero: Telegram's "rounded to 0".
            amount: nanos / NANOSTARS,
            nanostar_amount: nanos % NANOSTARS,
        }
    }
}

/// A private channel the bot administers.
#[derive(Debug, Clone)]
pub struct Channel {
    pub id: i64,
    pub title: String,
    pub members: BTreeSet<u64>,
    pub banned: HashSet<u64>,
}

/// An invite link to a channel.
#[derive(Debug, Clone)]
pub struct InviteLink {
    pub link: String,
    pub chat_id: i64,
    pub creator_bot: u64,
    pub name: Option<String>,
    pub expire_date: Option<i64>,
    pub member_limit: Option<u32>,
    pub creates_join_request: bool,
    pub revoked: bool,
    pub joined: u32,
}
