//! The desk's side of a search: whether an interaction it heard of by event belongs in the
//! results, judged from its summary as the server's SQL would. What a summary does not hold
//! (message text, the quick search's folded words) is left to the server.

use super::{
    fields::{value_of, FieldValue},
    rule::{Rule, Viewer},
    Condition, Join, Search,
};
use crate::InteractionSummary;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Yes,
    No,
    /// The summary cannot tell: ask the server about this row.
    AskServer,
}

impl Verdict {
    fn of(holds: bool) -> Verdict {
        if holds {
            Verdict::Yes
        } else {
            Verdict::No
        }
    }
}

/// Whether `item` matches one condition.
pub fn judge_condition(
    condition: &Condition,
    item: &InteractionSummary,
    viewer: &Viewer,
) -> Verdict {
    let Some(rule) = Rule::of(condition, viewer) else {
        return Verdict::AskServer;
    };
    match value_of(&condition.field, item, viewer.me) {
        FieldValue::Text(text) => Verdict::of(rule.holds_for_text(text)),
        FieldValue::Number(n) => Verdict::of(rule.holds_for_number(n)),
        FieldValue::Instant(at) => Verdict::of(rule.holds_for_instant(at)),
        FieldValue::Choices(choices) => Verdict::of(rule.holds_for_choices(&choices)),
        FieldValue::Unknown => Verdict::AskServer,
    }
}

/// Whether `item` matches `search` (its enabled conditions, all or any of them). A search
/// with no enabled condition matches everything.
pub fn judge(search: &Search, item: &InteractionSummary, viewer: &Viewer) -> Verdict {
    let mut unsure = false;
    for condition in search.applied() {
        match (search.join, judge_condition(condition, item, viewer)) {
            (Join::All, Verdict::No) => return Verdict::No,
            (Join::Any, Verdict::Yes) => return Verdict::Yes,
            (_, Verdict::AskServer) => unsure = true,
            _ => {}
        }
    }
    match (unsure, search.join) {
        (true, _) => Verdict::AskServer,
        (false, Join::All) => Verdict::Yes,
        (false, Join::Any) => Verdict::of(!search.is_active()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{fields, ConditionValue, Operator};
    use crate::{Channel, CustomerRef, InteractionState};

    fn item() -> InteractionSummary {
        InteractionSummary {
            id: 41,
            channel: Channel::Email,
            queue_id: 2,
            queue_name: "Billing".into(),
            customer: CustomerRef {
                id: Some(1),
                name: "Jürgen Müller".into(),
                email: Some("jm@example.de".into()),
                phone: None,
            },
            subject: Some("Refund for order 77".into()),
            preview: String::new(),
            state: InteractionState::Open,
            agent_id: Some(7),
            created_at: 1_000,
            accepted_at: None,
            ended_at: None,
            awaiting_reply_since: None,
            unread: 0,
            last_message: None,
            sub_status: None,
            disposition_path: vec![],
            tags: vec!["vip".into()],
            related_waiting: 0,
            case_number: "CS-000041".into(),
            continued_in: None,
            continues: None,
            reopened: false,
            version: 1,
        }
    }

    #[test]
    fn all_any_disabled_and_what_only_the_server_knows() {
        let viewer = Viewer {
            me: 7,
            ..Viewer::default()
        };
        let refund = Condition::new(
            fields::SUBJECT,
            Operator::Contains,
            ConditionValue::Text("refund".into()),
        );
        let closed = Condition::new(
            fields::STATUS,
            Operator::Is,
            ConditionValue::Choice("closed".into()),
        );
        let mine = Condition::new(
            fields::AGENT,
            Operator::Is,
            ConditionValue::Choice("me".into()),
        );
        let text = Condition::new(
            fields::MESSAGE,
            Operator::Contains,
            ConditionValue::Text("late".into()),
        );
        let search = |join, conditions: Vec<Condition>| Search { join, conditions };
        let item = item();
        assert_eq!(
            judge(&search(Join::All, vec![]), &item, &viewer),
            Verdict::Yes
        );
        assert_eq!(
            judge(&search(Join::Any, vec![]), &item, &viewer),
            Verdict::Yes
        );
        let both = vec![refund.clone(), closed.clone()];
        assert_eq!(
            judge(&search(Join::All, both.clone()), &item, &viewer),
            Verdict::No
        );
        assert_eq!(
            judge(&search(Join::Any, both), &item, &viewer),
            Verdict::Yes
        );
        let off = Condition {
            enabled: false,
            ..closed.clone()
        };
        assert_eq!(
            judge(
                &search(Join::All, vec![refund.clone(), off]),
                &item,
                &viewer
            ),
            Verdict::Yes
        );
        assert_eq!(
            judge(
                &search(Join::All, vec![mine.clone(), text.clone()]),
                &item,
                &viewer
            ),
            Verdict::AskServer
        );
        assert_eq!(
            judge(
                &search(Join::All, vec![closed.clone(), text.clone()]),
                &item,
                &viewer
            ),
            Verdict::No,
            "one failed condition settles an all-search"
        );
        assert_eq!(
            judge(&search(Join::Any, vec![mine, text]), &item, &viewer),
            Verdict::Yes,
            "one matched condition settles an any-search"
        );
        let other = Viewer { me: 8, ..viewer };
        let mine = Condition::new(
            fields::AGENT,
            Operator::Is,
            ConditionValue::Choice("me".into()),
        );
        assert_eq!(
            judge(&search(Join::All, vec![mine]), &item, &other),
            Verdict::No
        );
    }
}
