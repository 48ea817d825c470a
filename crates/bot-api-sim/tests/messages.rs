//! Sending, editing and formatting messages; parameter encodings; callbacks; documents.

mod common;

use common::{Sim, wait_until};
use serde_json::{Value, json};

#[tokio::test]
async fn html_is_validated_like_telegram() {
    let sim = Sim::start().await;
    let user = sim.customer("Ann", 0).await;

    let sent = sim
        .ok(
            "sendMessage",
            json!({ "chat_id": user, "text": "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;", "parse_mode": "HTML" }),
        )
        .await;
    assert_eq!(sent["text"], "<b>Tom & Jerry</b>");
    assert!(sent.get("entities").is_none());

    for bad in [
        "<b>x",
        "a < b",
        "<foo>bar</foo>",
        "x > y",
        "Tom & Jerry",
        "<b>x</i>",
    ] {
        let (status, description) = sim
            .fails(
                "sendMessage",
                json!({ "chat_id": user, "text": bad, "parse_mode": "HTML" }),
            )
            .await;
        assert_eq!(status, 400);
        assert!(
            description.starts_with("Bad Request: can't parse entities: "),
            "{bad}: {description}"
        );
    }

    let formatted = sim
        .ok(
            "sendMessage",
            json!({ "chat_id": user, "text": "<b>Pro</b> <i>plan</i>", "parse_mode": "html" }),
        )
        .await;
    assert_eq!(formatted["text"], "Pro plan");
    assert_eq!(
        formatted["entities"],
        json!([{"type":"bold","offset":0,"length":3},{"type":"italic","offset":4,"length":4}])
    );

    let (_, chat) = sim.get(&format!("/sim/users/{user}/chat")).await;
    let chat = chat.as_array().unwrap();
    assert_eq!(chat.len(), 2, "rejected messages must not reach the chat");
    assert_eq!(chat[0]["text"], "<b>Tom & Jerry</b>");
    assert_eq!(chat[0]["html"], "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;");
    assert_eq!(chat[1]["html"], "<b>Pro</b> <i>plan</i>");
    assert_eq!(chat[1]["from_bot"], true);
}

#[tokio::test]
async fn text_rules_and_unknown_chats() {
    let sim = Sim::start().await;
    let user = sim.customer("Ann", 0).await;
    let (status, description) = sim
        .fails("sendMessage", json!({ "chat_id": user, "text": "" }))
        .await;
    assert_eq!(
        (status, description.as_str()),
        (400, "Bad Request: message text is empty")
    );
    let (_, description) = sim
        .fails(
            "sendMessage",
            json!({ "chat_id": user, "text": "<b></b>", "parse_mode": "HTML" }),
        )
        .await;
    assert_eq!(description, "Bad Request: message text is empty");
    let (_, description) = sim
        .fails(
            "sendMessage",
            json!({ "chat_id": user, "text": "x".repeat(4097) }),
        )
        .await;
    assert_eq!(description, "Bad Request: message is too long");
    sim.ok(
        "sendMessage",
        json!({ "chat_id": user, "text": "x".repeat(4096) }),
    )
    .await;
    let (status, description) = sim
        .fails("sendMessage", json!({ "chat_id": 42, "text": "hi" }))
        .await;
    assert_eq!(
        (status, description.as_str()),
        (400, "Bad Request: chat not found")
    );
}

#[tokio::test]
async fn method_names_are_case_insensitive_and_tokens_checked() {
    let sim = Sim::start().await;
    let user = sim.customer("Ann", 0).await;
    for method in ["sendMessage", "SendMessage", "SENDMESSAGE", "sendmessage"] {
        sim.ok(method, json!({ "chat_id": user, "text": method }))
            .await;
    }
    let me = sim.ok("GetMe", json!({})).await;
    assert_eq!(me["id"], json!(common::BOT_ID));
    assert_eq!(me["username"], "demoshop_bot");

    let (status, body) = sim.call("sendPhoto", json!({})).await;
    assert_eq!(status, 404);
    assert_eq!(
        body,
        json!({"ok":false,"error_code":404,"description":"Not Found: method not found"})
    );

    let url = format!("{}/botnot-a-token/getMe", sim.server.url());
    let response = sim.http.post(url).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({"ok":false,"error_code":401,"description":"Unauthorized"})
    );

    let (_, stats) = sim.get("/sim/stats").await;
    assert_eq!(stats["requests"]["sendMessage"], 4);
}

#[tokio::test]
async fn form_query_and_multipart_parameters() {
    let sim = Sim::start().await;
    let user = sim.customer("Ann", 0).await;
    let markup = r#"{"inline_keyboard":[[{"text":"Buy","callback_data":"buy:1"}]]}"#;

    let form = sim
        .http
        .post(sim.method_url("sendMessage"))
        .form(&[
            ("chat_id", user.to_string().as_str()),
            ("text", "form"),
            ("reply_markup", markup),
        ])
        .send()
        .await
        .unwrap();
    let form: Value = form.json().await.unwrap();
    assert_eq!(form["result"]["text"], "form");
    assert_eq!(
        form["result"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"],
        "buy:1"
    );

    let query = sim
        .http
        .get(format!(
            "{}?chat_id={user}&text=query",
            sim.method_url("sendMessage")
        ))
        .send()
        .await
        .unwrap();
    let query: Value = query.json().await.unwrap();
    assert_eq!(query["result"]["text"], "query");

    let bytes = b"CODE-1234\n".to_vec();
    let multipart = reqwest::multipart::Form::new()
        .text("chat_id", user.to_string())
        .text("caption", "<b>Your code</b>")
        .text("parse_mode", "HTML")
        .text("reply_markup", markup)
        .part(
            "document",
            reqwest::multipart::Part::bytes(bytes.clone()).file_name("code.txt"),
        );
    let sent: Value = sim
        .http
        .post(sim.method_url("sendDocument"))
        .multipart(multipart)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let document = &sent["result"]["document"];
    assert_eq!(document["file_name"], "code.txt");
    assert_eq!(document["mime_type"], "text/plain");
    assert_eq!(document["file_size"], bytes.len());
    assert_eq!(sent["result"]["caption"], "Your code");
    let file_id = document["file_id"].as_str().unwrap().to_owned();

    // teloxide's way: the field names an attach:// part.
    let attached = reqwest::multipart::Form::new()
        .text("chat_id", user.to_string())
        .text("document", "attach://f0a1")
        .part(
            "f0a1",
            reqwest::multipart::Part::bytes(b"%PDF-1.4".to_vec()).file_name("guide.pdf"),
        );
    let attached: Value = sim
        .http
        .post(sim.method_url("SendDocument"))
        .multipart(attached)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        attached["result"]["document"]["mime_type"],
        "application/pdf"
    );

    let again = sim
        .ok(
            "sendDocument",
            json!({ "chat_id": user, "document": file_id }),
        )
        .await;
    assert_eq!(again["document"]["file_id"], json!(file_id));
    let (_, description) = sim
        .fails(
            "sendDocument",
            json!({ "chat_id": user, "document": "nope" }),
        )
        .await;
    assert_eq!(
        description,
        "Bad Request: wrong file identifier/HTTP URL specified"
    );
    let (_, description) = sim
        .fails("sendDocument", json!({ "chat_id": user, "document": file_id, "caption": "<i>x" , "parse_mode": "HTML"}))
        .await;
    assert!(description.starts_with("Bad Request: can't parse entities"));

    let body = sim
        .http
        .get(format!("{}/sim/files/{file_id}", sim.server.url()))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(body.as_ref(), bytes.as_slice());

    let (_, chat) = sim.get(&format!("/sim/users/{user}/chat")).await;
    let last = chat.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["document"]["file_name"], "code.txt");
}

#[tokio::test]
async fn customer_messages_buttons_and_edits() {
    let sim = Sim::start().await;
    let user = sim.customer("Ann", 0).await;

    let (status, written) = sim
        .post(
            &format!("/sim/users/{user}/messages"),
            json!({ "text": "/start ref_x" }),
        )
        .await;
    assert_eq!(status, 200);
    let update = sim.next_update("message").await;
    let message = &update["message"];
    assert_eq!(message["message_id"], written["message_id"]);
    assert_eq!(message["text"], "/start ref_x");
    assert_eq!(
        message["entities"],
        json!([{"type":"bot_command","offset":0,"length":6}])
    );
    assert_eq!(message["from"]["id"], json!(user));
    assert_eq!(
        message["chat"],
        json!({"id": user, "type": "private", "first_name": "Ann", "username": "ann"})
    );

    let (_, description) = sim
        .fails(
            "editMessageText",
            json!({ "chat_id": user, "message_id": written["message_id"], "text": "hacked" }),
        )
        .await;
    assert_eq!(description, "Bad Request: message can't be edited");

    let markup = json!({"inline_keyboard": [[{"text": "Buy", "callback_data": "buy:1"}]]});
    let menu = sim
        .ok(
            "sendMessage",
            json!({ "chat_id": user, "text": "Menu", "reply_markup": markup }),
        )
        .await;
    let menu_id = menu["message_id"].clone();
    assert_eq!(menu["reply_markup"], markup);

    let (status, _) = sim
        .post(
            &format!("/sim/users/{user}/callback"),
            json!({ "message_id": menu_id, "data": "nope" }),
        )
        .await;
    assert_eq!(status, 400);
    let (status, pressed) = sim
        .post(
            &format!("/sim/users/{user}/callback"),
            json!({ "message_id": menu_id, "data": "buy:1" }),
        )
        .await;
    assert_eq!(status, 200);
    let update = sim.next_update("callback_query").await;
    let query = &update["callback_query"];
    assert_eq!(query["id"], pressed["callback_query_id"]);
    assert_eq!(query["data"], "buy:1");
    assert_eq!(query["message"]["message_id"], menu_id);
    sim.ok(
        "answerCallbackQuery",
        json!({ "callback_query_id": query["id"] }),
    )
    .await;
    let (_, description) = sim
        .fails(
            "answerCallbackQuery",
            json!({ "callback_query_id": query["id"] }),
        )
        .await;
    assert!(description.starts_with("Bad Request: query is too old"));

    let (_, description) = sim
        .fails(
            "editMessageText",
            json!({ "chat_id": user, "message_id": menu_id, "text": "Menu", "reply_markup": markup }),
        )
        .await;
    assert!(
        description.starts_with("Bad Request: message is not modified: "),
        "{description}"
    );
    let edited = sim
        .ok(
            "editMessageText",
            json!({ "chat_id": user, "message_id": menu_id, "text": "<b>Sold</b>", "parse_mode": "HTML" }),
        )
        .await;
    assert_eq!(edited["text"], "Sold");
    assert!(edited.get("reply_markup").is_none());
    assert!(edited["edit_date"].is_i64());
    let (_, chat) = sim.get(&format!("/sim/users/{user}/chat")).await;
    assert_eq!(chat[1]["text"], "Sold");
    assert_eq!(chat[1]["html"], "<b>Sold</b>");
}

#[tokio::test]
async fn chat_long_poll_waits_for_the_bot() {
    let sim = Sim::start().await;
    let user = sim.customer("Ann", 0).await;
    sim.ok("sendMessage", json!({ "chat_id": user, "text": "one" }))
        .await;

    let waits = sim.stat("chat_waits").await;
    let started = std::time::Instant::now();
    let waiting = sim.get_later(&format!("/sim/users/{user}/chat?after=1&wait_ms=5000"));
    // The bot's message must come while the read is waiting, not before it arrives.
    wait_until("the chat read is waiting for a bot message", async || {
        sim.stat("chat_waits").await > waits
    })
    .await;
    sim.ok("sendMessage", json!({ "chat_id": user, "text": "two" }))
        .await;
    let chat = waiting.await.unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(4));
    assert_eq!(chat.as_array().unwrap().len(), 2);
    assert_eq!(chat[1]["text"], "two");

    let (_, unchanged) = sim
        .get(&format!("/sim/users/{user}/chat?after=2&wait_ms=100"))
        .await;
    assert_eq!(unchanged.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn chat_long_poll_can_wait_for_a_message_that_starts_so() {
    let sim = Sim::start().await;
    let user = sim.customer("Ann", 0).await;
    let waits = sim.stat("chat_waits").await;
    let waiting = sim.get_later(&format!(
        "/sim/users/{user}/chat?after=0&since=0&wait_ms=5000&starts_with=Receipt"
    ));
    wait_until("the chat read is waiting for the receipt", async || {
        sim.stat("chat_waits").await > waits
    })
    .await;
    // The goods come first and do not end the wait; the receipt does.
    sim.ok(
        "sendMessage",
        json!({ "chat_id": user, "text": "Your code: X" }),
    )
    .await;
    sim.ok(
        "sendMessage",
        json!({ "chat_id": user, "text": "<b>Receipt</b> #1", "parse_mode": "HTML" }),
    )
    .await;
    let chat = waiting.await.unwrap();
    let texts: Vec<&str> = chat
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["Your code: X", "Receipt #1"]);
}

#[tokio::test]
async fn commands_are_stored() {
    let sim = Sim::start().await;
    let commands = json!([{"command":"start","description":"Start"},{"command":"paysupport","description":"Payment help"}]);
    sim.ok("setMyCommands", json!({ "commands": commands }))
        .await;
    assert_eq!(sim.ok("getMyCommands", json!({})).await, commands);
    let (_, bot) = sim.get("/sim/bot").await;
    assert_eq!(bot["commands"], commands);
    assert_eq!(bot["id"], json!(common::BOT_ID));
    let (_, description) = sim
        .fails(
            "setMyCommands",
            json!({ "commands": [{"command":"Bad Command","description":"x"}] }),
        )
        .await;
    assert_eq!(description, "Bad Request: BOT_COMMAND_INVALID");
}
