//! The shop's handle: the store, the invoice secret, where events go, and the checkout rules.

use std::sync::Arc;

use crate::{
    clock::Clock,
    customers,
    db::{self, Store},
    error::Result,
    events::{AppEvent, EventSink, Events},
    pacer::{Limits, Pacer},
    refunds,
    telegram::RetryPolicy,
};

#[derive(Clone)]
pub struct Shop {
    pub store: Store,
    /// Signs invoice payloads so a forged or altered one is refused at pre-checkout.
    pub secret: Arc<[u8]>,
    pub events: Arc<dyn EventSink>,
    /// How long a "yes" at pre-checkout keeps a unit of stock for the customer.
    pub hold_seconds: i64,
    pub retry: RetryPolicy,
    pub recently_seen: Arc<customers::RecentlySeen>,
    /// Orders being refunded right now.
    pub refunding: Arc<refunds::InFlight>,
    /// Refund batches being run right now.
    pub batching: Arc<refunds::InFlight>,
    /// What subscriptions, reminders and the expiry queue read as "now".
    pub clock: Clock,
    /// Every message to Telegram takes its turn here, within Telegram's send limits.
    pub pacer: Arc<Pacer>,
    /// The limits against abuse as pre-checkout applies them.
    pub limits: Arc<crate::limits::Guard>,
    /// The bot's @username once it runs: links to its products (Share) carry it.
    pub bot_username: Arc<std::sync::RwLock<Option<String>>>,
}

pub const DEFAULT_HOLD_SECONDS: i64 = 120;

impl Shop {
    /// Loads the shop's secret (made on first start) and settings.
    pub async fn open(store: Store, events: Arc<dyn EventSink>) -> Result<Shop> {
        let fresh = hex::encode(rand::random::<[u8; 32]>());
        db::settings::set_once(&store.write, "payload_secret", &fresh).await?;
        let secret = db::settings::get(&store.write, "payload_secret")
            .await?
            .unwrap_or(fresh);
        let hold_seconds = db::settings::get(&store.write, "hold_seconds")
            .await?
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_HOLD_SECONDS);
        let pacer = Pacer::with_events(Some(Limits::TELEGRAM), Some(events.clone()));
        Ok(Shop {
            store,
            secret: Arc::from(secret.into_bytes()),
            events,
            hold_seconds,
            retry: RetryPolicy::default(),
            recently_seen: Arc::default(),
            refunding: Arc::default(),
            batching: Arc::default(),
            clock: Clock::default(),
            pacer: Arc::new(pacer),
            limits: Arc::default(),
            bot_username: Arc::default(),
        })
    }

    /// A shop whose events go to a broadcast channel.
    pub async fn open_with_events(store: Store) -> Result<(Shop, Events)> {
        let events = Events::default();
        let shop = Shop::open(store, Arc::new(events.clone())).await?;
        Ok((shop, events))
    }

    /// The bot's @username, once the bot has started.
    pub fn bot_username(&self) -> Option<String> {
        self.bot_username
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn emit(&self, event: AppEvent) {
        self.events.emit(event);
    }
}
