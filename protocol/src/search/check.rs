//! Whether a search can be applied with the fields a server offers; why not, in words.

use super::{Condition, ConditionValue, FieldType, Operator, Search, SearchField};
use super::{MAX_CHOICES, MAX_CONDITIONS, MAX_DAYS, MAX_TEXT_CHARS};

impl Search {
    /// What is wrong with each condition, by index, worded for the agent (empty: valid).
    /// A search with too many conditions is wrong as a whole (index `None`).
    pub fn problems(&self, fields: &[SearchField]) -> Vec<(Option<usize>, String)> {
        let mut found = Vec::new();
        if self.conditions.len() > MAX_CONDITIONS {
            found.push((
                None,
                format!("A search has at most {MAX_CONDITIONS} conditions."),
            ));
        }
        // A disabled chip is not applied: a half-built one does not stop the others.
        for (index, condition) in self.conditions.iter().enumerate() {
            if !condition.enabled {
                continue;
            }
            if let Err(problem) = condition.check(fields) {
                found.push((Some(index), problem));
            }
        }
        found
    }
}

impl Condition {
    /// Whether this condition can be applied with these fields; why not, in words.
    pub fn check(&self, fields: &[SearchField]) -> Result<(), String> {
        let Some(field) = fields.iter().find(|f| f.id == self.field) else {
            return Err(format!("\"{}\" is not a field you can search.", self.field));
        };
        if !field.kind.operators().contains(&self.op) {
            return Err(format!(
                "{} cannot be compared with \"{}\".",
                field.label,
                self.op.label()
            ));
        }
        // Tags are free (a tag the list has not seen yet is still a tag), and so is a choice
        // field that lists no choices (the server checks a search before it has read them).
        let open = field.kind == FieldType::Tag || field.choices.is_empty();
        let choice_known = |id: &String| {
            (open && !id.trim().is_empty() && id.chars().count() <= MAX_TEXT_CHARS)
                || field.choices.iter().any(|c| &c.id == id)
        };
        match (&self.op, &self.value) {
            (Operator::IsEmpty | Operator::IsNotEmpty, ConditionValue::None) => Ok(()),
            (Operator::IsEmpty | Operator::IsNotEmpty, _) => {
                Err(format!("\"{}\" takes no value.", self.op.label()))
            }
            (Operator::WithinLastDays, ConditionValue::Days(days)) => {
                if (1..=MAX_DAYS).contains(days) {
                    Ok(())
                } else {
                    Err(format!("Choose 1 to {MAX_DAYS} days."))
                }
            }
            (Operator::Before | Operator::After, ConditionValue::At(_))
                if field.kind == FieldType::Date =>
            {
                Ok(())
            }
            (Operator::On | Operator::Before | Operator::After, ConditionValue::Date(day))
                if field.kind == FieldType::Date =>
            {
                if is_calendar_day(day) {
                    Ok(())
                } else {
                    Err(format!("\"{day}\" is not a date (YYYY-MM-DD)."))
                }
            }
            (_, ConditionValue::Number(_)) if field.kind == FieldType::Number => Ok(()),
            (_, ConditionValue::Text(text)) if field.kind == FieldType::Text => {
                if text.trim().is_empty() {
                    Err("Type what to look for.".into())
                } else if text.chars().any(char::is_control) {
                    Err("Remove the control characters (tabs, line breaks) from the text.".into())
                } else if text.chars().count() > MAX_TEXT_CHARS {
                    Err(format!("At most {MAX_TEXT_CHARS} characters."))
                } else {
                    Ok(())
                }
            }
            (Operator::Is | Operator::IsNot, ConditionValue::Choice(id)) => {
                if choice_known(id) {
                    Ok(())
                } else {
                    Err(format!("{} has no choice \"{id}\".", field.label))
                }
            }
            (Operator::IsAnyOf, ConditionValue::Choices(ids)) => {
                if ids.is_empty() {
                    Err("Pick at least one.".into())
                } else if ids.len() > MAX_CHOICES {
                    Err(format!("Pick at most {MAX_CHOICES}."))
                } else if let Some(unknown) = ids.iter().find(|id| !choice_known(id)) {
                    Err(format!("{} has no choice \"{unknown}\".", field.label))
                } else {
                    Ok(())
                }
            }
            _ => Err(format!(
                "{} \"{}\" needs another kind of value.",
                field.label,
                self.op.label()
            )),
        }
    }
}

/// Whether `text` is a real `YYYY-MM-DD` day (leap years counted).
pub fn is_calendar_day(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return false;
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(year, 4) && digits(month, 2) && digits(day, 2)) {
        return false;
    }
    let (Ok(year), Ok(month), Ok(day)) = (
        year.parse::<u32>(),
        month.parse::<u32>(),
        day.parse::<u32>(),
    ) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days_in_month).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Join;

    fn fields() -> Vec<SearchField> {
        let field = SearchField::new;
        vec![
            field("subject", "Subject", FieldType::Text, &[]),
            field("arrived", "Arrived", FieldType::Date, &[]),
            field("id", "Interaction ID", FieldType::Number, &[]),
            field(
                "queue",
                "Queue",
                FieldType::Queue,
                &[("1", "Support Email"), ("2", "Billing Email")],
            ),
            field(
                "status",
                "Status",
                FieldType::Status,
                &[("open", "Open"), ("closed", "Closed")],
            ),
        ]
    }

    #[test]
    fn each_type_offers_its_operators() {
        assert_eq!(FieldType::Text.operators().len(), 8);
        assert!(FieldType::Date
            .operators()
            .contains(&Operator::WithinLastDays));
        assert_eq!(
            FieldType::Agent.operators(),
            &[Operator::Is, Operator::IsNot, Operator::IsAnyOf]
        );
        assert!(!FieldType::Status.operators().contains(&Operator::Contains));
    }

    #[test]
    fn conditions_are_checked_against_the_fields_in_the_agents_words() {
        use ConditionValue as V;
        use Operator as O;
        let cases: Vec<(Condition, Result<(), &str>)> = vec![
            (
                Condition::new("subject", O::Contains, V::Text("refund".into())),
                Ok(()),
            ),
            (Condition::new("subject", O::IsEmpty, V::None), Ok(())),
            (
                Condition::new("subject", O::IsEmpty, V::Text("x".into())),
                Err("\"is empty\" takes no value."),
            ),
            (
                Condition::new("subject", O::Contains, V::Text("  ".into())),
                Err("Type what to look for."),
            ),
            (
                Condition::new("subject", O::Contains, V::Text("x".repeat(201))),
                Err("At most 200 characters."),
            ),
            (
                Condition::new("subject", O::Is, V::Choice("1".into())),
                Err("Subject cannot be compared with \"is\"."),
            ),
            (
                Condition::new("subject", O::Contains, V::Number(3)),
                Err("Subject \"contains\" needs another kind of value."),
            ),
            (
                Condition::new("arrived", O::Before, V::Date("2026-02-29".into())),
                Err("\"2026-02-29\" is not a date (YYYY-MM-DD)."),
            ),
            (
                Condition::new("arrived", O::Before, V::Date("2028-02-29".into())),
                Ok(()),
            ),
            (
                Condition::new("arrived", O::WithinLastDays, V::Days(7)),
                Ok(()),
            ),
            (
                Condition::new("arrived", O::WithinLastDays, V::Days(0)),
                Err("Choose 1 to 3650 days."),
            ),
            (Condition::new("id", O::Equals, V::Number(42)), Ok(())),
            (
                Condition::new("queue", O::Is, V::Choice("2".into())),
                Ok(()),
            ),
            (
                Condition::new("queue", O::Is, V::Choice("9".into())),
                Err("Queue has no choice \"9\"."),
            ),
            (
                Condition::new("queue", O::IsAnyOf, V::Choices(vec![])),
                Err("Pick at least one."),
            ),
            (
                Condition::new(
                    "status",
                    O::IsAnyOf,
                    V::Choices(vec!["open".into(), "closed".into()]),
                ),
                Ok(()),
            ),
            (
                Condition::new("mood", O::Is, V::Choice("x".into())),
                Err("\"mood\" is not a field you can search."),
            ),
        ];
        let fields = fields();
        for (condition, expected) in cases {
            let got = condition.check(&fields);
            assert_eq!(
                got.as_ref().map(|_| ()).map_err(String::as_str),
                expected,
                "{condition:?}"
            );
        }
    }

    #[test]
    fn a_search_reads_from_json_with_defaults_and_lists_its_problems() {
        let search: Search = serde_json::from_str(
            r#"{"join":"any","conditions":[
                {"field":"subject","op":"contains","value":{"text":"refund"}},
                {"field":"queue","op":"is","value":{"choice":"7"},"enabled":false}]}"#,
        )
        .unwrap();
        assert_eq!(search.join, Join::Any);
        assert!(search.conditions[0].enabled);
        assert!(!search.conditions[1].enabled);
        assert!(
            search.problems(&fields()).is_empty(),
            "a disabled chip is not applied, so not checked"
        );
        let mut enabled = search.clone();
        enabled.conditions[1].enabled = true;
        assert_eq!(
            enabled.problems(&fields()),
            vec![(Some(1), "Queue has no choice \"7\".".to_owned())]
        );
        let too_many = Search {
            join: Join::All,
            conditions: vec![search.conditions[0].clone(); MAX_CONDITIONS + 1],
        };
        assert_eq!(too_many.problems(&fields())[0].0, None);
        assert_eq!(
            serde_json::from_str::<Search>("{}").unwrap(),
            Search::default()
        );
    }

    #[test]
    fn calendar_days_are_real_days() {
        for day in ["2026-12-01", "2000-02-29", "1999-12-31"] {
            assert!(is_calendar_day(day), "{day}");
        }
        for day in [
            "2026-13-01",
            "1900-02-29",
            "2026-4-01",
            "2026-04-31",
            "20261201",
            "",
            "２０２６-01-01",
        ] {
            assert!(!is_calendar_day(day), "{day}");
        }
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// A search comes from the network (a shared URL, a saved search): any JSON text
        /// is read or refused without a panic, and any text is checked as a value.
        #[test]
        fn any_search_text_is_read_or_refused_and_checked(json in "\\PC*", text in "\\PC*") {
            if let Ok(search) = serde_json::from_str::<Search>(&json) {
                let _ = search.problems(&[]);
            }
            let _ = is_calendar_day(&text);
            let field = SearchField { id: "f".into(), label: "F".into(), kind: FieldType::Date, choices: vec![] };
            let condition = Condition { field: "f".into(), op: Operator::On, value: ConditionValue::Date(text.clone()), enabled: true };
            let _ = condition.check(&[field]);
        }
    }
}
