//! Tauri's build step, with an app manifest: each command below gets an `allow-…` permission, and
//! a command missing here cannot be called from the window at all.

const COMMANDS: &[&str] = &[
    "attention_list",
    "attention_resolve",
    "bot_status",
    "bot_start",
    "bot_stop",
    "bot_restart",
    "bot_keychain",
    "bot_check_token",
    "bot_connect",
    "bot_disconnect",
    "bot_reconcile",
    "catalog_list",
    "catalog_create",
    "catalog_update",
    "catalog_set_active",
    "catalog_import_codes",
    "catalog_set_file",
    "customers_page",
    "customers_count",
    "customer_set_blocked",
    "demo_shoppers",
    "demo_create_shopper",
    "demo_open_shop",
    "demo_send",
    "demo_press",
    "demo_pay",
    "demo_buy",
    "demo_chat",
    "orders_page",
    "orders_count",
    "order_detail",
    "order_deliver_again",
    "reports_overview",
    "reports_revenue",
    "reports_latest_orders",
    "settings_texts",
    "settings_set_text",
    "settings_reset_text",
    "settings_notifications",
    "settings_set_notifications",
    "window_ready",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build step");
}
