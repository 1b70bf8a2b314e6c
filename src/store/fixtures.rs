//! Sample wire values for the stores' unit tests.

use omni_protocol::{Channel, CustomerRef, InteractionState, InteractionSummary};

/// An email interaction of Maria Rossi's, assigned to agent 1, awaiting an answer since 0.
pub fn interaction(id: i64, state: InteractionState) -> InteractionSummary {
    InteractionSummary {
        id,
        channel: Channel::Email,
        queue_id: 1,
        queue_name: "Support Email".into(),
        customer: CustomerRef {
            id: 1,
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
    }
}
