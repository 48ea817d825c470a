//! What core tells the outside world (the window, the terminal) as it happens.

use serde::Serialize;
use tokio::sync::broadcast;

use crate::orders::Order;

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum BotState {
    Stopped,
    Starting,
    Running,
    /// Telegram cannot be reached or refuses the token; the runtime keeps trying.
    Failing,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BotStatus {
    pub state: BotState,
    pub bot_username: Option<String>,
    pub last_update_at: Option<i64>,
    pub last_error: Option<String>,
    /// When this state was reached, in the order of every state of every bot of this process:
    /// a command's answer can reach the window after an event that is newer than it, and the
    /// window keeps the status with the higher number.
    pub seq: u32,
}

static STATUS_SEQ: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);

/// The next number in the order of the bot's states (see `BotStatus::seq`).
pub fn next_status_seq() -> u32 {
    STATUS_SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AppEvent {
    OrderCreated {
        order: Order,
    },
    OrderDelivered {
        order_id: i64,
    },
    DeliveryFailed {
        order_id: i64,
        error: String,
    },
    OrderRefunded {
        order_id: i64,
        reason: String,
    },
    BotStatusChanged {
        status: BotStatus,
    },
    /// Another shop was opened (demo mode's, or the real one after connecting a bot): every
    /// list in the window is another shop's now.
    ShopOpened {
        mode: crate::desk::Mode,
    },
    /// One order of a refund batch is done (or failed).
    RefundBatchProgress {
        batch_id: i64,
        order_id: i64,
        state: crate::refunds::batch::ItemState,
        message: String,
        done: i64,
        total: i64,
    },
    RefundBatchFinished {
        batch_id: i64,
        refunded: i64,
        failed: i64,
    },
    /// A customer asked for a refund in the chat.
    RefundRequested {
        request_id: i64,
        order_id: i64,
        customer_name: String,
        /// Approved at once by the automatic rule.
        auto_approved: bool,
    },
    RequestDecided {
        request_id: i64,
        state: crate::requests::RequestState,
    },
    /// A customer wrote to the bot (or support answered).
    SupportMessage {
        conversation_id: i64,
        customer_name: String,
        text: String,
        from_customer: bool,
    },
    /// An export the window started has written `rows` of its `total` (`job`: the name the
    /// window gave it, to follow and cancel it by).
    ExportProgress {
        job: String,
        rows: i64,
        total: i64,
    },
    /// Plans, channels, subscribers or the expiry queue changed.
    SubscriptionsChanged,
    /// Invoices expired (paid ones come with their order).
    InvoicesChanged,
    /// A customer hit a limit against abuse and is flagged with `reason` (empty: the flag was
    /// lifted).
    CustomerFlagged {
        customer_id: i64,
        reason: String,
    },
    /// Telegram's ledger reported affiliate commissions on this many orders' payments.
    AffiliatesRecorded {
        orders: i64,
    },
    /// A sale left a product with `left` units or fewer than its low-stock mark: said once,
    /// until the stock is back above the mark.
    StockLow {
        product_id: i64,
        title: String,
        left: i64,
        threshold: i64,
    },
    /// A check of the books against Telegram's ledger read another page (or finished).
    BooksProgress {
        scanned: i64,
        expected: i64,
        phase: crate::books::Phase,
    },
    /// A delivery's message started (`queued`) or stopped waiting for Telegram's send limit.
    DeliveryQueued {
        order_id: i64,
        delivery_id: i64,
        queued: bool,
    },
    NeedsAttention {
        id: i64,
        kind: String,
        order_id: Option<i64>,
        message: String,
    },
}

/// Where core's events go; the desktop shell forwards them to the window.
pub trait EventSink: Send + Sync {
    fn emit(&self, event: AppEvent);
}

/// The default sink: a broadcast channel any number of listeners subscribe to.
#[derive(Clone)]
pub struct Events {
    tx: broadcast::Sender<AppEvent>,
}

impl Default for Events {
    fn default() -> Self {
        let (tx, _) = broadcast::channel(1024);
        Events { tx }
    }
}

impl Events {
    pub fn subscribe(&self) -> broadcast::Receiver<AppEvent> {
        self.tx.subscribe()
    }
}

impl EventSink for Events {
    fn emit(&self, event: AppEvent) {
        // No listener is fine: the store holds the truth, events only spare a refresh.
        let _ = self.tx.send(event);
    }
}
