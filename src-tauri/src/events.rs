//! Core's events reach the window as one typed Tauri event, and each new sale as a desktop
//! notification when the merchant wants them.

use std::sync::atomic::{AtomicBool, Ordering};

use stardesk_core::events::{AppEvent, EventSink};
use tauri::{AppHandle, Emitter, Runtime};
use tauri_plugin_notification::NotificationExt;

/// The event the UI listens to; its payload is an `AppEvent`.
pub const APP_EVENT: &str = "app-event";

/// The Settings switch for sale notifications, read on every sale without touching the store.
#[derive(Debug)]
pub struct SaleNotifications(AtomicBool);

impl SaleNotifications {
    pub fn new(on: bool) -> SaleNotifications {
        SaleNotifications(AtomicBool::new(on))
    }

    pub fn set(&self, on: bool) {
        self.0.store(on, Ordering::Relaxed);
    }

    pub fn on(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

pub struct WindowEvents<R: Runtime> {
    app: AppHandle<R>,
    notifications: std::sync::Arc<SaleNotifications>,
}

impl<R: Runtime> WindowEvents<R> {
    pub fn new(app: AppHandle<R>, notifications: std::sync::Arc<SaleNotifications>) -> Self {
        WindowEvents { app, notifications }
    }
}

impl<R: Runtime> EventSink for WindowEvents<R> {
    fn emit(&self, event: AppEvent) {
        if let AppEvent::OrderCreated { order } = &event
            && self.notifications.on()
        {
            let app = self.app.clone();
            let body = format!(
                "{} · {} ⭐ · order #{}",
                order.product_title, order.stars, order.id
            );
            // A notification daemon can be slow or absent; a sale never waits for it.
            tauri::async_runtime::spawn_blocking(move || {
                if let Err(e) = app
                    .notification()
                    .builder()
                    .title("New sale")
                    .body(body)
                    .show()
                {
                    tracing::debug!(error = %e, "no desktop notification");
                }
            });
        }
        if let Err(e) = self.app.emit(APP_EVENT, &event) {
            tracing::warn!(error = %e, "event not delivered to the window");
        }
    }
}
