//! The tray and quitting: the tray's menu follows today's sales and the bot's state; quitting with
//! deliveries owed stops the bot, and a delivery it could not finish is parked for the next
//! start, where it goes out; quitting says how many were in flight and parked.

use std::sync::Arc;

use stardesk_app::{
    events::{SaleNotifications, WindowEvents},
    tray::{self, Quit},
};
use stardesk_core::{
    catalog::{self, Kind},
    db, deliveries,
    desk::{Desk, DeskOptions},
    events::BotState,
    order_list,
};
use tauri::{
    Manager,
    test::{mock_builder, mock_context, noop_assets},
};

#[test]
fn the_tray_keeps_today_and_the_pause_item_current() {
    let data = tempfile::tempdir().unwrap();
    let app = app_with_shop(data.path());
    // The menu itself needs a desktop; what it says is followed without one.
    tray::watch(app.handle());
    let desk = app.state::<Desk>();
    let menu = |today: &str, pause: &str| {
        let end = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let lines = tray::menu_lines(app.handle()).expect("tray menu");
            if lines == (today.to_string(), pause.to_string()) {
                return;
            }
            if std::time::Instant::now() >= end {
                let st = tauri::async_runtime::block_on(desk.status());
                panic!("the tray says {lines:?}, not {today:?} / {pause:?}; status {st:?}");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    };
    menu("Today: no orders yet", "Resume selling");
    tauri::async_runtime::block_on(desk.start()).unwrap();
    menu("Today: no orders yet", "Pause selling");
    let price = tauri::async_runtime::block_on(gwen_buys(&desk));
    menu(&format!("Today: 1 order · {price} ⭐"), "Pause selling");
    tauri::async_runtime::block_on(desk.stop());
    menu(&format!("Today: 1 order · {price} ⭐"), "Resume selling");
    tauri::async_runtime::block_on(desk.shutdown());
}

/// A mock app managing the demo shop on `data`, its events going through the window's sink.
fn app_with_shop(data: &std::path::Path) -> tauri::App<tauri::test::MockRuntime> {
    let app = mock_builder()
        .plugin(tauri_plugin_notification::init())
        .build(mock_context(noop_assets()))
        .expect("mock app");
    let sink = Arc::new(WindowEvents::new(
        app.handle().clone(),
        Arc::new(SaleNotifications::new(false)),
    ));
    let desk = tauri::async_runtime::block_on(Desk::open(options(data), sink)).expect("desk");
    app.manage(desk);
    app
}

/// Gwen, a new demo customer, buys the sample shop's text product; returns its price.
async fn gwen_buys(desk: &Desk) -> i64 {
    let product = catalog::list(&desk.store().read, false)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.kind == Kind::Text)
        .expect("a text product in the sample shop");
    let gwen = desk
        .create_shopper("Gwen", stardesk_core::texts::Lang::En)
        .await
        .unwrap();
    let step = desk.buy(gwen.id, product.id).await.unwrap();
    assert_eq!(step.purchase.expect("a purchase").status, "paid");
    product.price
}

fn options(data: &std::path::Path) -> DeskOptions {
    DeskOptions {
        first_sale: false,
        api_url: "http://127.0.0.1:9".into(),
        token_sources: stardesk_core::token::Sources::FileOnly,
        ..DeskOptions::new(data)
    }
}

#[test]
fn quitting_parks_what_it_cannot_finish_and_the_next_start_sends_it() {
    let data = tempfile::tempdir().unwrap();
    let app = app_with_shop(data.path());
    let desk = app.state::<Desk>();

    tauri::async_runtime::block_on(async {
        desk.start().await.expect("demo bot");
        gwen_buys(&desk).await;
        let order = order_list::latest(&desk.store().read, 1).await.unwrap()[0].id;
        // The purchase's own delivery finishes (its receipt follows the goods).
        all_sent(&desk, "the purchase's delivery").await;

        // A delivery owed when the merchant quits: the stopped bot cannot finish it.
        db::deliveries::insert(&desk.store().write, order, "goods", db::now())
            .await
            .unwrap();
        let report = tray::stop_selling_for_quit(app.handle()).await;
        assert_eq!(
            report,
            Quit {
                in_flight: 1,
                parked: 1
            }
        );
        assert_eq!(desk.status().await.bot.state, BotState::Stopped);

        // The next start sends it.
        desk.start().await.unwrap();
        all_sent(&desk, "the parked delivery").await;
        // Sent, not given up on: nothing needs the merchant's attention.
        assert_eq!(
            db::attention::count_open(&desk.store().read).await.unwrap(),
            0
        );
        desk.shutdown().await;
    });
}

/// Waits until no delivery is owed.
async fn all_sent(desk: &Desk, what: &str) {
    let end = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while deliveries::unfinished(&desk.shop()).await.unwrap() > 0 {
        assert!(std::time::Instant::now() < end, "{what} did not go out");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
