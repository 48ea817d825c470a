//! The Demo page's chat and customers, through the real bot and the simulator over HTTP: each
//! simulated customer's Stars balance (dropping by what they pay), and the bot's formatting (the
//! HTML it sends) reaching the chat as entities the page draws.

use stardesk_core::catalog;
use stardesk_tests::demo_desk;

fn stars_of(desk_list: &[stardesk_core::desk::Shopper], id: i64) -> Option<i64> {
    desk_list.iter().find(|s| s.id == id).and_then(|s| s.stars)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_demo_customer_has_a_balance_that_drops_as_they_buy_and_a_formatted_chat() {
    let dir = tempfile::tempdir().unwrap();
    let desk = demo_desk(dir.path()).await;
    desk.start().await.unwrap();
    let products = catalog::list(&desk.store().read, false).await.unwrap();
    let product = products
        .iter()
        .find(|p| p.price > 0)
        .expect("a sample product")
        .clone();

    let maya = desk
        .create_shopper("Maya", stardesk_core::texts::Lang::En)
        .await
        .unwrap();
    assert_eq!(maya.stars, Some(10_000), "a new customer's Stars");
    let list = desk.shoppers_with_stars().await.unwrap();
    assert_eq!(stars_of(&list, maya.id), Some(10_000));

    let chat = desk.open_shop(maya.id).await.unwrap();
    // "<b>Catalog</b>: tap a product to see it."
    let catalog_line = chat
        .iter()
        .find(|l| l.from_bot && l.text.contains("Catalog: tap a product"))
        .unwrap_or_else(|| panic!("the catalog in {chat:?}"));
    let bold = catalog_line
        .entities
        .iter()
        .find(|e| e.kind == "bold")
        .unwrap_or_else(|| panic!("bold in {catalog_line:?}"));
    let start = catalog_line.text.encode_utf16().collect::<Vec<u16>>();
    let word =
        String::from_utf16(&start[bold.offset as usize..(bold.offset + bold.length) as usize])
            .unwrap();
    assert_eq!(word, "Catalog");
    // What the customer wrote has no formatting of the bot's.
    assert!(
        chat.iter()
            .filter(|l| !l.from_bot)
            .all(|l| l.entities.iter().all(|e| e.kind == "bot_command")),
        "{chat:?}"
    );

    // Two purchases: the balance drops by the price each time.
    for n in 1..=2 {
        let step = desk.buy(maya.id, product.id).await.unwrap();
        let purchase = step.purchase.expect("a purchase");
        assert_eq!(purchase.status, "paid", "{purchase:?}");
        let list = desk.shoppers_with_stars().await.unwrap();
        assert_eq!(
            stars_of(&list, maya.id),
            Some(10_000 - n * product.price),
            "after purchase {n}"
        );
    }
    // Another customer's balance is untouched.
    let jonas = desk
        .create_shopper("Jonas", stardesk_core::texts::Lang::En)
        .await
        .unwrap();
    let list = desk.shoppers_with_stars().await.unwrap();
    assert_eq!(stars_of(&list, jonas.id), Some(10_000));
    assert_eq!(list.len(), 2);
    desk.shutdown().await;
}
