//! Email accounts: which mailbox an inbound email reached (and so its queue), how it reached
//! it (To, CC, BCC), and which accounts an agent may send from.

use omni_protocol::{EmailAccount, EmailAddress, RecipientRole};

pub use crate::db::email_accounts::{addressed, of_agent, of_queue};

/// How an email with these To and CC lists reached one of `accounts`: To, else CC, else it
/// was a blind copy. `None` when there are no accounts to compare with.
pub fn received_as(
    accounts: &[EmailAccount],
    to: &[EmailAddress],
    cc: &[EmailAddress],
) -> Option<RecipientRole> {
    if accounts.is_empty() {
        return None;
    }
    let ours = |list: &[EmailAddress]| {
        list.iter().any(|address| {
            accounts
                .iter()
                .any(|account| account.address.eq_ignore_ascii_case(&address.address))
        })
    };
    Some(if ours(to) {
        RecipientRole::To
    } else if ours(cc) {
        RecipientRole::Cc
    } else {
        RecipientRole::Bcc
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(text: &str) -> EmailAddress {
        EmailAddress {
            name: None,
            address: text.to_owned(),
        }
    }

    #[test]
    fn to_beats_cc_and_absence_means_a_blind_copy() {
        let accounts = [EmailAccount {
            id: 1,
            key: "SUPPORT".into(),
            name: "Support".into(),
            address: "support@omni-desk.test".into(),
            queue_id: 1,
        }];
        let ours = [address("Support@Omni-Desk.test")];
        let other = [address("sales@example.com")];
        let role = |to: &[EmailAddress], cc: &[EmailAddress]| received_as(&accounts, to, cc);
        assert_eq!(role(&ours, &ours), Some(RecipientRole::To));
        assert_eq!(role(&other, &ours), Some(RecipientRole::Cc));
        assert_eq!(role(&other, &[]), Some(RecipientRole::Bcc));
        assert_eq!(received_as(&[], &[], &[]), None);
    }
}
