//! The thread header's notice when the agent's account was only copied on the customer's
//! latest email (PRODUCT B1): answering may not be expected of them.

use omni_protocol::{Direction, Message, MessageKind, RecipientRole};

/// The notice for the newest inbound email of `thread`, when it reached us as CC or BCC.
pub fn copy_notice(thread: &[Message]) -> Option<String> {
    let latest = thread
        .iter()
        .rev()
        .find(|m| m.direction == Direction::Inbound && m.kind == MessageKind::Email)?;
    let addressed_to = latest
        .to
        .iter()
        .map(|a| a.address.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let to = if addressed_to.is_empty() {
        String::new()
    } else {
        format!(" It was addressed to {addressed_to}.")
    };
    match latest.received_as? {
        RecipientRole::To => None,
        RecipientRole::Cc => Some(format!(
            "You were only copied (CC) on the latest email.{to}"
        )),
        RecipientRole::Bcc => Some(format!(
            "You received the latest email as a blind copy (BCC): the other recipients cannot see you.{to}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use omni_protocol::EmailAddress;

    use super::*;

    fn email(direction: Direction, received_as: Option<RecipientRole>) -> Message {
        Message {
            id: 1,
            interaction_id: 1,
            direction,
            kind: MessageKind::Email,
            from: EmailAddress {
                name: None,
                address: "maria.rossi@example.com".into(),
            },
            to: vec![EmailAddress {
                name: None,
                address: "paolo.conti@example.com".into(),
            }],
            cc: vec![],
            bcc: vec![],
            reply_to: vec![],
            received_as,
            subject: None,
            sent_at: 0,
            text: Default::default(),
            html: None,
            attachments: vec![],
            delivery_error: None,
            delivery_retry_at: None,
            sending: false,
            has_source: false,
            version: 0,
        }
    }

    #[test]
    fn only_a_copy_on_the_latest_customer_email_is_noticed() {
        let cc = email(Direction::Inbound, Some(RecipientRole::Cc));
        assert_eq!(
            copy_notice(std::slice::from_ref(&cc)).unwrap(),
            "You were only copied (CC) on the latest email. It was addressed to paolo.conti@example.com."
        );
        let bcc = email(Direction::Inbound, Some(RecipientRole::Bcc));
        assert!(copy_notice(&[bcc]).unwrap().contains("blind copy (BCC)"));
        // Our own answer after it does not hide the notice; a later direct email does.
        let answer = email(Direction::Outbound, None);
        assert!(copy_notice(&[cc.clone(), answer]).is_some());
        let direct = email(Direction::Inbound, Some(RecipientRole::To));
        assert_eq!(copy_notice(&[cc, direct]), None);
        assert_eq!(copy_notice(&[email(Direction::Inbound, None)]), None);
    }
}
