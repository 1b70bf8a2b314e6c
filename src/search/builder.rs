//! Editing one condition: a new chip starts with the field's first operator and an empty
//! value of the right kind; changing the field or the operator keeps the value when it
//! still fits, so nothing the agent typed is lost for no reason.

use omni_protocol::{Condition, ConditionValue, FieldType, Operator, SearchField};

/// The value an operator of `field` starts with.
pub fn empty_value(field: &SearchField, op: Operator) -> ConditionValue {
    match (field.kind, op) {
        (_, Operator::IsEmpty | Operator::IsNotEmpty) => ConditionValue::None,
        (_, Operator::WithinLastDays) => ConditionValue::Days(7),
        (FieldType::Date, _) => ConditionValue::Date(String::new()),
        (FieldType::Number, _) => ConditionValue::Number(0),
        (FieldType::Text, _) => ConditionValue::Text(String::new()),
        (_, Operator::IsAnyOf) => ConditionValue::Choices(Vec::new()),
        _ => ConditionValue::Choice(
            field
                .choices
                .first()
                .map(|c| c.id.clone())
                .unwrap_or_default(),
        ),
    }
}

/// A new condition on `field`: its first operator, an empty value.
pub fn new_condition(field: &SearchField) -> Condition {
    let op = field.kind.operators()[0];
    Condition {
        field: field.id.clone(),
        op,
        value: empty_value(field, op),
        enabled: true,
    }
}

/// Whether `value` is the kind `op` on `field` takes.
fn fits(field: &SearchField, op: Operator, value: &ConditionValue) -> bool {
    std::mem::discriminant(&empty_value(field, op)) == std::mem::discriminant(value)
}

/// `condition` asked of another field: the operator kept if that field offers it, the value
/// kept if it still fits.
pub fn with_field(condition: &Condition, field: &SearchField) -> Condition {
    if condition.field == field.id {
        return condition.clone();
    }
    let op = if field.kind.operators().contains(&condition.op) {
        condition.op
    } else {
        field.kind.operators()[0]
    };
    let choice_kept = |value: &ConditionValue| match value {
        ConditionValue::Choice(id) => field.choices.iter().any(|c| &c.id == id),
        ConditionValue::Choices(_) => false,
        _ => true,
    };
    let value = if fits(field, op, &condition.value) && choice_kept(&condition.value) {
        condition.value.clone()
    } else {
        empty_value(field, op)
    };
    Condition {
        field: field.id.clone(),
        op,
        value,
        enabled: condition.enabled,
    }
}

/// `condition` with operator `op`: "is" → "is any of" keeps the choice, and back.
pub fn with_op(condition: &Condition, field: &SearchField, op: Operator) -> Condition {
    let value = match (&condition.value, op) {
        (ConditionValue::Choice(id), Operator::IsAnyOf) if !id.is_empty() => {
            ConditionValue::Choices(vec![id.clone()])
        }
        (ConditionValue::Choices(ids), Operator::Is | Operator::IsNot) if !ids.is_empty() => {
            ConditionValue::Choice(ids[0].clone())
        }
        (value, op) if fits(field, op, value) => value.clone(),
        (_, op) => empty_value(field, op),
    };
    Condition {
        op,
        value,
        ..condition.clone()
    }
}

/// What a typed value (text, number, day, days) shows in its input.
pub fn value_text(value: &ConditionValue) -> String {
    match value {
        ConditionValue::Text(text) | ConditionValue::Date(text) => text.clone(),
        ConditionValue::Number(n) => n.to_string(),
        ConditionValue::Days(days) => days.to_string(),
        _ => String::new(),
    }
}

/// What the agent typed into the input of `value`, as a value of the same kind (a number
/// that does not parse is 0, which the check then explains).
pub fn typed_value(value: &ConditionValue, typed: String) -> ConditionValue {
    match value {
        ConditionValue::Text(_) => ConditionValue::Text(typed),
        ConditionValue::Date(_) => ConditionValue::Date(typed),
        ConditionValue::Number(_) => ConditionValue::Number(typed.trim().parse().unwrap_or(0)),
        ConditionValue::Days(_) => ConditionValue::Days(typed.trim().parse().unwrap_or(0)),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use omni_protocol::Choice;

    fn field(id: &str, kind: FieldType) -> SearchField {
        SearchField {
            id: id.into(),
            label: id.into(),
            kind,
            choices: vec![
                Choice {
                    id: "1".into(),
                    label: "One".into(),
                },
                Choice {
                    id: "2".into(),
                    label: "Two".into(),
                },
            ],
        }
    }

    #[test]
    fn a_value_is_kept_while_it_fits_and_started_again_when_it_does_not() {
        let subject = field("subject", FieldType::Text);
        let name = field("customer_name", FieldType::Text);
        let queue = field("queue", FieldType::Queue);
        let arrived = field("arrived", FieldType::Date);
        let mut condition = new_condition(&subject);
        assert_eq!(condition.op, Operator::Equals);
        condition.value = ConditionValue::Text("refund".into());
        let moved = with_field(&condition, &name);
        assert_eq!(
            moved.value,
            ConditionValue::Text("refund".into()),
            "text to text"
        );
        let to_queue = with_field(&moved, &queue);
        assert_eq!(
            (to_queue.op, to_queue.value.clone()),
            (Operator::Is, ConditionValue::Choice("1".into()))
        );
        let any = with_op(
            &Condition {
                value: ConditionValue::Choice("2".into()),
                ..to_queue.clone()
            },
            &queue,
            Operator::IsAnyOf,
        );
        assert_eq!(any.value, ConditionValue::Choices(vec!["2".into()]));
        assert_eq!(
            with_op(&any, &queue, Operator::IsNot).value,
            ConditionValue::Choice("2".into())
        );
        let empty = with_op(&moved, &name, Operator::IsEmpty);
        assert_eq!(empty.value, ConditionValue::None);
        let date = with_field(&moved, &arrived);
        assert_eq!(
            (date.op, date.value.clone()),
            (Operator::On, ConditionValue::Date(String::new()))
        );
        assert_eq!(
            with_op(&date, &arrived, Operator::WithinLastDays).value,
            ConditionValue::Days(7)
        );
    }

    #[test]
    fn typed_text_becomes_a_value_of_the_same_kind() {
        use ConditionValue::*;
        assert_eq!(
            typed_value(&Text(String::new()), "refund".into()),
            Text("refund".into())
        );
        assert_eq!(
            typed_value(&Date(String::new()), "2026-12-01".into()),
            Date("2026-12-01".into())
        );
        assert_eq!(typed_value(&Number(0), " 42 ".into()), Number(42));
        assert_eq!(typed_value(&Days(7), "x".into()), Days(0));
        assert_eq!(
            typed_value(&Choice("1".into()), "2".into()),
            Choice("1".into())
        );
        for value in [
            Text("a b".into()),
            Date("2026-01-31".into()),
            Number(-3),
            Days(30),
        ] {
            assert_eq!(
                typed_value(&value, value_text(&value)),
                value,
                "{value:?} round trip"
            );
        }
    }
}
