//! The names of the minimized draft boxes (seed 003): "ACCOUNT KEY - TO", or
//! "ACCOUNT KEY - SUBJECT" when To is empty, or "ACCOUNT KEY - Untitled" when both are.

use super::Draft;

/// Longest name part shown; the box shows the rest on hover.
const LONGEST: usize = 60;

pub fn title(draft: &Draft) -> String {
    let key = draft.account_key.trim();
    let key = if key.is_empty() { "EMAIL" } else { key };
    let to = draft.to.trim().trim_end_matches([',', ';']).trim();
    let subject = draft.subject.trim();
    let what = [to, subject]
        .into_iter()
        .find(|part| !part.is_empty())
        .unwrap_or("Untitled");
    format!("{key} - {}", shortened(what))
}

fn shortened(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    match line.char_indices().nth(LONGEST) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drafts::record::sample;

    #[test]
    fn names_follow_the_manual() {
        let cases: &[(&str, &str, &str, &str)] = &[
            // account key, To, Subject → name
            (
                "SERV",
                "maria.rossi@example.com",
                "Re: Order 5",
                "SERV - maria.rossi@example.com",
            ),
            ("SERV", "", "Re: Order 5", "SERV - Re: Order 5"),
            ("SERV", "  ", "   ", "SERV - Untitled"),
            ("SERV", "", "", "SERV - Untitled"),
            (
                "SALES",
                "a@x.example, b@y.example",
                "",
                "SALES - a@x.example, b@y.example",
            ),
            ("SERV", "a@x.example,", "", "SERV - a@x.example"),
            ("", "", "Hello", "EMAIL - Hello"),
            ("SERV", "", "Заказ №5 — 注文", "SERV - Заказ №5 — 注文"),
            ("SERV", "", "first line\nsecond", "SERV - first line"),
        ];
        for (key, to, subject, expected) in cases {
            let mut draft = sample("i1", 1);
            draft.account_key = (*key).into();
            draft.to = (*to).into();
            draft.subject = (*subject).into();
            assert_eq!(
                title(&draft),
                *expected,
                "key {key:?}, to {to:?}, subject {subject:?}"
            );
        }
        let mut long = sample("i1", 1);
        long.to = String::new();
        long.subject = "é".repeat(80);
        assert_eq!(title(&long), format!("SERV - {}…", "é".repeat(60)));
    }
}
