//! The books beside Telegram's balance, for the window and stardeskd: a check, "Reconcile now",
//! and the last check kept. Progress reaches the window as `BooksProgress` events.

use super::Desk;
use crate::{
    books::{self, Books, Progress, Reconciled},
    error::{Error, Result},
    events::AppEvent,
    shop::Shop,
    token,
};

impl Desk {
    /// Reads Telegram's whole ledger and balance and sets them beside the store.
    pub async fn books_check(&self) -> Result<Books> {
        let (shop, api, bot_id) = self.telegram_of_bot("the check with Telegram")?;
        let progress = progress_of(&shop);
        self.redacted(books::check(&shop, api.as_ref(), bot_id, &progress).await)
    }

    /// Reconciles with Telegram's ledger (what can be fixed is), then checks again.
    pub async fn books_reconcile(&self) -> Result<Reconciled> {
        let (shop, api, bot_id) = self.telegram_of_bot("the reconciliation with Telegram")?;
        let progress = progress_of(&shop);
        self.redacted(books::reconcile(&shop, api.as_ref(), bot_id, &progress).await)
    }

    /// The last check, without asking Telegram.
    pub async fn books_last(&self) -> Result<Option<Books>> {
        books::last(&self.shop()).await
    }

    /// Telegram's errors never carry the token.
    fn redacted<T>(&self, r: Result<T>) -> Result<T> {
        let token = self.session().token.clone();
        r.map_err(|e| match (e, &token) {
            (Error::Telegram(m), Some((t, _))) => Error::Telegram(token::redact(&m, t)),
            (e, _) => e,
        })
    }
}

fn progress_of(shop: &Shop) -> impl Fn(Progress) + Send + Sync + use<> {
    let shop = shop.clone();
    move |p: Progress| {
        shop.emit(AppEvent::BooksProgress {
            scanned: p.scanned,
            expected: p.expected,
            phase: p.phase,
        })
    }
}
