//! Plain-text bodies: clickable links.

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
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        /// Links are found in any text, and nothing of it is lost or doubled.
        #[test]
        fn linkify_keeps_every_character(text in "(\\PC|www\\.|https?://|[.,)>\"])*") {
            let joined: String = linkify(&text)
                .into_iter()
                .map(|segment| match segment {
                    Segment::Text(text) | Segment::Link(text) => text,
                })
                .collect();
            prop_assert_eq!(joined, text);
        }
    }
}
