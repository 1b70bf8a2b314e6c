//! What a condition asks of one value, read once for both sides: the desk applies a
//! [`Rule`] to a summary's value, the server writes it as SQL over the column. Text is
//! compared with ASCII letters folded to lower case (what SQLite's `lower()` does), so the
//! two agree on every script.

use super::{day_start, days::DAY_MS, Condition, ConditionValue, Operator};

/// Who judges, and when: "me" is this agent, "within the last N days" counts back from
/// `now_ms`, days begin at midnight `utc_offset_minutes` east of UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Viewer {
    pub me: i64,
    pub now_ms: i64,
    pub utc_offset_minutes: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextOp {
    Equals,
    Contains,
    StartsWith,
    EndsWith,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberOp {
    Equals,
    LessThan,
    GreaterThan,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule<'a> {
    /// The text (lower-cased as `fold` does) compared with the value; `negated` inverts.
    Text {
        op: TextOp,
        needle: String,
        negated: bool,
    },
    /// No text at all (absent or ""); `negated`: some text.
    Empty { negated: bool },
    Number {
        op: NumberOp,
        value: i64,
        negated: bool,
    },
    /// An instant in `[from, below)`; either end may be open.
    Range {
        from: Option<i64>,
        below: Option<i64>,
    },
    /// The value's choices include one of `ids`; `negated`: none of them.
    Choices { ids: Vec<&'a str>, negated: bool },
}

/// Text as both sides compare it: ASCII letters lower-cased, everything else as it is.
pub fn fold(text: &str) -> String {
    text.to_ascii_lowercase()
}

impl<'a> Rule<'a> {
    /// The rule of a (checked) condition; `None` if its operator and value do not go
    /// together (a condition [`Condition::check`] refuses).
    pub fn of(condition: &'a Condition, viewer: &Viewer) -> Option<Rule<'a>> {
        use ConditionValue as V;
        use Operator as O;
        let text = |op, negated, needle: &str| Rule::Text {
            op,
            needle: fold(needle),
            negated,
        };
        let number = |op, negated, value: i64| Rule::Number { op, value, negated };
        let day = |day: &str| day_start(day, viewer.utc_offset_minutes);
        Some(match (condition.op, &condition.value) {
            (O::Equals, V::Text(t)) => text(TextOp::Equals, false, t),
            (O::NotEquals, V::Text(t)) => text(TextOp::Equals, true, t),
            (O::Contains, V::Text(t)) => text(TextOp::Contains, false, t),
            (O::NotContains, V::Text(t)) => text(TextOp::Contains, true, t),
            (O::StartsWith, V::Text(t)) => text(TextOp::StartsWith, false, t),
            (O::EndsWith, V::Text(t)) => text(TextOp::EndsWith, false, t),
            (O::IsEmpty, V::None) => Rule::Empty { negated: false },
            (O::IsNotEmpty, V::None) => Rule::Empty { negated: true },
            (O::Equals, V::Number(n)) => number(NumberOp::Equals, false, *n),
            (O::NotEquals, V::Number(n)) => number(NumberOp::Equals, true, *n),
            (O::LessThan, V::Number(n)) => number(NumberOp::LessThan, false, *n),
            (O::GreaterThan, V::Number(n)) => number(NumberOp::GreaterThan, false, *n),
            (O::On, V::Date(d)) => {
                let start = day(d)?;
                Rule::Range {
                    from: Some(start),
                    below: Some(start + DAY_MS),
                }
            }
            (O::Before, V::Date(d)) => Rule::Range {
                from: None,
                below: Some(day(d)?),
            },
            (O::After, V::Date(d)) => Rule::Range {
                from: Some(day(d)? + DAY_MS),
                below: None,
            },
            (O::Before, V::At(at)) => Rule::Range {
                from: None,
                below: Some(*at),
            },
            (O::After, V::At(at)) => Rule::Range {
                from: Some(*at),
                below: None,
            },
            (O::WithinLastDays, V::Days(days)) => Rule::Range {
                from: Some(viewer.now_ms - i64::from(*days) * DAY_MS),
                below: None,
            },
            (O::Is, V::Choice(id)) => Rule::Choices {
                ids: vec![id.as_str()],
                negated: false,
            },
            (O::IsNot, V::Choice(id)) => Rule::Choices {
                ids: vec![id.as_str()],
                negated: true,
            },
            (O::IsAnyOf, V::Choices(ids)) => Rule::Choices {
                ids: ids.iter().map(String::as_str).collect(),
                negated: false,
            },
            _ => return None,
        })
    }

    /// Whether a text value (absent: "") satisfies a text or emptiness rule.
    pub fn holds_for_text(&self, value: Option<&str>) -> bool {
        let value = fold(value.unwrap_or_default());
        match self {
            Rule::Text {
                op,
                needle,
                negated,
            } => {
                let found = match op {
                    TextOp::Equals => value == *needle,
                    TextOp::Contains => value.contains(needle.as_str()),
                    TextOp::StartsWith => value.starts_with(needle.as_str()),
                    TextOp::EndsWith => value.ends_with(needle.as_str()),
                };
                found != *negated
            }
            Rule::Empty { negated } => value.is_empty() != *negated,
            _ => false,
        }
    }

    pub fn holds_for_number(&self, value: i64) -> bool {
        match self {
            Rule::Number {
                op,
                value: wanted,
                negated,
            } => {
                let found = match op {
                    NumberOp::Equals => value == *wanted,
                    NumberOp::LessThan => value < *wanted,
                    NumberOp::GreaterThan => value > *wanted,
                };
                found != *negated
            }
            _ => false,
        }
    }

    pub fn holds_for_instant(&self, at: i64) -> bool {
        match self {
            Rule::Range { from, below } => {
                from.is_none_or(|from| at >= from) && below.is_none_or(|below| at < below)
            }
            _ => false,
        }
    }

    /// Whether a value holding `choices` satisfies a choice rule.
    pub fn holds_for_choices(&self, choices: &[String]) -> bool {
        match self {
            Rule::Choices { ids, negated } => {
                let found = choices.iter().any(|choice| ids.contains(&choice.as_str()));
                found != *negated
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(op: Operator, value: ConditionValue) -> Rule<'static> {
        let condition = Box::leak(Box::new(Condition {
            field: "f".into(),
            op,
            value,
            enabled: true,
        }));
        Rule::of(condition, &Viewer::default()).unwrap()
    }

    #[test]
    fn text_is_compared_with_ascii_folded_and_nothing_else() {
        let contains = rule(Operator::Contains, ConditionValue::Text("REFUND".into()));
        assert!(contains.holds_for_text(Some("Refund please")));
        assert!(!contains.holds_for_text(None));
        let muller = rule(Operator::Equals, ConditionValue::Text("MÜLLER".into()));
        assert!(muller.holds_for_text(Some("mÜller")));
        assert!(
            !muller.holds_for_text(Some("müller")),
            "only ASCII is folded, as SQLite's lower() does"
        );
        let not = rule(Operator::NotContains, ConditionValue::Text("x".into()));
        assert!(not.holds_for_text(None), "no subject contains nothing");
        let ends = rule(Operator::EndsWith, ConditionValue::Text(".COM".into()));
        assert!(ends.holds_for_text(Some("ann@example.com")));
        let empty = rule(Operator::IsEmpty, ConditionValue::None);
        assert!(empty.holds_for_text(None) && empty.holds_for_text(Some("")));
        assert!(!empty.holds_for_text(Some(" ")));
    }

    #[test]
    fn days_are_ranges_of_instants() {
        let on = rule(Operator::On, ConditionValue::Date("1970-01-02".into()));
        assert!(!on.holds_for_instant(DAY_MS - 1));
        assert!(on.holds_for_instant(DAY_MS));
        assert!(!on.holds_for_instant(2 * DAY_MS));
        let after = rule(Operator::After, ConditionValue::Date("1970-01-02".into()));
        assert!(!after.holds_for_instant(2 * DAY_MS - 1) && after.holds_for_instant(2 * DAY_MS));
        let before = rule(Operator::Before, ConditionValue::At(10));
        assert!(before.holds_for_instant(9) && !before.holds_for_instant(10));
        let viewer = Viewer {
            now_ms: 10 * DAY_MS,
            ..Viewer::default()
        };
        let within = Condition {
            field: "f".into(),
            op: Operator::WithinLastDays,
            value: ConditionValue::Days(2),
            enabled: true,
        };
        let within = Rule::of(&within, &viewer).unwrap();
        assert!(within.holds_for_instant(8 * DAY_MS) && !within.holds_for_instant(8 * DAY_MS - 1));
    }

    #[test]
    fn choices_and_numbers() {
        let any = rule(
            Operator::IsAnyOf,
            ConditionValue::Choices(vec!["vip".into(), "late".into()]),
        );
        assert!(any.holds_for_choices(&["late".into()]));
        assert!(!any.holds_for_choices(&[]));
        let is_not = rule(Operator::IsNot, ConditionValue::Choice("vip".into()));
        assert!(is_not.holds_for_choices(&[]));
        assert!(!is_not.holds_for_choices(&["vip".into(), "x".into()]));
        let less = rule(Operator::LessThan, ConditionValue::Number(5));
        assert!(less.holds_for_number(4) && !less.holds_for_number(5));
        assert!(rule(Operator::NotEquals, ConditionValue::Number(5)).holds_for_number(6));
    }
}
