//! The fields the builder offers, saved searches that follow the agent, and the
//! "search as I type" setting.

use axum::http::StatusCode;
use omni_protocol::{AgentProfile, FieldType, SavedSearch, SearchField};
use serde_json::json;

use crate::common::TestServer;

#[tokio::test]
async fn the_fields_come_with_their_types_and_choices() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let (status, body) = server
        .call("GET", "/api/v1/search/fields", Some(&anna.token), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let fields: Vec<SearchField> = serde_json::from_value(body).unwrap();
    let of = |id: &str| fields.iter().find(|f| f.id == id).unwrap();
    assert_eq!(of("subject").kind, FieldType::Text);
    assert_eq!(of("arrived").kind, FieldType::Date);
    let agents = &of("agent").choices;
    assert_eq!(agents[0].label, "Me");
    assert!(agents.iter().any(|c| c.id == anna.agent.id.to_string()));
    assert!(of("queue")
        .choices
        .iter()
        .any(|c| c.label == "Support Email"));
    assert!(!of("disposition").choices.is_empty());
    for kind in [
        FieldType::Text,
        FieldType::Date,
        FieldType::Number,
        FieldType::Agent,
        FieldType::Queue,
        FieldType::Account,
        FieldType::Status,
        FieldType::Channel,
        FieldType::Disposition,
        FieldType::Tag,
        FieldType::Enum,
    ] {
        assert!(fields.iter().any(|f| f.kind == kind), "a {kind:?} field");
    }
}

#[tokio::test]
async fn a_saved_search_follows_its_agent_and_nobody_else() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let search = json!({"join": "any", "conditions": [
        {"field": "subject", "op": "contains", "value": {"text": "refund"}},
        {"field": "status", "op": "is", "value": {"choice": "open"}, "enabled": false}]});
    let save = |name: &str| json!({"name": name, "search": search});
    let (status, body) = server
        .call(
            "POST",
            "/api/v1/searches",
            Some(&anna.token),
            Some(save("  Refunds ")),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let saved: SavedSearch = serde_json::from_value(body).unwrap();
    assert_eq!(saved.name, "Refunds");
    assert!(!saved.search.conditions[1].enabled);
    // The same name again replaces it.
    let (_, again) = server
        .call(
            "POST",
            "/api/v1/searches",
            Some(&anna.token),
            Some(save("Refunds")),
        )
        .await;
    assert_eq!(again["id"].as_i64(), Some(saved.id));

    // Another browser: a new session of the same agent sees it.
    let elsewhere = server.sign_in("anna").await;
    let (_, body) = server
        .call("GET", "/api/v1/searches", Some(&elsewhere.token), None)
        .await;
    let listed: Vec<SavedSearch> = serde_json::from_value(body).unwrap();
    assert_eq!(listed, vec![saved.clone()]);
    let ben = server.sign_in("ben").await;
    let (_, body) = server
        .call("GET", "/api/v1/searches", Some(&ben.token), None)
        .await;
    assert_eq!(body, json!([]), "Ben has his own");
    let uri = format!("/api/v1/searches/{}", saved.id);
    let (status, _) = server.call("DELETE", &uri, Some(&ben.token), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nor can he delete Anna's");

    for (bad, says) in [
        (json!({"name": "", "search": search}), "Name the search"),
        (
            json!({"name": "x", "search": {"conditions": []}}),
            "Add a condition",
        ),
        (
            json!({"name": "x", "search": {"conditions": [{"field": "mood", "op": "is", "value": {"choice": "x"}}]}}),
            "Condition 1: \\\"mood\\\" is not a field",
        ),
    ] {
        let (status, body) = server
            .call("POST", "/api/v1/searches", Some(&anna.token), Some(bad))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.to_string().contains(says), "{body}");
    }
    let (status, _) = server.call("DELETE", &uri, Some(&anna.token), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, body) = server
        .call("GET", "/api/v1/searches", Some(&anna.token), None)
        .await;
    assert_eq!(body, json!([]));
}

#[tokio::test]
async fn search_as_i_type_is_a_profile_setting() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    assert!(!anna.agent.settings.search_on_enter_only);
    let mut settings = anna.agent.settings.clone();
    settings.search_on_enter_only = true;
    let (status, body) = server
        .call(
            "PUT",
            "/api/v1/me/settings",
            Some(&anna.token),
            Some(serde_json::to_value(&settings).unwrap()),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let profile: AgentProfile = serde_json::from_value(body).unwrap();
    assert!(profile.settings.search_on_enter_only);
    let again = server.sign_in("anna").await;
    assert!(
        again.agent.settings.search_on_enter_only,
        "kept for the next sign-in"
    );
}

/// An agent keeps at most 100 saved searches: the 101st name is refused with what to do,
/// while saving one of the 100 names again still replaces it.
#[tokio::test]
async fn a_hundred_saved_searches_at_most_and_a_known_name_is_still_replaced() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let save = |name: String, word: &str| {
        json!({"name": name, "search": {"join": "all", "conditions": [
            {"field": "subject", "op": "contains", "value": {"text": word}}]}})
    };
    for n in 0..100 {
        let (status, body) = server
            .call(
                "POST",
                "/api/v1/searches",
                Some(&anna.token),
                Some(save(format!("Search {n}"), "refund")),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{n}: {body}");
    }
    let (status, body) = server
        .call(
            "POST",
            "/api/v1/searches",
            Some(&anna.token),
            Some(save("One more".into(), "refund")),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.to_string().contains("delete one first"), "{body}");
    let (status, body) = server
        .call(
            "POST",
            "/api/v1/searches",
            Some(&anna.token),
            Some(save("Search 7".into(), "invoice")),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let saved: SavedSearch = serde_json::from_value(body).unwrap();
    assert_eq!(
        saved.search.conditions[0].value,
        omni_protocol::ConditionValue::Text("invoice".into())
    );

    // A search an older server wrote in a shape this one cannot read is not listed, so the
    // agent cannot delete it: it no longer takes one of the 100 places.
    sqlx::query(
        "UPDATE saved_searches SET search = '{\"conditions\": \"all\"}' WHERE name = 'Search 3'",
    )
    .execute(&server.state.db)
    .await
    .unwrap();
    let (_, body) = server
        .call("GET", "/api/v1/searches", Some(&anna.token), None)
        .await;
    assert_eq!(body.as_array().map(Vec::len), Some(99), "{body}");
    let (status, body) = server
        .call(
            "POST",
            "/api/v1/searches",
            Some(&anna.token),
            Some(save("One more".into(), "refund")),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}
