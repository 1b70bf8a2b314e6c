//! Plain-text bodies: clickable links, and quoted history set apart for trimming.

/// A piece of a plain-text line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Text(String),
    Link(String),
}

/// Splits text into plain runs and `http(s)://` / `www.` links (trailing punctuation left out).
pub fn linkify(text: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut rest = text;
    while let Some(start) = find_link_start(rest) {
        let candidate = &rest[start..];
        let end = candidate
            .find(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"')
            .unwrap_or(candidate.len());
        let link =
            candidate[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '\'']);
        if start > 0 {
            segments.push(Segment::Text(rest[..start].to_owned()));
        }
        segments.push(Segment::Link(link.to_owned()));
        rest = &rest[start + link.len()..];
    }
    if !rest.is_empty() {
        segments.push(Segment::Text(rest.to_owned()));
    }
    segments
}

fn find_link_start(text: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    ["https://", "http://", "www."]
        .iter()
        .filter_map(|scheme| lower.find(scheme))
        .min()
}

/// Where a link should point (a bare `www.` gets `https://`).
pub fn href(link: &str) -> String {
    if link.to_ascii_lowercase().starts_with("www.") {
        format!("https://{link}")
    } else {
        link.to_owned()
    }
}

/// Splits a body into what the customer wrote now and the quoted history below it: the
/// first "On … wrote:" line or run of `>` lines that continues to the end.
pub fn split_quoted(text: &str) -> (String, Option<String>) {
    let lines: Vec<&str> = text.lines().collect();
    let is_quote = |line: &str| line.trim_start().starts_with('>');
    let is_attribution = |line: &str| {
        let line = line.trim();
        (line.starts_with("On ") && line.ends_with("wrote:"))
            || line.starts_with("-----Original Message-----")
            || (line.starts_with("Am ") && line.ends_with("schrieb:"))
    };
    for (index, line) in lines.iter().enumerate() {
        let quoted_from_here = lines[index..]
            .iter()
            .all(|l| is_quote(l) || l.trim().is_empty() || is_attribution(l));
        if (is_attribution(line) || is_quote(line))
            && quoted_from_here
            && lines[index..]
                .iter()
                .any(|l| is_quote(l) || is_attribution(l))
        {
            let fresh = lines[..index].join("\n").trim_end().to_owned();
            let quoted = lines[index..].join("\n");
            return (fresh, Some(quoted));
        }
    }
    (text.trim_end().to_owned(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_found_without_trailing_punctuation() {
        assert_eq!(
            linkify("See https://example.com/a?b=1. Or www.shop.test, thanks"),
            vec![
                Segment::Text("See ".into()),
                Segment::Link("https://example.com/a?b=1".into()),
                Segment::Text(". Or ".into()),
                Segment::Link("www.shop.test".into()),
                Segment::Text(", thanks".into()),
            ]
        );
        assert_eq!(linkify("no links"), vec![Segment::Text("no links".into())]);
        assert_eq!(href("www.shop.test"), "https://www.shop.test");
        assert_eq!(href("http://x.test"), "http://x.test");
    }

    #[test]
    fn quoted_history_is_split_off() {
        let (fresh, quoted) = split_quoted("Here are the photos.\n\nOn Fri, 20 Nov 2026, Support wrote:\n> Could you send photos?\n> Thanks\n");
        assert_eq!(fresh, "Here are the photos.");
        assert_eq!(
            quoted.unwrap(),
            "On Fri, 20 Nov 2026, Support wrote:\n> Could you send photos?\n> Thanks"
        );
    }

    #[test]
    fn inline_quotes_followed_by_new_text_stay() {
        let text = "> your question\nMy answer is yes.";
        assert_eq!(split_quoted(text), (text.to_owned(), None));
        assert_eq!(split_quoted("Just text"), ("Just text".to_owned(), None));
    }
}
