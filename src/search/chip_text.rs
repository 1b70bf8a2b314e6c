//! What a chip says: the condition in words, e.g. `Subject contains "refund"`,
//! `Status is any of Open, Closed`, `Arrived within the last 7 days`.

use omni_protocol::{Condition, ConditionValue, Operator, SearchField};

/// The label of choice `id` of `field` (the id itself if the list does not have it).
fn choice_label(field: Option<&SearchField>, id: &str) -> String {
    field
        .and_then(|f| f.choices.iter().find(|c| c.id == id))
        .map_or_else(|| id.to_owned(), |c| c.label.clone())
}

/// The condition in words, with the field's label and the choices' labels.
pub fn describe(condition: &Condition, fields: &[SearchField]) -> String {
    let field = fields.iter().find(|f| f.id == condition.field);
    let name = field.map_or(condition.field.as_str(), |f| f.label.as_str());
    let value = match &condition.value {
        ConditionValue::None => String::new(),
        ConditionValue::Text(text) => format!("\"{text}\""),
        ConditionValue::Number(n) => n.to_string(),
        ConditionValue::Date(day) if day.is_empty() => "…".into(),
        ConditionValue::Date(day) => day.clone(),
        ConditionValue::At(at) => format!("{at} ms"),
        ConditionValue::Days(days) => days.to_string(),
        ConditionValue::Choice(id) => choice_label(field, id),
        ConditionValue::Choices(ids) if ids.is_empty() => "…".into(),
        ConditionValue::Choices(ids) => ids
            .iter()
            .map(|id| choice_label(field, id))
            .collect::<Vec<_>>()
            .join(", "),
    };
    match (condition.op, value.is_empty()) {
        (Operator::WithinLastDays, _) => {
            let days = match &condition.value {
                ConditionValue::Days(1) => "day".to_owned(),
                _ => format!("{value} days"),
            };
            format!("{name} within the last {days}")
        }
        (op, true) => format!("{name} {}", op.label()),
        (op, false) => format!("{name} {} {value}", op.label()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use omni_protocol::{Choice, FieldType};

    #[test]
    fn chips_read_as_sentences_with_labels() {
        let fields = vec![
            SearchField {
                id: "status".into(),
                label: "Status".into(),
                kind: FieldType::Status,
                choices: vec![Choice {
                    id: "open".into(),
                    label: "Open".into(),
                }],
            },
            SearchField {
                id: "subject".into(),
                label: "Subject".into(),
                kind: FieldType::Text,
                choices: vec![],
            },
        ];
        let say = |field: &str, op, value| {
            describe(
                &Condition {
                    field: field.into(),
                    op,
                    value,
                    enabled: true,
                },
                &fields,
            )
        };
        assert_eq!(
            say(
                "subject",
                Operator::Contains,
                ConditionValue::Text("refund".into())
            ),
            "Subject contains \"refund\""
        );
        assert_eq!(
            say(
                "status",
                Operator::IsAnyOf,
                ConditionValue::Choices(vec!["open".into(), "gone".into()])
            ),
            "Status is any of Open, gone"
        );
        assert_eq!(
            say("subject", Operator::IsEmpty, ConditionValue::None),
            "Subject is empty"
        );
        assert_eq!(
            say("arrived", Operator::WithinLastDays, ConditionValue::Days(1)),
            "arrived within the last day"
        );
    }
}
