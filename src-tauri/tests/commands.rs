//! The window's commands without a window: Tauri's mock runtime invokes them over IPC, as the UI
//! does, against a real shop in demo mode (the simulator in-process). Errors arrive as
//! `{code, message}`; core's events arrive as the typed `app-event`.

use std::{
    sync::{Arc, mpsc},
    time::Duration,
};

use serde_json::{Value, json};
use stardesk_app::events::{APP_EVENT, SaleNotifications, WindowEvents};
use stardesk_core::desk::{Desk, DeskOptions};
use tauri::{
    Listener, Manager, WebviewWindow, WebviewWindowBuilder,
    ipc::{CallbackFn, InvokeBody},
    test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets},
    webview::InvokeRequest,
};

struct Shell {
    app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    events: mpsc::Receiver<Value>,
    _data: tempfile::TempDir,
}

impl Shell {
    fn open() -> Shell {
        let data = tempfile::tempdir().expect("temp dir");
        let app = mock_builder()
            .invoke_handler(stardesk_app::handler())
            .build(mock_context(noop_assets()))
            .expect("mock app");
        let notifications = Arc::new(SaleNotifications::new(false));
        let sink = Arc::new(WindowEvents::new(
            app.handle().clone(),
            notifications.clone(),
        ));
        let options = DeskOptions {
            first_sale: false,
            // Nothing here may reach Telegram, whatever STARDESK_API_URL says.
            api_url: "http://127.0.0.1:9".into(),
            // Never the developer's keychain or STARDESK_BOT_TOKEN.
            token_sources: stardesk_core::token::Sources::FileOnly,
            ..DeskOptions::new(data.path())
        };
        let desk = tauri::async_runtime::block_on(Desk::open(options, sink)).expect("desk");
        app.manage(desk);
        app.manage(notifications);
        let (tx, events) = mpsc::channel();
        app.listen_any(APP_EVENT, move |e| {
            let _ = tx.send(serde_json::from_str(e.payload()).unwrap_or(Value::Null));
        });
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("window");
        Shell {
            app,
            window,
            events,
            _data: data,
        }
    }

    fn request(
        &self,
        cmd: &str,
        body: InvokeBody,
        headers: tauri::http::HeaderMap,
    ) -> Result<Value, Value> {
        invoke(&self.window, cmd, body, headers)
    }

    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        self.request(cmd, InvokeBody::Json(args), Default::default())
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    /// Waits for an `app-event` of `kind`.
    fn event(&self, kind: &str) -> Value {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.events.recv_timeout(left) {
                Ok(e) if e["type"] == kind => return e,
                Ok(_) => continue,
                Err(_) => panic!("no {kind} event"),
            }
        }
    }

    fn close(self) {
        tauri::async_runtime::block_on(self.app.state::<Desk>().shutdown());
    }
}

/// Invokes a command as the window does.
fn invoke(
    window: &WebviewWindow<MockRuntime>,
    cmd: &str,
    body: InvokeBody,
    headers: tauri::http::HeaderMap,
) -> Result<Value, Value> {
    let res = get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body,
            headers,
            invoke_key: INVOKE_KEY.to_string(),
        },
    );
    res.map(|body| body.deserialize::<Value>().expect("a JSON answer"))
}

fn text_product(title: &str, price: i64) -> Value {
    json!({
        "draft": {
            "kind": "text",
            "title": title,
            "description": "",
            "price": price,
            "per_customer_limit": null,
            "stock": null,
            "content": "https://example.com/secret",
        }
    })
}

#[test]
fn a_refused_price_comes_back_as_code_and_message() {
    let shell = Shell::open();
    let err = shell
        .call("catalog_create", text_product("Too cheap", 0))
        .unwrap_err();
    assert_eq!(err["code"], "invalid");
    assert_eq!(
        err["message"],
        "The price must be a whole number of Stars from 1 to 10,000."
    );
    let err = shell
        .call("catalog_create", text_product("Too dear", 10_001))
        .unwrap_err();
    assert_eq!(err["code"], "invalid");
    let err = shell
        .call("order_detail", json!({ "id": 999 }))
        .unwrap_err();
    assert_eq!(
        err,
        json!({ "code": "not_found", "message": "order not found" })
    );
    shell.close();
}

#[test]
fn catalog_commands_create_edit_archive_and_import() {
    let shell = Shell::open();
    let p = shell.ok("catalog_create", text_product("Guide", 25));
    let id = p["id"].as_i64().expect("id");
    assert_eq!(p["price"], 25);
    assert_eq!(p["stock_left"], Value::Null);

    let mut edit = text_product("Guide, second edition", 30);
    edit["id"] = json!(id);
    let p = shell.ok("catalog_update", edit);
    assert_eq!(p["title"], "Guide, second edition");

    let p = shell.ok("catalog_set_active", json!({ "id": id, "active": false }));
    assert_eq!(p["active"], false);
    let on_sale = shell.ok("catalog_list", json!({ "include_archived": false }));
    assert!(
        on_sale
            .as_array()
            .expect("list")
            .iter()
            .all(|x| x["id"] != id)
    );

    let code = shell.ok(
        "catalog_create",
        json!({ "draft": { "kind": "code", "title": "Key", "description": "", "price": 10,
            "per_customer_limit": null, "stock": null, "content": null } }),
    );
    let summary = shell.ok(
        "catalog_import_codes",
        json!({ "product_id": code["id"], "text": "A-1\nA-2\n\nA-1\n" }),
    );
    assert_eq!(
        summary,
        json!({ "added": 2, "duplicates": 1, "blank": 1, "header": null })
    );
    let summary = shell.ok(
        "catalog_import_codes",
        json!({ "product_id": code["id"], "text": "Code;Batch\nA-3;x\n" }),
    );
    assert_eq!(
        summary,
        json!({ "added": 1, "duplicates": 0, "blank": 0, "header": "Code" })
    );

    let file = shell.ok(
        "catalog_create",
        json!({ "draft": { "kind": "file", "title": "Pack", "description": "", "price": 60,
            "per_customer_limit": null, "stock": null, "content": null } }),
    );
    let mut headers = tauri::http::HeaderMap::new();
    headers.insert(
        "x-product-id",
        file["id"].to_string().parse().expect("header"),
    );
    headers.insert("x-file-name", "price%20list.txt".parse().expect("header"));
    headers.insert("x-mime-type", "text/plain".parse().expect("header"));
    shell
        .request(
            "catalog_set_file",
            InvokeBody::Raw(b"hello".to_vec()),
            headers,
        )
        .expect("file upload");
    let all = shell.ok("catalog_list", json!({ "include_archived": true }));
    let pack = all
        .as_array()
        .expect("list")
        .iter()
        .find(|x| x["id"] == file["id"])
        .expect("pack")
        .clone();
    assert_eq!(pack["file_name"], "price list.txt");
    shell.close();
}

#[test]
fn a_simulated_sale_reaches_orders_customers_reports_and_the_event_stream() {
    let shell = Shell::open();
    let status = shell.ok("bot_start", json!({}));
    assert_eq!(status["mode"], "demo");
    let product = shell.ok("catalog_create", text_product("Field notes", 42));
    let shopper = shell.ok(
        "demo_create_shopper",
        json!({ "first_name": "Gwen", "lang": "en" }),
    );
    let step = shell.ok(
        "demo_buy",
        json!({ "user_id": shopper["id"], "product_id": product["id"] }),
    );
    assert_eq!(step["purchase"]["status"], "paid", "{step}");
    assert!(
        step["purchase"]["goods"]
            .as_str()
            .expect("goods")
            .contains("example.com/secret")
    );

    let created = shell.event("order_created");
    assert_eq!(created["order"]["product_title"], "Field notes");
    assert_eq!(created["order"]["stars"], 42);
    let order_id = created["order"]["id"].clone();
    shell.event("order_delivered");

    let query = json!({ "query": { "search": "gwen", "status": null, "product_id": null, "from": null,
        "to": null, "sort": "amount", "descending": true, "offset": 0, "limit": 50 } });
    assert_eq!(shell.ok("orders_count", query.clone()), 1);
    let rows = shell.ok("orders_page", query);
    assert_eq!(rows[0]["customer_name"], "Gwen");
    assert_eq!(rows[0]["status"], "delivered");

    let detail = shell.ok("order_detail", json!({ "id": order_id }));
    assert_eq!(detail["deliveries"][0]["state"], "sent");
    assert_eq!(detail["customer"]["first_name"], "Gwen");

    shell.ok("order_deliver_again", json!({ "id": order_id }));
    let detail = shell.ok("order_detail", json!({ "id": order_id }));
    assert_eq!(detail["deliveries"].as_array().expect("log").len(), 2);

    let day_start = chrono::Utc::now().timestamp() - 86_400;
    let overview = shell.ok("reports_overview", json!({ "day_start": day_start }));
    assert_eq!(overview["today_orders"], 1);
    assert_eq!(overview["today_stars"], 42);
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let revenue = shell.ok("reports_revenue", json!({ "from": today, "to": today }));
    assert_eq!(revenue[0]["stars"], 42);

    let customers = shell.ok(
        "customers_page",
        json!({ "query": { "search": null, "blocked": null, "sort": "spent", "descending": true, "offset": 0, "limit": 10 } }),
    );
    assert_eq!(customers[0]["orders"], 1);
    assert_eq!(customers[0]["spent"], 42);
    shell.ok(
        "customer_set_blocked",
        json!({ "id": shopper["id"], "blocked": true }),
    );
    let blocked = shell.ok(
        "customers_count",
        json!({ "query": { "search": null, "blocked": true, "sort": "last_seen", "descending": true, "offset": 0, "limit": 10 } }),
    );
    assert_eq!(blocked, 1);

    let chat = shell.ok("demo_chat", json!({ "user_id": shopper["id"] }));
    assert!(
        chat.as_array()
            .expect("chat")
            .iter()
            .any(|l| l["paid"] == 42)
    );

    let stopped = shell.ok("bot_stop", json!({}));
    assert_eq!(stopped["bot"]["state"], "stopped");
    let err = shell
        .call("order_deliver_again", json!({ "id": order_id }))
        .unwrap_err();
    assert_eq!(err["code"], "invalid");
    shell.close();
}

#[test]
fn settings_commands_keep_texts_and_the_notification_switch() {
    let shell = Shell::open();
    shell.ok(
        "settings_set_text",
        json!({ "key": "welcome", "lang": "en", "body": "Hello from the test shop" }),
    );
    let texts = shell.ok("settings_texts", json!({}));
    let welcome = texts
        .as_array()
        .expect("texts")
        .iter()
        .find(|t| t["key"] == "welcome" && t["lang"] == "en")
        .expect("welcome")
        .clone();
    assert_eq!(
        welcome,
        json!({ "key": "welcome", "lang": "en", "body": "Hello from the test shop", "custom": true, "from_english": false })
    );
    // German says the English text until it has its own.
    let german = |texts: &serde_json::Value| {
        texts
            .as_array()
            .expect("texts")
            .iter()
            .find(|t| t["key"] == "welcome" && t["lang"] == "de")
            .expect("German welcome")
            .clone()
    };
    let texts = shell.ok("settings_texts", json!({}));
    assert_eq!(german(&texts)["from_english"], true);
    shell.ok(
        "settings_set_text",
        json!({ "key": "welcome", "lang": "de", "body": "Willkommen im Testshop" }),
    );
    let texts = shell.ok("settings_texts", json!({}));
    assert_eq!(german(&texts)["body"], "Willkommen im Testshop");
    assert_eq!(german(&texts)["custom"], true);
    shell.ok(
        "settings_reset_text",
        json!({ "key": "welcome", "lang": "de" }),
    );
    assert_eq!(shell.ok("settings_ui_language", json!({})), "system");
    shell.ok("settings_set_ui_language", json!({ "language": "de" }));
    assert_eq!(shell.ok("settings_ui_language", json!({})), "de");
    let err = shell
        .call("settings_set_ui_language", json!({ "language": "fr" }))
        .unwrap_err();
    assert_eq!(err["code"], "invalid");
    let err = shell
        .call(
            "settings_set_text",
            json!({ "key": "welcome", "lang": "en", "body": "  " }),
        )
        .unwrap_err();
    assert_eq!(err["code"], "invalid");
    shell.ok(
        "settings_reset_text",
        json!({ "key": "welcome", "lang": "en" }),
    );
    let texts = shell.ok("settings_texts", json!({}));
    assert!(
        texts
            .as_array()
            .expect("texts")
            .iter()
            .all(|t| t["custom"] == false)
    );

    assert_eq!(shell.ok("settings_notifications", json!({})), true);
    shell.ok("settings_set_notifications", json!({ "on": false }));
    assert_eq!(shell.ok("settings_notifications", json!({})), false);
    assert!(!shell.app.state::<Arc<SaleNotifications>>().on());

    let err = shell
        .call("bot_check_token", json!({ "token": "not a token" }))
        .unwrap_err();
    assert_eq!(err["code"], "invalid");
    shell.close();
}

#[test]
fn a_customer_blocked_in_the_console_cannot_buy() {
    let shell = Shell::open();
    shell.ok("bot_start", json!({}));
    let product = shell.ok("catalog_create", text_product("Field notes", 42));
    let shopper = shell.ok(
        "demo_create_shopper",
        json!({ "first_name": "Mallory", "lang": "en" }),
    );
    let user = shopper["id"].clone();
    shell.ok("demo_open_shop", json!({ "user_id": user }));
    shell.ok(
        "customer_set_blocked",
        json!({ "id": user, "blocked": true }),
    );

    let chat = shell.ok(
        "demo_send",
        json!({ "user_id": user, "text": format!("/start p_{}", product["id"]) }),
    );
    let card = chat
        .as_array()
        .expect("chat")
        .iter()
        .rev()
        .find(|l| l["buttons"].to_string().contains("buy:"))
        .expect("the product's card")
        .clone();
    let buy = format!("buy:{}", product["id"]);
    let chat = shell.ok(
        "demo_press",
        json!({ "user_id": user, "message_id": card["message_id"], "data": buy }),
    );
    let last = chat
        .as_array()
        .expect("chat")
        .last()
        .expect("a reply")
        .clone();
    assert!(
        last["text"]
            .as_str()
            .expect("text")
            .contains("cannot buy in this shop"),
        "{last}"
    );
    assert!(
        chat.as_array()
            .expect("chat")
            .iter()
            .all(|l| l["invoice"].is_null())
    );
    let orders = shell.ok(
        "orders_count",
        json!({ "query": { "search": null, "status": null, "product_id": null, "from": null, "to": null,
            "sort": "date", "descending": true, "offset": 0, "limit": 10 } }),
    );
    assert_eq!(orders, 0);
    shell.close();
}

#[test]
fn the_trail_names_the_operator_and_exports_to_a_file() {
    let shell = Shell::open();
    assert_eq!(
        shell.ok("operator_set_name", json!({ "name": "  Dana " })),
        "Dana"
    );
    assert_eq!(shell.ok("operator_name", json!({})), "Dana");
    let err = shell
        .call("operator_set_name", json!({ "name": " " }))
        .unwrap_err();
    assert_eq!(err["code"], "invalid");

    let p = shell.ok("catalog_create", text_product("Guide", 25));
    let mut edit = text_product("Guide", 30);
    edit["id"] = p["id"].clone();
    shell.ok("catalog_update", edit);

    let products = json!({ "query": { "actor": "operator", "action": "product", "text": null,
        "from": null, "to": null, "offset": 0, "limit": 50 } });
    assert_eq!(shell.ok("audit_count", products.clone()), 2);
    let lines = shell.ok("audit_page", products.clone());
    let price = &lines[0];
    assert_eq!(price["action"], "product.price");
    assert_eq!(price["actor"], "operator");
    assert_eq!(price["actor_name"], "Dana");
    assert_eq!(
        (&price["before"], &price["after"]),
        (&json!("25 Stars"), &json!("30 Stars"))
    );
    assert_eq!(lines[1]["action"], "product.create");
    let actions = shell.ok("audit_actions", json!({}));
    assert_eq!(
        actions,
        json!(["product.create", "product.price", "settings.operator_name"])
    );
    // Every filter may be left out.
    assert_eq!(shell.ok("audit_count", json!({ "query": {} })), 3);

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("trail.csv");
    let mut export = products.clone();
    export["path"] = json!(path.to_str().expect("path"));
    let done = shell.ok("audit_export", export);
    assert_eq!(done["lines"], 2);
    assert_eq!(done["path"], path.to_str().expect("path"));
    let csv = std::fs::read_to_string(&path).expect("the export");
    assert!(
        csv.starts_with("id,at_utc,actor,actor_name,action,"),
        "{csv}"
    );
    assert!(csv.contains(",operator,Dana,product.price,"), "{csv}");
    let mut relative = products;
    relative["path"] = json!("trail.csv");
    let err = shell.call("audit_export", relative).unwrap_err();
    assert_eq!(err["code"], "invalid");
    shell.close();
}

#[test]
fn affiliate_commands_show_what_telegram_took_from_an_order_and_a_period() {
    use stardesk_core::affiliates::{self, AffiliateKind, Commission};

    let shell = Shell::open();
    shell.ok("bot_start", json!({}));
    let product = shell.ok("catalog_create", text_product("Field notes", 40));
    let shopper = shell.ok(
        "demo_create_shopper",
        json!({ "first_name": "Gwen", "lang": "en" }),
    );
    shell.ok(
        "demo_buy",
        json!({ "user_id": shopper["id"], "product_id": product["id"] }),
    );
    let order_id = shell.event("order_created")["order"]["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        shell.ok("affiliates_of_order", json!({ "order_id": order_id })),
        Value::Null
    );
    let report = shell.ok("bot_reconcile", json!({}));
    assert_eq!(report["affiliates_recorded"], 0);

    // As reconciliation records it from a ledger line with AffiliateInfo.
    let carol = Commission {
        kind: AffiliateKind::User,
        affiliate_id: 77,
        name: "Carol".into(),
        commission_per_mille: 125,
        amount: 5,
        nanostar_amount: 0,
    };
    let store = shell.app.state::<Desk>().store();
    let recorded = affiliates::record(&store, order_id, &carol);
    assert!(tauri::async_runtime::block_on(recorded).unwrap());
    let line = shell.ok("affiliates_of_order", json!({ "order_id": order_id }));
    assert_eq!(
        (
            &line["kind"],
            &line["name"],
            &line["commission"],
            &line["net"]
        ),
        (&json!("user"), &json!("Carol"), &json!(5), &json!(35))
    );
    let now = chrono::Utc::now().timestamp();
    let report = shell.ok("affiliates_report", json!({ "from": 0, "to": now + 60 }));
    assert_eq!(report["affiliates"][0]["affiliate_id"], 77);
    assert_eq!((&report["gross"], &report["net"]), (&json!(40), &json!(35)));
    let err = shell
        .call("affiliates_report", json!({ "from": now, "to": now }))
        .unwrap_err();
    assert_eq!(
        err,
        json!({ "code": "invalid", "message": "The report ends before it starts." })
    );
    shell.close();
}

#[test]
fn promo_commands_create_list_turn_off_and_link_a_code() {
    let shell = Shell::open();
    shell.ok("bot_start", json!({}));
    let product = shell.ok("catalog_create", text_product("Field notes", 40));
    let draft = |code: &str, percent: Option<i64>| {
        json!({ "draft": { "code": code, "percent_off": percent, "stars_off": null,
            "product_ids": [product["id"]], "plan_ids": [], "valid_from": null, "valid_until": null,
            "max_uses": 100, "per_customer": 1, "first_purchase_only": false } })
    };
    let err = shell
        .call("promo_create", draft("AUTUMN25", Some(100)))
        .unwrap_err();
    assert_eq!(
        err,
        json!({ "code": "invalid", "message": "A percentage off is 1 to 99 %." })
    );
    let promo = shell.ok("promo_create", draft("AUTUMN25", Some(25)));
    assert_eq!(
        (&promo["code"], &promo["all_items"], &promo["product_ids"]),
        (&json!("AUTUMN25"), &json!(false), &json!([product["id"]]))
    );
    let err = shell
        .call("promo_create", draft("autumn25", Some(10)))
        .unwrap_err();
    assert_eq!(err["code"], "invalid");
    // Newest first, after the demo shop's sample code.
    let list = shell.ok("promos_list", json!({}));
    let codes: Vec<&str> = list
        .as_array()
        .expect("promos")
        .iter()
        .filter_map(|p| p["code"].as_str())
        .collect();
    assert_eq!(codes, ["AUTUMN25", "WELCOME10"]);

    let off = shell.ok(
        "promo_set_active",
        json!({ "id": promo["id"], "active": false }),
    );
    assert_eq!(off["active"], false);
    let link = shell.ok("promo_link", json!({ "id": promo["id"] }));
    assert!(
        link.as_str()
            .expect("link")
            .ends_with("?start=promo_AUTUMN25"),
        "{link}"
    );
    assert_eq!(
        shell.ok("promo_uses", json!({ "id": promo["id"] })),
        json!([])
    );

    let batch = shell.ok(
        "promos_generate",
        json!({ "prefix": "vip", "count": 3, "draft": draft("", Some(50))["draft"] }),
    );
    let codes = batch["codes"].as_array().expect("codes");
    assert_eq!(codes.len(), 3);
    assert!(
        codes
            .iter()
            .all(|c| c.as_str().expect("code").starts_with("VIP"))
    );
    assert!(batch["batch"].as_str().expect("batch").starts_with("VIP"));

    // A plain order: no promo, no credit.
    let shopper = shell.ok(
        "demo_create_shopper",
        json!({ "first_name": "Gwen", "lang": "en" }),
    );
    shell.ok(
        "demo_buy",
        json!({ "user_id": shopper["id"], "product_id": product["id"] }),
    );
    let order_id = shell.event("order_created")["order"]["id"].clone();
    assert_eq!(
        shell.ok("promos_of_order", json!({ "order_id": order_id })),
        json!({ "promo": null, "credit_stars": 0 })
    );
    shell.close();
}

#[test]
fn referral_commands_keep_the_terms_and_pay_a_referrer_out() {
    let shell = Shell::open();
    shell.ok("bot_start", json!({}));
    let terms = shell.ok("referral_settings", json!({}));
    assert_eq!(
        terms,
        json!({ "percent": 10, "months": 12, "hold_days": 21 })
    );
    let err = shell
        .call(
            "referral_set_settings",
            json!({ "settings": { "percent": 60, "months": 12, "hold_days": 21 } }),
        )
        .unwrap_err();
    assert_eq!(
        err["message"],
        "The commission must be a whole percent from 0 to 50."
    );
    // No hold: a commission can be paid out at once.
    shell.ok(
        "referral_set_settings",
        json!({ "settings": { "percent": 10, "months": 12, "hold_days": 0 } }),
    );
    let product = shell.ok("catalog_create", text_product("Field notes", 40));
    let overrides = shell.ok(
        "referral_set_override",
        json!({ "item": { "kind": "product", "id": product["id"] }, "percent": 25 }),
    );
    assert_eq!(overrides[0]["percent"], 25);
    assert_eq!(overrides[0]["title"], "Field notes");

    let gwen = shell.ok(
        "demo_create_shopper",
        json!({ "first_name": "Gwen", "lang": "en" }),
    );
    shell.ok(
        "demo_send",
        json!({ "user_id": gwen["id"], "text": "/start" }),
    );
    let link = shell.ok("referral_link", json!({ "customer_id": gwen["id"] }));
    let code = link
        .as_str()
        .and_then(|l| l.split("start=r_").nth(1))
        .expect("a referral link")
        .to_string();
    let ivy = shell.ok(
        "demo_create_shopper",
        json!({ "first_name": "Ivy", "lang": "en" }),
    );
    shell.ok(
        "demo_send",
        json!({ "user_id": ivy["id"], "text": format!("/start r_{code}") }),
    );
    shell.ok(
        "demo_buy",
        json!({ "user_id": ivy["id"], "product_id": product["id"] }),
    );
    shell.event("order_created");

    let referrers = shell.ok("referrers_list", json!({}));
    let r = &referrers[0];
    assert_eq!(
        (&r["name"], &r["invited"], &r["buyers"], &r["revenue"]),
        (&json!("Gwen"), &json!(1), &json!(1), &json!(40))
    );
    // 25 % of 40 Stars, in thousandths.
    assert_eq!(
        (&r["earned"], &r["available"]),
        (&json!(10_000), &json!(10_000))
    );
    let due = shell.ok("payouts_due", json!({}));
    assert_eq!(due[0]["customer_id"], gwen["id"]);

    let pay = |stars: i64, method: &str, note: &str| {
        json!({ "draft": { "referrer_id": gwen["id"], "stars": stars, "method": method, "note": note },
            "code": null })
    };
    let err = shell
        .call("referral_pay_out", pay(4, "outside", " "))
        .unwrap_err();
    assert_eq!(
        err["message"],
        "Say how it was paid (a gift, a transfer…): the note is kept with the payout."
    );
    let err = shell
        .call("referral_pay_out", pay(11, "credit", ""))
        .unwrap_err();
    assert_eq!(err["code"], "invalid");
    let payout = shell.ok("referral_pay_out", pay(10, "credit", ""));
    assert_eq!(
        (&payout["stars"], &payout["method"]),
        (&json!(10), &json!("credit"))
    );
    assert_eq!(shell.ok("payouts_due", json!({})), json!([]));
    assert_eq!(shell.ok("payouts_list", json!({}))[0]["id"], payout["id"]);

    let detail = shell.ok("referrer_detail", json!({ "customer_id": gwen["id"] }));
    assert_eq!(detail["referrer"]["credit"], 10);
    assert_eq!(detail["invited"][0]["name"], "Ivy");
    let kinds: Vec<&str> = detail["ledger"]
        .as_array()
        .expect("ledger")
        .iter()
        .filter_map(|l| l["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"earned") && kinds.contains(&"payout_credit"),
        "{kinds:?}"
    );
    assert!(detail["now"].as_i64().is_some());
    shell.close();
}

#[test]
fn a_demo_customer_refers_a_friend() {
    let shell = Shell::open();
    shell.ok("bot_start", json!({}));
    let gwen = shell.ok(
        "demo_create_shopper",
        json!({ "first_name": "Gwen", "lang": "en" }),
    );
    let err = shell
        .call(
            "demo_refer_friend",
            json!({ "user_id": gwen["id"], "friend_name": " " }),
        )
        .unwrap_err();
    assert_eq!(err["message"], "Give the customer a first name.");
    let referral = shell.ok(
        "demo_refer_friend",
        json!({ "user_id": gwen["id"], "friend_name": "Ivy" }),
    );
    assert_eq!(referral["friend"]["first_name"], "Ivy");
    assert!(
        referral["link"]
            .as_str()
            .expect("link")
            .contains("?start=r_"),
        "{referral}"
    );
    assert!(
        referral["chat"]
            .to_string()
            .contains("You came through Gwen's invitation."),
        "{referral}"
    );
    let shoppers = shell.ok("demo_shoppers", json!({}));
    assert_eq!(shoppers.as_array().map(Vec::len), Some(2));
    let referrers = shell.ok("referrers_list", json!({}));
    assert_eq!(
        (&referrers[0]["customer_id"], &referrers[0]["invited"]),
        (&gwen["id"], &json!(1))
    );
    shell.close();
}

/// The real app's capabilities (not the mock context's open door): the window may call every
/// command the handler has, and nothing else.
#[test]
fn the_window_may_call_every_command_and_nothing_else() {
    let app = mock_builder()
        .invoke_handler(stardesk_app::handler())
        .build(tauri::generate_context!(test = true))
        .expect("app with the real capabilities");
    let window = match app.get_webview_window("main") {
        Some(w) => w,
        None => WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("window"),
    };
    let refused = |cmd: &str| {
        // No shop is managed here, so most commands fail on their `State`: past the ACL.
        match invoke(
            &window,
            cmd,
            InvokeBody::Json(json!({})),
            Default::default(),
        ) {
            Ok(_) => false,
            Err(e) => e.to_string().contains("not allowed"),
        }
    };
    for cmd in stardesk_app::commands::NAMES {
        assert!(!refused(cmd), "{cmd} is not allowed for the window");
    }
    assert!(
        refused("no_such_command"),
        "the ACL let an unknown command through"
    );
}
