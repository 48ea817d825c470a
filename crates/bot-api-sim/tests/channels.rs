//! Private channels: invite links, joining, bans and membership.

mod common;

use common::{BOT_ID, Sim};
use serde_json::json;

#[tokio::test]
async fn invite_join_ban() {
    let sim = Sim::start().await;
    let ann = sim.customer("Ann", 0).await;
    let bob = sim.customer("Bob", 0).await;
    let (_, channel) = sim.post("/sim/channels", json!({ "title": "Club" })).await;
    let channel = channel["id"].as_i64().unwrap();
    assert_eq!(channel, -1_001_000_000_001);

    let link = sim
        .ok(
            "createChatInviteLink",
            json!({ "chat_id": channel, "name": "ann", "member_limit": 1 }),
        )
        .await;
    assert_eq!(link["creator"]["id"], json!(BOT_ID));
    assert_eq!(link["member_limit"], 1);
    assert_eq!(link["is_revoked"], false);
    let invite = link["invite_link"].as_str().unwrap();
    assert!(invite.starts_with("https://t.me/+"));

    let (status, joined) = sim
        .post(
            &format!("/sim/users/{ann}/join"),
            json!({ "invite_link": invite }),
        )
        .await;
    assert_eq!((status, joined), (200, json!({ "joined": true })));
    let (status, refused) = sim
        .post(
            &format!("/sim/users/{bob}/join"),
            json!({ "invite_link": invite }),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(refused["error"], "USERS_TOO_MUCH");
    let (_, members) = sim.get(&format!("/sim/channels/{channel}/members")).await;
    assert_eq!(members, json!({ "members": [ann] }));

    let member = sim
        .ok(
            "getChatMember",
            json!({ "chat_id": channel, "user_id": ann }),
        )
        .await;
    assert_eq!(member["status"], "member");
    let admin = sim
        .ok(
            "getChatMember",
            json!({ "chat_id": channel, "user_id": BOT_ID }),
        )
        .await;
    assert_eq!(admin["status"], "administrator");

    sim.ok(
        "banChatMember",
        json!({ "chat_id": channel, "user_id": ann }),
    )
    .await;
    let (_, members) = sim.get(&format!("/sim/channels/{channel}/members")).await;
    assert_eq!(members, json!({ "members": [] }));
    let kicked = sim
        .ok(
            "getChatMember",
            json!({ "chat_id": channel, "user_id": ann }),
        )
        .await;
    assert_eq!(kicked["status"], "kicked");

    let open = sim
        .ok("createChatInviteLink", json!({ "chat_id": channel }))
        .await;
    let open = open["invite_link"].as_str().unwrap();
    let (status, refused) = sim
        .post(
            &format!("/sim/users/{ann}/join"),
            json!({ "invite_link": open }),
        )
        .await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (400, Some("USER_BANNED_IN_CHANNEL"))
    );
    sim.ok(
        "unbanChatMember",
        json!({ "chat_id": channel, "user_id": ann }),
    )
    .await;
    let (status, _) = sim
        .post(
            &format!("/sim/users/{ann}/join"),
            json!({ "invite_link": open }),
        )
        .await;
    assert_eq!(status, 200);
    // A plain unban of a member removes them, the usual way to end access.
    sim.ok(
        "unbanChatMember",
        json!({ "chat_id": channel, "user_id": ann }),
    )
    .await;
    let left = sim
        .ok(
            "getChatMember",
            json!({ "chat_id": channel, "user_id": ann }),
        )
        .await;
    assert_eq!(left["status"], "left");

    let (_, description) = sim
        .fails("createChatInviteLink", json!({ "chat_id": -1_001_999 }))
        .await;
    assert_eq!(description, "Bad Request: chat not found");
}

#[tokio::test]
async fn expired_and_revoked_links() {
    let sim = Sim::start().await;
    let ann = sim.customer("Ann", 0).await;
    let (_, channel) = sim.post("/sim/channels", json!({ "title": "Club" })).await;
    let channel = channel["id"].as_i64().unwrap();
    let (_, clock) = sim.get("/sim/clock").await;
    let now = clock["now"].as_i64().unwrap();
    let link = sim
        .ok(
            "createChatInviteLink",
            json!({ "chat_id": channel, "expire_date": now + 3600 }),
        )
        .await;
    sim.post("/sim/clock", json!({ "advance_seconds": 3601 }))
        .await;
    let (status, refused) = sim
        .post(
            &format!("/sim/users/{ann}/join"),
            json!({ "invite_link": link["invite_link"] }),
        )
        .await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (400, Some("INVITE_HASH_EXPIRED"))
    );

    let link = sim
        .ok("createChatInviteLink", json!({ "chat_id": channel }))
        .await;
    let revoked = sim
        .ok(
            "revokeChatInviteLink",
            json!({ "chat_id": channel, "invite_link": link["invite_link"] }),
        )
        .await;
    assert_eq!(revoked["is_revoked"], true);
    let (status, _) = sim
        .post(
            &format!("/sim/users/{ann}/join"),
            json!({ "invite_link": link["invite_link"] }),
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = sim
        .post(
            &format!("/sim/users/{ann}/join"),
            json!({ "invite_link": "https://t.me/+nope" }),
        )
        .await;
    assert_eq!(status, 400);
}
