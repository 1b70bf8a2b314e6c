//! What a chip says: the condition in words, e.g. `Subject contains "refund"`,
//! `Status is any of Open, Closed`, `Arrived within the last 7 days`.

use omni_protocol::{Condition, ConditionValue, Operator, SearchField};

/// The label of choice `id` of `field` (the id itself if the list does not have it).
fn choice_label(field: Option<&SearchField>, id: &str) -> String {
    field
        .and_then(|f| f.choices.iter().find(|c| c.id == id))
        .map_or_else(|| id.to_owned(), |c| c.label.clone())
}

/// Instant `ms` as `YYYY-MM-DD HH:MM` for someone `utc_offset_minutes` east of UTC.
pub fn local_time(ms: i64, utc_offset_minutes: i32) -> String {
    let local = ms + i64::from(utc_offset_minutes) * 60_000;
    let (days, in_day) = (local.div_euclid(86_400_000), local.rem_euclid(86_400_000));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    let minutes = in_day / 60_000;
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}",
        minutes / 60,
        minutes % 60
    )
}

/// The condition in words, with the field's label and the choices' labels; instants in
/// the agent's time zone.
pub fn describe(condition: &Condition, fields: &[SearchField], utc_offset_minutes: i32) -> String {
    let field = fields.iter().find(|f| f.id == condition.field);
    let name = field.map_or(condition.field.as_str(), |f| f.label.as_str());
    let value = match &condition.value {
        ConditionValue::None => String::new(),
        ConditionValue::Text(text) => format!("\"{text}\""),
        ConditionValue::Number(n) => n.to_string(),
        ConditionValue::Date(day) if day.is_empty() => "…".into(),
        ConditionValue::Date(day) => day.clone(),
        ConditionValue::At(at) => local_time(*at, utc_offset_minutes),
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
                60,
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
        assert_eq!(
            say(
                "arrived",
                Operator::Before,
                ConditionValue::At(1_796_083_200_000)
            ),
            "arrived before 2026-12-01 01:00"
        );
        assert_eq!(local_time(-60_000, 0), "1969-12-31 23:59");
        assert_eq!(local_time(951_782_400_000, 0), "2000-02-29 00:00");
    }
}
