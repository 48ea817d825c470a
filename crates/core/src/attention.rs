//! What the merchant must look at: nothing fails silently, it lands here and in an event.

use serde::{Deserialize, Serialize};

use crate::{
    db::{self, now},
    error::Result,
    events::AppEvent,
    shop::Shop,
};

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Attention {
    pub id: i64,
    pub kind: String,
    pub order_id: Option<i64>,
    pub message: String,
    pub created_at: i64,
}

/// Records an item for the merchant and tells the window.
pub async fn raise(shop: &Shop, kind: &str, order_id: Option<i64>, message: &str) -> Result<i64> {
    let id = db::attention::raise(&shop.store.write, kind, order_id, message, now()).await?;
    shop.emit(AppEvent::NeedsAttention {
        id,
        kind: kind.to_string(),
        order_id,
        message: message.to_string(),
    });
    Ok(id)
}

pub async fn open(shop: &Shop) -> Result<Vec<Attention>> {
    db::attention::open(&shop.store.read).await
}

pub async fn resolve(shop: &Shop, id: i64) -> Result<()> {
    db::attention::resolve(&shop.store.write, id, now()).await
}

/// Says more about an open item (what a flood came to once it was over), and tells the window.
pub async fn reword(shop: &Shop, id: i64, message: &str) -> Result<()> {
    if let Some(item) = db::attention::reword(&shop.store.write, id, message).await? {
        shop.emit(AppEvent::NeedsAttention {
            id,
            kind: item.kind,
            order_id: item.order_id,
            message: item.message,
        });
    }
    Ok(())
}
