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
        if let Some((title, body)) = notice(&event, self.notifications.on()) {
            let app = self.app.clone();
            // A notification daemon can be slow or absent; the shop never waits for it.
            tauri::async_runtime::spawn_blocking(move || {
                if let Err(e) = app.notification().builder().title(title).body(body).show() {
                    tracing::debug!(error = %e, "no desktop notification");
                }
            });
        }
        if crate::tray::shows(&event) {
            crate::tray::refresh(&self.app);
        }
        if let Err(e) = self.app.emit(APP_EVENT, &event) {
            tracing::warn!(error = %e, "event not delivered to the window");
        }
    }
}

/// The desktop notification an event deserves: each sale (when the merchant wants them), each
/// refund request and each message a customer writes (support always wants those).
fn notice(event: &AppEvent, sales: bool) -> Option<(String, String)> {
    match event {
        AppEvent::OrderCreated { order } if sales => Some((
            "New sale".into(),
            format!(
                "{} · {} ⭐ · order #{}",
                order.product_title, order.stars, order.id
            ),
        )),
        AppEvent::RefundRequested {
            request_id,
            order_id,
            customer_name,
            auto_approved: false,
        } => Some((
            "Refund request".into(),
            format!("{customer_name} asks to refund order #{order_id} (request #{request_id})"),
        )),
        AppEvent::StockLow {
            title,
            left,
            threshold,
            ..
        } => Some((
            "Running low".into(),
            match left {
                0 => format!("{title} is sold out"),
                n => format!("{title}: {n} left (the warning is set at {threshold})"),
            },
        )),
        AppEvent::SupportMessage {
            customer_name,
            text,
            from_customer: true,
            ..
        } => Some((
            format!("Message from {customer_name}"),
            text.chars().take(120).collect(),
        )),
        _ => None,
    }
}
