//! Every wire type survives JSON both ways, in the exact shape `docs/api.md` documents.

use omni_protocol::*;
use serde_json::json;

#[test]
fn status_shapes_are_tagged_by_kind() {
    let cases = [
        (AgentStatus::Available, json!({"kind": "available"})),
        (AgentStatus::Busy, json!({"kind": "busy"})),
        (
            AgentStatus::WorkingOffline,
            json!({"kind": "working_offline"}),
        ),
        (AgentStatus::OnBreak, json!({"kind": "on_break"})),
        (
            AgentStatus::Custom {
                id: "training".into(),
            },
            json!({"kind": "custom", "id": "training"}),
        ),
    ];
    for (status, wire) in cases {
        assert_eq!(serde_json::to_value(&status).unwrap(), wire);
        assert_eq!(serde_json::from_value::<AgentStatus>(wire).unwrap(), status);
    }
}

#[test]
fn event_envelope_has_id_type_payload() {
    let event = Event {
        id: 42,
        body: EventBody::StatusChanged(StatusChanged {
            agent_id: 7,
            status: AgentStatus::OnBreak,
            changed_at: 1_700_000_000_000,
            version: 42,
        }),
    };
    let wire = json!({
        "id": 42,
        "type": "status_changed",
        "payload": {"agent_id": 7, "status": {"kind": "on_break"}, "changed_at": 1_700_000_000_000i64, "version": 42}
    });
    assert_eq!(serde_json::to_value(&event).unwrap(), wire);
    assert_eq!(serde_json::from_value::<Event>(wire).unwrap(), event);
    assert_eq!(event.body.type_name(), "status_changed");

    let resync = Event {
        id: 9,
        body: EventBody::Resync(Resync {
            reason: "too old".into(),
        }),
    };
    let text = serde_json::to_string(&resync).unwrap();
    assert_eq!(serde_json::from_str::<Event>(&text).unwrap(), resync);
    assert_eq!(resync.body.type_name(), "resync");
}

#[test]
fn clients_read_every_event_type_and_skip_unknown_ones() {
    let summary: InteractionSummary = serde_json::from_value(json!({
        "id": 3, "channel": "email", "queue_id": 1, "queue_name": "Support Email",
        "customer": {"id": 2, "name": "Maria Rossi"}, "preview": "Hello", "state": "queued",
        "created_at": 1, "unread": 0
    }))
    .unwrap();
    let wrap_up = WrapUp {
        interaction_id: 3,
        started_at: 1,
        deadline: Some(2),
        mandatory_disposition: true,
        notes: "n".into(),
        disposition_id: None,
        version: 6,
    };
    let message: Message = serde_json::from_value(json!({
        "id": 8, "interaction_id": 3, "direction": "outbound", "kind": "email",
        "from": {"address": "support@omni-desk.test"}, "sent_at": 1,
        "text": {"fresh": "Hello", "quoted": "> earlier"},
        "html": {"fresh": "<p>Hello <img src=\"data:,omni-held-0\"></p>", "held": ["https://x.test/a.png"]},
        "delivery_error": "SMTP: refused", "delivery_retry_at": 60000, "has_source": true, "version": 9
    }))
    .unwrap();
    assert_eq!(
        message.html.as_ref().unwrap().held,
        ["https://x.test/a.png"]
    );
    let bodies = [
        EventBody::StatusChanged(StatusChanged {
            agent_id: 1,
            status: AgentStatus::Busy,
            changed_at: 5,
            version: 1,
        }),
        EventBody::StopNewChanged(StopNewChanged {
            agent_id: 1,
            stop_new: true,
            version: 2,
        }),
        EventBody::OfferCreated(Offer {
            id: 4,
            interaction: summary.clone(),
            offered_at: 1,
            expires_at: 2,
            waited_ms: 3,
        }),
        EventBody::OfferWithdrawn(OfferWithdrawn {
            offer_id: 4,
            interaction_id: 3,
            reason: WithdrawReason::Expired,
        }),
        EventBody::InteractionChanged(summary),
        EventBody::WrapUpChanged(wrap_up),
        EventBody::WrapUpEnded(WrapUpEnded {
            interaction_id: 3,
            timed_out: false,
            version: 12,
        }),
        EventBody::MessageAdded(message.clone()),
        EventBody::MessageChanged(message),
        EventBody::Resync(Resync {
            reason: "too old".into(),
        }),
    ];
    for (id, body) in bodies.into_iter().enumerate() {
        let event = Event {
            id: id as u64,
            body,
        };
        let text = serde_json::to_string(&event).unwrap();
        assert_eq!(
            Event::from_json(&text).unwrap(),
            Some(event.clone()),
            "{text}"
        );
        assert_eq!(serde_json::from_str::<Event>(&text).unwrap(), event);
    }
    let newer = r#"{"id": 99, "type": "chat_typing", "payload": {"interaction_id": 3}}"#;
    assert_eq!(Event::from_json(newer).unwrap(), None);
    assert!(Event::from_json(r#"{"id": 1, "type": "resync", "payload": {}}"#).is_err());
}

#[test]
fn error_body_omits_absent_field() {
    let plain = ErrorBody::new(ErrorCode::Unauthorized, "Sign in again");
    assert_eq!(
        serde_json::to_value(&plain).unwrap(),
        json!({"error": {"code": "unauthorized", "message": "Sign in again"}})
    );
    let with_field = ErrorBody::new(ErrorCode::Validation, "Unknown status").with_field("status");
    let wire =
        json!({"error": {"code": "validation", "message": "Unknown status", "field": "status"}});
    assert_eq!(serde_json::to_value(&with_field).unwrap(), wire);
    assert_eq!(
        serde_json::from_value::<ErrorBody>(wire).unwrap(),
        with_field
    );
}

#[test]
fn profile_and_sign_in_round_trip() {
    let agent = AgentProfile {
        id: 1,
        role: Default::default(),
        username: "anna".into(),
        display_name: "Anna Agent".into(),
        status: AgentStatus::Custom {
            id: "training".into(),
        },
        statuses: vec![
            StatusOption {
                status: AgentStatus::Available,
                label: "Available".into(),
            },
            StatusOption {
                status: AgentStatus::Custom {
                    id: "training".into(),
                },
                label: "Training".into(),
            },
        ],
        permissions: Permissions {
            may_reject: true,
            ..Permissions::default()
        },
        settings: AgentSettings::default(),
        capacity: vec![ChannelCapacity {
            channel: Channel::Chat,
            max: 3,
        }],
        stop_new: false,
        signature: "Anna Keller\nOmni Support".into(),
        sub_statuses: vec!["Pending".into()],
        last_event_id: 3,
        version: 2,
    };
    assert_eq!(agent.label_of(&agent.status), "Training");
    assert_eq!(agent.label_of(&AgentStatus::OnBreak), "On Break");
    assert_eq!(
        agent.label_of(&AgentStatus::Custom { id: "gone".into() }),
        "gone"
    );

    let response = SignInResponse {
        token: "t0k3n".into(),
        expires_at: 5,
        agent,
    };
    let text = serde_json::to_string(&response).unwrap();
    assert_eq!(
        serde_json::from_str::<SignInResponse>(&text).unwrap(),
        response
    );

    let request: SignInRequest =
        serde_json::from_value(json!({"username": "anna", "password": "pw"})).unwrap();
    assert_eq!(request.username, "anna");
    let status: SetStatusRequest =
        serde_json::from_value(json!({"status": {"kind": "busy"}})).unwrap();
    assert_eq!(status.status, AgentStatus::Busy);
}

#[test]
fn status_keys_round_trip() {
    for status in [
        AgentStatus::Available,
        AgentStatus::Busy,
        AgentStatus::WorkingOffline,
        AgentStatus::OnBreak,
        AgentStatus::Custom { id: "lunch".into() },
    ] {
        assert_eq!(AgentStatus::from_key(&status.key()), Some(status));
    }
    assert_eq!(AgentStatus::from_key("sleeping"), None);
}

#[test]
fn disposition_paths_by_label_and_id() {
    let tree: Vec<Disposition> = serde_json::from_value(json!([
        {"id": 1, "label": "Resolved", "children": [{"id": 2, "label": "Fixed", "children": [{"id": 3, "label": "Config"}]}]},
        {"id": 4, "label": "Spam"}
    ]))
    .unwrap();
    assert_eq!(
        disposition_path(&tree, 3).unwrap(),
        ["Resolved", "Fixed", "Config"]
    );
    assert_eq!(disposition_ids_to(&tree, 3).unwrap(), [1, 2, 3]);
    assert_eq!(disposition_ids_to(&tree, 4).unwrap(), [4]);
    assert_eq!(disposition_path(&tree, 9), None);
    assert_eq!(
        serde_json::to_value(&tree[1]).unwrap(),
        json!({"id": 4, "label": "Spam"})
    );
}
