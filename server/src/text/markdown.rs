//! The composer's Markdown: rendered to the HTML part of outgoing mail and to the preview,
//! with raw HTML shown as text (an agent's `<script>` is never markup).

use pulldown_cmark::{html, Event, Options, Parser};

use crate::error::ApiError;

const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS);

/// The HTML fragment for `markdown`; raw HTML in it is escaped into text. A line break
/// the agent typed stays a line break (an email is not a document: signatures, addresses).
pub fn to_html(markdown: &str) -> String {
    let events = Parser::new_ext(markdown, OPTIONS).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::SoftBreak => Event::HardBreak,
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut out, events);
    out
}

/// Text made safe to place in HTML (element content or a quoted attribute).
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A whole HTML document for an email body: the fragment in a plain, widely supported frame.
pub fn email_document(fragment: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head>\
         <body style=\"font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#1b2333\">\
         {fragment}</body></html>"
    )
}

/// Exactly the HTML a send of `markdown` would produce.
pub fn preview(markdown: &str) -> Result<String, ApiError> {
    if markdown.chars().count() > omni_protocol::compose::MAX_BODY_CHARS {
        return Err(ApiError::validation("markdown", "The message is too long."));
    }
    Ok(to_html(markdown))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn markdown_renders_and_raw_html_stays_text() {
        let html =
            to_html("**Hello** Maria,\n\n- one\n- two\n\n<script>alert(1)</script> <b>x</b>");
        assert!(html.contains("<strong>Hello</strong>"));
        assert!(html.contains("<li>one</li>"));
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(!html.contains("<script>") && !html.contains("<b>"));
    }

    #[test]
    fn typed_line_breaks_stay() {
        let html = to_html("Thanks,\n\n--\nAnna Keller\nOmni Desk customer care");
        assert!(
            html.contains("--<br />\nAnna Keller<br />\nOmni Desk customer care"),
            "{html}"
        );
    }

    /// Markdown-ish text with raw HTML the agent (or anyone calling the preview) may type.
    fn typed() -> impl Strategy<Value = String> {
        let token = prop_oneof![
            any::<String>(),
            Just("**".to_owned()),
            Just("\n\n- ".to_owned()),
            Just("| a | b |\n|---|---|\n".to_owned()),
            Just("[x](javascript:alert(1))".to_owned()),
            Just("`".to_owned()),
            Just("<script>alert(1)</script>".to_owned()),
            Just("<iframe src=https://x.test>".to_owned()),
            Just("<b>".to_owned()),
            Just("<style>".to_owned()),
            Just("<svg onload=x>".to_owned()),
            Just("<!-- ".to_owned()),
            Just("&amp;".to_owned()),
            Just("\u{202e}".to_owned()),
        ];
        prop::collection::vec(token, 0..12).prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        #[test]
        fn any_text_renders_and_raw_html_never_becomes_markup(markdown in typed()) {
            let html = to_html(&markdown).to_lowercase();
            for tag in ["<script", "<iframe", "<b>", "<style", "<svg", "<!--"] {
                prop_assert!(!html.contains(tag), "{tag} in {html}");
            }
        }
    }

    #[test]
    fn links_and_tables_render() {
        let html = to_html("[site](https://example.com)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(html.contains("<a href=\"https://example.com\">site</a>"));
        assert!(html.contains("<table>") && html.contains("<td>2</td>"));
    }
}
