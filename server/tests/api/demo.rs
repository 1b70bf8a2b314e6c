//! The demo a new user meets (`cargo xtask run`): a contact center's recent past in every
//! state, in several languages and mailers, that the desk's own API reads like any other.

use std::collections::HashMap;

use axum::http::StatusCode;

use crate::common::TestServer;

#[tokio::test]
async fn the_demo_history_has_every_state_language_and_mailer() {
    let server = TestServer::start().await;
    let created = omni_server::demo::history::seed_history(&server.state)
        .await
        .unwrap();
    assert!(created >= 60, "{created} interactions");
    let db = &server.state.db;
    let states: Vec<(String, i64)> =
        sqlx::query_as("SELECT state, count(*) FROM interactions GROUP BY state")
            .fetch_all(db)
            .await
            .unwrap();
    let states: HashMap<String, i64> = states.into_iter().collect();
    for state in ["queued", "active", "open", "closed"] {
        assert!(
            states.get(state).copied().unwrap_or(0) > 0,
            "{state}: {states:?}"
        );
    }
    let count = |sql: &'static str| async move {
        sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(db)
            .await
            .unwrap()
    };
    assert!(
        count("SELECT count(*) FROM interactions WHERE sub_status = 'Pending' AND state = 'open'")
            .await
            > 0
    );
    assert!(count("SELECT count(*) FROM interactions WHERE reopened_at IS NOT NULL").await > 0);
    assert!(count("SELECT count(*) FROM interactions WHERE continues IS NOT NULL").await > 0);
    assert_eq!(
        count("SELECT count(DISTINCT queue_id) FROM interactions").await,
        2,
        "both email queues"
    );
    // Dispositions one, two and three levels deep.
    let depths: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT CASE WHEN p.id IS NULL THEN 1 WHEN p.parent_id IS NULL THEN 2 ELSE 3 END \
         FROM interactions i JOIN dispositions d ON d.id = i.disposition_id \
         LEFT JOIN dispositions p ON p.id = d.parent_id ORDER BY 1",
    )
    .fetch_all(db)
    .await
    .unwrap();
    assert_eq!(depths, [1, 2, 3]);
    assert!(
        count("SELECT count(*) FROM messages WHERE kind = 'note'").await > 0,
        "notes"
    );
    assert!(
        count("SELECT count(*) FROM attachments WHERE inline = 1").await > 0,
        "inline images"
    );
    assert!(
        count("SELECT count(*) FROM attachments WHERE inline = 0").await > 0,
        "attachments"
    );
    assert!(
        count("SELECT max(n) FROM (SELECT count(*) AS n FROM messages GROUP BY interaction_id)")
            .await
            >= 6,
        "long threads"
    );
    assert!(
        count("SELECT count(*) FROM (SELECT customer_id FROM interactions GROUP BY customer_id HAVING count(*) >= 5)").await >= 5,
        "customers with several interactions"
    );
    // German, Japanese and Arabic writers; Outlook, Gmail and Apple Mail HTML.
    let subjects: Vec<String> = sqlx::query_scalar("SELECT subject FROM interactions")
        .fetch_all(db)
        .await
        .unwrap();
    let all = subjects.join(" ");
    for (script, sample) in [
        ("German", "Rechnung"),
        ("Japanese", "請求"),
        ("Arabic", "الفاتورة"),
    ] {
        assert!(all.contains(sample), "{script}: {all}");
    }
    let html: Vec<String> = sqlx::query_scalar(
        "SELECT body_html FROM messages WHERE direction = 'inbound' AND body_html IS NOT NULL",
    )
    .fetch_all(db)
    .await
    .unwrap();
    for marker in [
        "class=\"MsoNormal\"",
        "class=\"gmail_quote",
        "blockquote type=\"cite\"",
        "dir=\"rtl\"",
    ] {
        assert!(html.iter().any(|h| h.contains(marker)), "{marker}");
    }
    // Every thread reads back through the API, its bodies prepared, nothing garbled.
    let anna = server.sign_in("anna").await;
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM interactions")
        .fetch_all(db)
        .await
        .unwrap();
    for id in ids {
        let thread = server.thread(&anna.token, id).await;
        assert!(!thread.is_empty());
        for message in thread {
            assert!(
                !message.text.whole().contains('\u{fffd}'),
                "{id}: {:?}",
                message.text
            );
        }
    }
    let (status, page) = server
        .call(
            "GET",
            "/api/v1/interactions?channel=email&limit=100",
            Some(&anna.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page["total"].as_u64().unwrap_or(0) >= 60,
        "{}",
        page["total"]
    );
}

#[tokio::test]
async fn nothing_in_the_demo_history_happens_in_the_future() {
    let server = TestServer::start().await;
    omni_server::demo::history::seed_history(&server.state)
        .await
        .unwrap();
    let now = omni_server::clock::now_ms();
    let latest: i64 = sqlx::query_scalar(
        "SELECT max(t) FROM (SELECT max(sent_at) AS t FROM messages UNION ALL \
         SELECT max(COALESCE(closed_at, 0)) FROM interactions UNION ALL SELECT max(COALESCE(reopened_at, 0)) FROM interactions)",
    )
    .fetch_one(&server.state.db)
    .await
    .unwrap();
    assert!(latest <= now, "{} ms ahead", latest - now);
    let answered_queued: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM messages m JOIN interactions i ON i.id = m.interaction_id \
         WHERE i.state = 'queued' AND i.continues IS NULL AND m.direction = 'outbound'",
    )
    .fetch_one(&server.state.db)
    .await
    .unwrap();
    assert_eq!(answered_queued, 0, "waiting mail has no answer yet");
}
