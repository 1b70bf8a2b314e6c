//! Sample wire values for the stores' unit tests.

use omni_protocol::{
    AgentProfile, AgentSettings, AgentStatus, Channel, Customer, CustomerRef, Direction,
    EmailAddress, InteractionState, InteractionSummary, Message, MessageKind, Permissions,
    TextBody,
};

/// An email interaction of Maria Rossi's, assigned to agent 1, awaiting an answer since 0.
pub fn interaction(id: i64, state: InteractionState) -> InteractionSummary {
    InteractionSummary {
        id,
        channel: Channel::Email,
        queue_id: 1,
        queue_name: "Support Email".into(),
        customer: CustomerRef {
            id: Some(1),
            name: "Maria Rossi".into(),
            email: None,
            phone: None,
        },
        subject: Some("Hi".into()),
        preview: "Hello".into(),
        state,
        agent_id: Some(1),
        created_at: 0,
        accepted_at: Some(id),
        ended_at: None,
        awaiting_reply_since: Some(0),
        unread: 0,
        last_message: None,
        sub_status: None,
        disposition_path: vec![],
        tags: vec![],
        related_waiting: 0,
        case_number: format!("CS-{id:06}"),
        continued_in: None,
        continues: None,
        reopened: false,
        version: 1,
    }
}

/// Agent `id`, Working Offline.
pub fn agent(id: i64) -> AgentProfile {
    AgentProfile {
        id,
        role: Default::default(),
        username: format!("agent{id}"),
        display_name: format!("Agent {id}"),
        status: AgentStatus::WorkingOffline,
        statuses: vec![],
        permissions: Permissions::default(),
        settings: AgentSettings::default(),
        capacity: vec![],
        stop_new: false,
        signature: String::new(),
        sub_statuses: vec![],
        last_event_id: 0,
        version: 1,
    }
}

/// A customer's email `id` in interaction `interaction_id`, sent at `sent_at`.
pub fn message(id: i64, interaction_id: i64, sent_at: i64) -> Message {
    Message {
        id,
        interaction_id,
        direction: Direction::Inbound,
        kind: MessageKind::Email,
        from: EmailAddress {
            name: Some("Maria Rossi".into()),
            address: "maria.rossi@example.com".into(),
        },
        to: vec![],
        cc: vec![],
        bcc: vec![],
        reply_to: vec![],
        subject: Some("Hi".into()),
        sent_at,
        text: TextBody {
            fresh: format!("message {id}"),
            quoted: None,
        },
        html: None,
        attachments: vec![],
        received_as: None,
        delivery_error: None,
        delivery_retry_at: None,
        sending: false,
        has_source: false,
        version: 1,
    }
}

/// A reactive owner for a test's stores, kept for as long as the returned value lives.
pub fn owner() -> leptos::prelude::Owner {
    let owner = leptos::prelude::Owner::new();
    owner.set();
    owner
}

/// Maria Rossi as customer `id` at `version`: the family phone, an email of her own.
pub fn customer(id: i64, version: u64) -> Customer {
    Customer {
        id,
        account: format!("AC-{id:06}"),
        first_name: "Maria".into(),
        last_name: "Rossi".into(),
        company: String::new(),
        emails: vec![format!("rossi{id}@example.com")],
        phones: vec!["+390612345678".into()],
        primary_address: String::new(),
        secondary_address: String::new(),
        draft: false,
        created_at: 0,
        updated_at: 0,
        last_interaction_at: None,
        version,
    }
}
