//! Customer records through the API (PRODUCT D1–D4): uniqueness and lengths answered with
//! their field, E.164 matching, who may edit and delete, history for every change, ingest
//! that links only a customer it knows, and linking an interaction to one.

use axum::http::StatusCode;
use omni_protocol::EventBody;
use serde_json::{json, Value};

use crate::common::TestServer;

async fn create(server: &TestServer, token: &str, body: Value) -> (StatusCode, Value) {
    server
        .call("POST", "/api/v1/customers", Some(token), Some(body))
        .await
}

async fn created(server: &TestServer, token: &str, body: Value) -> Value {
    let (status, customer) = create(server, token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{customer}");
    customer
}

async fn lookup(server: &TestServer, token: &str, query: &str) -> Vec<String> {
    let (status, page) = server
        .call(
            "GET",
            &format!("/api/v1/customers?{query}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{} {}",
                c["first_name"].as_str().unwrap(),
                c["last_name"].as_str().unwrap()
            )
        })
        .collect()
}

#[tokio::test]
async fn an_email_belongs_to_one_customer_whatever_its_case() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let ada = created(
        &server,
        &anna.token,
        json!({"first_name": "Ada", "last_name": "Byron", "emails": ["Ada@Example.org"]}),
    )
    .await;
    assert_eq!(ada["emails"], json!(["ada@example.org"]));
    assert!(ada["account"].as_str().unwrap().starts_with("AC-"));

    let (status, body) = create(
        &server,
        &anna.token,
        json!({"first_name": "Other", "last_name": "Person", "emails": ["ADA@example.ORG"]}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["field"], "emails");
    let sentence = body["error"]["message"].as_str().unwrap();
    assert!(sentence.contains("Ada Byron"), "{sentence}");

    // Editing another customer to take it is refused the same way, and changes nothing.
    let other = created(
        &server,
        &anna.token,
        json!({"first_name": "Other", "last_name": "Person"}),
    )
    .await;
    let uri = format!("/api/v1/customers/{}", other["id"]);
    let (status, body) = server
        .call(
            "PUT",
            &uri,
            Some(&anna.token),
            Some(
                json!({"first_name": "Other", "last_name": "Person", "emails": ["ada@example.org"],
                        "version": other["version"]}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (_, after) = server.call("GET", &uri, Some(&anna.token), None).await;
    assert_eq!(after["emails"], json!([]));
    assert_eq!(after["version"], other["version"]);
}

#[tokio::test]
async fn an_email_of_254_characters_is_kept_and_one_of_255_is_refused_with_its_field() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    // 64 + "@" + 63 + "." + 63 + "." + 61 = 254
    let domain = format!("{}.{}.{}", "b".repeat(63), "c".repeat(63), "d".repeat(61));
    let longest = format!("{}@{domain}", "a".repeat(64));
    assert_eq!(longest.len(), 254);
    let kept = created(
        &server,
        &anna.token,
        json!({"first_name": "Long", "last_name": "Address", "emails": [longest]}),
    )
    .await;
    assert_eq!(kept["emails"][0].as_str().unwrap().len(), 254);

    let too_long = format!("{}@{domain}x", "a".repeat(64));
    let (status, body) = create(
        &server,
        &anna.token,
        json!({"first_name": "Longer", "last_name": "Address", "emails": [too_long]}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "emails");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("254"),
        "{body}"
    );
}

#[tokio::test]
async fn names_are_required_unless_saved_as_a_draft_and_drafts_are_never_matched() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let (status, body) = create(
        &server,
        &anna.token,
        json!({"first_name": "Ada", "emails": ["ada@example.org"]}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "last_name");
    let (status, body) = create(
        &server,
        &anna.token,
        json!({"first_name": "Ada", "last_name": "x".repeat(201)}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "last_name");

    let draft = created(
        &server,
        &anna.token,
        json!({"first_name": "Ada", "emails": ["ada@example.org"], "draft": true}),
    )
    .await;
    assert_eq!(draft["draft"], true);
    assert!(lookup(&server, &anna.token, "email=ada@example.org")
        .await
        .is_empty());
    // It is listed, though, and can be found by text.
    assert_eq!(lookup(&server, &anna.token, "q=ada").await, ["Ada "]);
}

#[tokio::test]
async fn a_phone_matches_however_it_was_written() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let stored = created(
        &server,
        &anna.token,
        json!({"first_name": "Giulia", "last_name": "Bianchi", "phones": ["+39 06 1234 5678"]}),
    )
    .await;
    assert_eq!(stored["phones"], json!(["+390612345678"]));
    for typed in [
        "0039061234%205678",
        "%2B39%20(06)%201234-5678",
        "%2B390612345678",
    ] {
        let found = lookup(&server, &anna.token, &format!("phone={typed}")).await;
        assert!(
            found.contains(&"Giulia Bianchi".to_owned()),
            "{typed}: {found:?}"
        );
    }
    let (status, body) = create(
        &server,
        &anna.token,
        json!({"first_name": "No", "last_name": "Code", "phones": ["06 1234 5678"]}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "phones");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("country code"));
}

#[tokio::test]
async fn the_demo_has_a_family_on_one_phone_a_customer_with_two_emails_and_a_draft() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    assert_eq!(
        lookup(&server, &anna.token, "phone=%2B39%2006%201234%205678").await,
        ["Maria Rossi", "Paolo Rossi"]
    );
    for email in ["j.whitfield@example.org", "james@whitfield-sons.example"] {
        assert_eq!(
            lookup(&server, &anna.token, &format!("email={email}")).await,
            ["James Whitfield"]
        );
    }
    assert!(lookup(&server, &anna.token, "email=hana.dvorak@example.cz")
        .await
        .is_empty());
}

/// Edit and delete, for each demo agent: (username, may edit, may delete).
#[tokio::test]
async fn only_agents_with_the_permission_edit_or_delete_a_customer() {
    let server = TestServer::start().await;
    let sam = server.sign_in("sam").await;
    for (username, may_edit, may_delete) in [
        ("anna", true, true),
        ("ben", true, false),
        ("chris", false, false),
        ("sam", true, true),
    ] {
        let agent = server.sign_in(username).await;
        let customer = created(
            &server,
            &agent.token,
            json!({"first_name": "Matrix", "last_name": username, "company": "Before"}),
        )
        .await;
        let uri = format!("/api/v1/customers/{}", customer["id"]);
        let edit = json!({"first_name": "Matrix", "last_name": username, "company": "After",
                          "version": customer["version"]});
        let (status, body) = server
            .call("PUT", &uri, Some(&agent.token), Some(edit))
            .await;
        let (_, now) = server.call("GET", &uri, Some(&sam.token), None).await;
        if may_edit {
            assert_eq!(status, StatusCode::OK, "{username}: {body}");
            assert_eq!(now["company"], "After", "{username}");
        } else {
            assert_eq!(status, StatusCode::FORBIDDEN, "{username}: {body}");
            assert!(body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("may not edit"));
            assert_eq!(now["company"], "Before", "{username}");
        }
        let (status, body) = server.call("DELETE", &uri, Some(&agent.token), None).await;
        let (still, _) = server.call("GET", &uri, Some(&sam.token), None).await;
        if may_delete {
            assert_eq!(status, StatusCode::NO_CONTENT, "{username}: {body}");
            assert_eq!(still, StatusCode::NOT_FOUND, "{username}");
        } else {
            assert_eq!(status, StatusCode::FORBIDDEN, "{username}: {body}");
            assert!(body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("may not delete"));
            assert_eq!(still, StatusCode::OK, "{username}");
        }
    }
    // The profile says the same, so the desk can leave out what is not permitted.
    let chris = server.sign_in("chris").await;
    let (_, me) = server
        .call("GET", "/api/v1/me", Some(&chris.token), None)
        .await;
    assert_eq!(me["permissions"]["may_edit_customers"], false);
    assert_eq!(me["permissions"]["may_delete_customers"], false);
}

#[tokio::test]
async fn every_change_is_in_the_history_with_who_when_and_what() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let ben = server.sign_in("ben").await;
    let customer = created(
        &server,
        &anna.token,
        json!({"first_name": "Ada", "last_name": "Byron", "phones": ["+44 20 7946 0000"]}),
    )
    .await;
    let id = customer["id"].as_i64().unwrap();
    let uri = format!("/api/v1/customers/{id}");
    let edit = json!({"first_name": "Ada", "last_name": "Lovelace", "company": "Analytical Engines",
                      "emails": ["ada@example.org"], "phones": ["+44 20 7946 0000"],
                      "primary_address": "12 St James's Square", "version": customer["version"]});
    let (status, body) = server
        .call("PUT", &uri, Some(&ben.token), Some(edit.clone()))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The same edit of the old version again: refused, nothing written.
    let (status, _) = server.call("PUT", &uri, Some(&ben.token), Some(edit)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, history) = server
        .call("GET", &format!("{uri}/history"), Some(&anna.token), None)
        .await;
    let lines: Vec<(String, String, Value, Value)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["agent_name"].as_str().unwrap_or_default().to_owned(),
                h["field"].as_str().unwrap().to_owned(),
                h["old_value"].clone(),
                h["new_value"].clone(),
            )
        })
        .collect();
    let ben_name = "Ben Ortiz".to_owned();
    let expect = |field: &str, old: &str, new: &str| {
        (ben_name.clone(), field.to_owned(), json!(old), json!(new))
    };
    for line in [
        expect("last_name", "Byron", "Lovelace"),
        expect("company", "", "Analytical Engines"),
        expect("emails", "", "ada@example.org"),
        expect("primary_address", "", "12 St James's Square"),
    ] {
        assert!(lines.contains(&line), "{line:?} in {lines:?}");
    }
    assert_eq!(lines.len(), 5, "four changes and the creation: {lines:?}");
    assert_eq!(lines.last().unwrap().1, "created");
    assert_eq!(lines.last().unwrap().0, "Anna Keller");
    assert!(history[0]["at"].as_i64().unwrap() >= customer["created_at"].as_i64().unwrap());

    // Deleting keeps the history, its last line saying who deleted it.
    let (status, _) = server.call("DELETE", &uri, Some(&anna.token), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let last: (String, Option<i64>) = sqlx::query_as(
        "SELECT field, agent_id FROM customer_history WHERE customer_id = ? ORDER BY id DESC LIMIT 1",
    )
    .bind(id)
    .fetch_one(&server.state.db)
    .await
    .unwrap();
    assert_eq!(last, ("deleted".to_owned(), Some(anna.agent.id)));
}

const UNKNOWN_SENDER: &str = "From: \"Olivia Grant\" <Olivia.Grant@example.com>\r\n\
To: support@omni-desk.test\r\nSubject: Where is my parcel?\r\n\
Message-ID: <unknown-1@example.com>\r\nMIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\nIt has been a week.\r\n";

#[tokio::test]
async fn mail_from_an_unknown_sender_waits_for_a_customer_and_linking_tells_the_desks() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let queue = server.queue_id("Support Email").await;
    let before: i64 = sqlx::query_scalar("SELECT count(*) FROM customers")
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    let summary = omni_server::email::mail_ingest::ingest(
        &server.state,
        Some(queue),
        UNKNOWN_SENDER.as_bytes(),
    )
    .await
    .unwrap();
    assert_eq!(summary.customer.id, None);
    assert_eq!(summary.customer.name, "Olivia Grant");
    assert_eq!(
        summary.customer.email.as_deref(),
        Some("olivia.grant@example.com")
    );
    let after: i64 = sqlx::query_scalar("SELECT count(*) FROM customers")
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    assert_eq!(after, before, "ingest creates no customer");

    let mut stream = server
        .open_stream(&anna.token, "/api/v1/events", None)
        .await;
    let olivia = created(
        &server,
        &anna.token,
        json!({"first_name": "Olivia", "last_name": "Grant", "emails": ["olivia.grant@example.com"]}),
    )
    .await;
    // Still queued, it is nobody's: a supervisor links it (its agent could, once offered).
    let sam = server.sign_in("sam").await;
    let (status, linked) = server
        .call(
            "PUT",
            &format!("/api/v1/interactions/{}/customer", summary.id),
            Some(&sam.token),
            Some(json!({"customer_id": olivia["id"]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{linked}");
    assert_eq!(linked["customer"]["id"], olivia["id"]);
    let events = stream.drain(std::time::Duration::from_millis(500)).await;
    assert!(events.iter().any(|e| matches!(&e.body,
        EventBody::CustomerChanged(c) if c.id == olivia["id"].as_i64().unwrap())));
    assert!(events.iter().any(|e| matches!(&e.body,
        EventBody::InteractionChanged(s) if s.id == summary.id && s.customer.id.is_some())));

    // The case and the journey now show it; the next email from her is linked at once.
    let uri = format!("/api/v1/customers/{}", olivia["id"]);
    let (_, cases) = server
        .call("GET", &format!("{uri}/cases"), Some(&anna.token), None)
        .await;
    assert_eq!(cases[0]["case_number"], summary.case_number);
    assert_eq!(cases[0]["to"][0]["address"], "support@omni-desk.test");
    assert!(cases[0]["source_message_id"].is_i64());
    let (_, journey) = server
        .call("GET", &format!("{uri}/journey"), Some(&anna.token), None)
        .await;
    assert_eq!(journey[0]["id"], summary.id);
    let (_, chats) = server
        .call(
            "GET",
            &format!("{uri}/journey?channel=chat"),
            Some(&anna.token),
            None,
        )
        .await;
    assert_eq!(chats, json!([]));
    let again = UNKNOWN_SENDER.replace("unknown-1@", "unknown-2@");
    let next =
        omni_server::email::mail_ingest::ingest(&server.state, Some(queue), again.as_bytes())
            .await
            .unwrap();
    assert_eq!(next.customer.id, olivia["id"].as_i64());
}

#[tokio::test]
async fn a_chat_from_a_family_phone_is_linked_to_no_one_until_the_agent_chooses() {
    let server = TestServer::start().await;
    let queue = server.queue_id("WhatsApp Support").await;
    let chat = |address: &str| omni_protocol::InboundRequest {
        queue_id: queue,
        customer_id: None,
        from_name: Some("Rossi".into()),
        from_address: Some(address.into()),
        subject: None,
        body: "Ciao".into(),
    };
    let shared =
        omni_server::work::interactions::create_inbound(&server.state, &chat("0039 06 1234 5678"))
            .await
            .unwrap();
    assert_eq!(shared.customer.id, None, "two customers share this phone");
    assert_eq!(shared.customer.phone.as_deref(), Some("+390612345678"));
    let own =
        omni_server::work::interactions::create_inbound(&server.state, &chat("+39 333 123 4567"))
            .await
            .unwrap();
    assert!(own.customer.id.is_some(), "Maria's mobile is hers alone");
    assert_eq!(own.customer.name, "Maria Rossi");
}

#[tokio::test]
async fn settings_changed_in_one_tab_reach_the_agents_other_tabs() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let mut other_tab = server
        .open_stream(&anna.token, "/api/v1/events", None)
        .await;
    let settings = json!({"auto_multi_match_pop": true, "search_on_enter_only": true,
                          "hover_preview": false, "sound": false});
    let (status, profile) = server
        .call(
            "PUT",
            "/api/v1/me/settings",
            Some(&anna.token),
            Some(settings),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{profile}");
    assert_eq!(profile["settings"]["auto_multi_match_pop"], true);
    let events = other_tab.drain(std::time::Duration::from_millis(500)).await;
    assert!(
        events.iter().any(|e| matches!(&e.body,
            EventBody::SettingsChanged(s) if s.auto_multi_match_pop && !s.sound)),
        "{events:?}"
    );
    // Another agent's stream does not hear it.
    let ben = server.sign_in("ben").await;
    let mut bens = server.open_stream(&ben.token, "/api/v1/events", None).await;
    server
        .call(
            "PUT",
            "/api/v1/me/settings",
            Some(&anna.token),
            Some(json!({"auto_multi_match_pop": false})),
        )
        .await;
    let heard = bens.drain(std::time::Duration::from_millis(300)).await;
    assert!(!heard
        .iter()
        .any(|e| matches!(e.body, EventBody::SettingsChanged(_))));
}

/// A database from before customer records (0017) keeps its customers and interactions: the
/// email in its own table (lower case), a phone already in E.164, and each interaction's
/// contact; a free-text phone that is not E.164 is left out rather than failing the upgrade.
#[tokio::test]
async fn an_older_database_keeps_its_customers_and_interactions_through_the_upgrade() {
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect("sqlite::memory:")
        .await
        .unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    let (before, upgrade) = files.split_at(17);
    for file in before {
        let sql = std::fs::read_to_string(file).unwrap();
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&pool)
            .await
            .unwrap();
    }
    sqlx::raw_sql(
        "INSERT INTO queues (id, name, channel) VALUES (1, 'Support Email', 'email');
         INSERT INTO customers (id, first_name, last_name, email, phone, company) VALUES
           (1, 'Ana', 'López', 'Ana.Lopez@Ejemplo.es', '+34 600-123.456', 'Cerámica Sol'),
           (2, 'Bo', 'Chen', NULL, '555 1234', NULL);
         INSERT INTO interactions (id, queue_id, channel, customer_id, subject, first_message, state, created_at)
           VALUES (1, 1, 'email', 1, 'Azulejos rotos', 'Hola', 'closed', 1);",
    )
    .execute(&pool)
    .await
    .unwrap();
    let sql = std::fs::read_to_string(&upgrade[0]).unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
        .execute(&pool)
        .await
        .unwrap();

    let emails: Vec<(String, i64)> =
        sqlx::query_as("SELECT address, customer_id FROM customer_emails")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(emails, [("ana.lopez@ejemplo.es".to_owned(), 1)]);
    let phones: Vec<(i64, String)> =
        sqlx::query_as("SELECT customer_id, number FROM customer_phones")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(phones, [(1, "+34600123456".to_owned())]);
    let contact: (Option<i64>, String, Option<String>) = sqlx::query_as(
        "SELECT customer_id, contact_name, contact_address FROM interactions WHERE id = 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        contact,
        (
            Some(1),
            "Ana López".to_owned(),
            Some("ana.lopez@ejemplo.es".to_owned())
        )
    );
    let company: String = sqlx::query_scalar("SELECT company FROM customers WHERE id = 1")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(company, "Cerámica Sol");
    // The quick search still finds the interaction by its customer.
    let found: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM interaction_search WHERE interaction_search MATCH 'customer : ana'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(found, 1);
}

/// Linking is the handling agent's choice (or a supervisor's); changing a link already made
/// also needs `may_edit_customers`.
#[tokio::test]
async fn only_the_interactions_agent_or_a_supervisor_links_it_and_relinking_needs_edit_rights() {
    let server = TestServer::start().await;
    let (anna, id) = crate::compose::accepted(&server, "multipart_alternative.eml").await;
    let ben = server.sign_in("ben").await;
    let sam = server.sign_in("sam").await;
    let uri = format!("/api/v1/interactions/{id}/customer");
    let paolo = created(
        &server,
        &anna.token,
        json!({"first_name": "Paolo", "last_name": "Bruni"}),
    )
    .await;
    let (status, body) = server
        .call(
            "PUT",
            &uri,
            Some(&ben.token),
            Some(json!({"customer_id": paolo["id"]})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Only the agent"));
    let (status, body) = server
        .call(
            "PUT",
            &uri,
            Some(&anna.token),
            Some(json!({"customer_id": paolo["id"]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = server
        .call(
            "PUT",
            &uri,
            Some(&sam.token),
            Some(json!({"customer_id": 1})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "a supervisor may: {body}");
    // Chris may not edit customers: were it his, he could not move it to another record.
    sqlx::query("UPDATE interactions SET agent_id = (SELECT id FROM agents WHERE username = 'chris') WHERE id = ?")
        .bind(id)
        .execute(&server.state.db)
        .await
        .unwrap();
    let chris = server.sign_in("chris").await;
    let (status, body) = server
        .call(
            "PUT",
            &uri,
            Some(&chris.token),
            Some(json!({"customer_id": paolo["id"]})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, _) = server
        .call(
            "PUT",
            &uri,
            Some(&sam.token),
            Some(json!({"customer_id": 999_999})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_wrong_task_an_edit_without_its_version_and_a_bad_query_say_which_field() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let other = server.inbound("Support Email", "Not Paolo's").await;
    let paolo = created(
        &server,
        &anna.token,
        json!({"first_name": "Paolo", "last_name": "Bruni"}),
    )
    .await;
    let uri = format!("/api/v1/customers/{}", paolo["id"]);
    let (status, body) = server
        .call(
            "POST",
            &format!("{uri}/tasks"),
            Some(&anna.token),
            Some(json!({"kind": "call", "subject": "Called back", "starts_at": 1, "interaction_id": other})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "interaction_id");
    let (status, task) = server
        .call(
            "POST",
            &format!("{uri}/tasks"),
            Some(&anna.token),
            Some(json!({"kind": "meeting", "subject": "Visit the shop", "starts_at": 10, "ends_at": 20})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{task}");
    assert_eq!(task["agent_name"], "Anna Keller");

    let (status, body) = server
        .call(
            "PUT",
            &uri,
            Some(&anna.token),
            Some(json!({"first_name": "Paolo", "last_name": "Neri"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "version");

    for (query, field) in [
        ("limit=abc", "limit"),
        ("q=a&limit=500", "limit"),
        ("phone=12", "phone"),
    ] {
        let (status, body) = server
            .call(
                "GET",
                &format!("/api/v1/customers?{query}"),
                Some(&anna.token),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
        if field != "limit" || query.contains("500") {
            assert_eq!(body["error"]["field"], field, "{query}: {body}");
        }
    }
}
