//! Sent email survives a mail server that is away: kept, tried again on a schedule, and the
//! author hears how it stands; after the last try the message stays "not delivered".

use std::time::Duration;

use axum::http::StatusCode;
use omni_protocol::{EventBody, Message};
use omni_server::{clock::now_ms, email::delivery};
use serde_json::json;

use crate::{
    common::{
        smtp::{free_port, SmtpSink},
        TestServer,
    },
    compose::{accepted, account_id},
};

async fn reply(server: &TestServer, token: &str, id: i64, subject: &str) {
    let (status, body) = server
        .call(
            "POST",
            &format!("/api/v1/interactions/{id}/replies"),
            Some(token),
            Some(json!({
                "account_id": account_id(server, "SUPPORT").await,
                "to": ["maria.rossi@example.com"],
                "subject": subject,
                "body": "We are on it.",
                "then": "open",
            })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

/// A server whose SMTP server (at the returned port) is not listening yet.
async fn mail_server_away() -> (TestServer, u16) {
    let port = free_port();
    let server = TestServer::with_config(|config| {
        config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))
    })
    .await;
    (server, port)
}

async fn newest(server: &TestServer, token: &str, id: i64) -> Message {
    server.thread(token, id).await.pop().unwrap()
}

#[tokio::test]
async fn a_mail_server_away_gets_the_email_later_and_the_author_hears_it() {
    let (server, port) = mail_server_away().await;
    let (anna, id) = accepted(&server, "reply.eml").await;
    let mut events = server
        .open_stream(&anna.token, "/api/v1/events", None)
        .await;
    events.drain(Duration::from_millis(200)).await;

    let before = now_ms();
    reply(&server, &anna.token, id, "Re: Refund").await;
    let kept = newest(&server, &anna.token, id).await;
    let reason = kept.delivery_error.clone().expect("not delivered yet");
    assert!(reason.starts_with("SMTP:"), "{reason}");
    let retry_at = kept.delivery_retry_at.expect("tried again later");
    assert!((before + 60_000..=now_ms() + 60_000).contains(&retry_at));

    // Still away at the first retry: the next one is five minutes later.
    delivery::deliver_due(&server.state, retry_at)
        .await
        .unwrap();
    let again = newest(&server, &anna.token, id).await;
    assert!(again.delivery_error.is_some());
    let second_retry = again.delivery_retry_at.unwrap();
    assert!(second_retry >= retry_at + 5 * 60_000, "{second_retry}");

    // Back: the retry delivers the same bytes, once.
    let sink = SmtpSink::listen(port).await;
    delivery::deliver_due(&server.state, second_retry)
        .await
        .unwrap();
    let delivered = newest(&server, &anna.token, id).await;
    assert_eq!(
        (delivered.delivery_error, delivered.delivery_retry_at),
        (None, None)
    );
    let received = sink.received.lock().unwrap().clone();
    assert_eq!(received.len(), 1);
    let mail = String::from_utf8_lossy(&received[0]);
    assert!(mail.contains("Subject: Re: Refund"), "{mail}");
    delivery::deliver_due(&server.state, second_retry + 3_600_000)
        .await
        .unwrap();
    assert_eq!(sink.received.lock().unwrap().len(), 1, "nothing twice");

    let heard: Vec<(Option<String>, Option<i64>)> = events
        .drain(Duration::from_millis(300))
        .await
        .into_iter()
        .filter_map(|event| match event.body {
            EventBody::MessageChanged(changed) if changed.id == kept.id => {
                Some((changed.delivery_error, changed.delivery_retry_at))
            }
            _ => None,
        })
        .collect();
    // The first attempt, the failed retry and the delivery: each is heard.
    assert_eq!(heard.len(), 3, "{heard:?}");
    assert_eq!(heard[0].1, Some(retry_at));
    assert_eq!(heard[1].1, Some(second_retry));
    assert_eq!(heard[2], (None, None));
}

#[tokio::test]
async fn after_the_last_try_the_email_stays_not_delivered() {
    let (server, port) = mail_server_away().await;
    let (anna, id) = accepted(&server, "reply.eml").await;
    reply(&server, &anna.token, id, "Re: Refund").await;
    let mut at = now_ms();
    for _ in delivery::RETRY_AFTER_MINUTES {
        at = newest(&server, &anna.token, id)
            .await
            .delivery_retry_at
            .expect("another try is planned");
        delivery::deliver_due(&server.state, at).await.unwrap();
    }
    let given_up = newest(&server, &anna.token, id).await;
    assert!(given_up.delivery_error.is_some());
    assert_eq!(given_up.delivery_retry_at, None);
    // Nothing is tried any more, however late it gets.
    let _sink = SmtpSink::listen(port).await;
    delivery::deliver_due(&server.state, at + 86_400_000)
        .await
        .unwrap();
    assert!(newest(&server, &anna.token, id)
        .await
        .delivery_error
        .is_some());
}
