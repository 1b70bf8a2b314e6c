//! Quoted history in HTML bodies: where the reply chain that mail clients append begins, so
//! the desk can show what the customer wrote now and keep the rest behind "Show trimmed
//! content".

/// Opening tags (lower case) that mail clients put around the history they quote.
const QUOTE_MARKERS: [&str; 9] = [
    "<div class=\"gmail_quote",        // Gmail
    "<blockquote class=\"gmail_quote", // Gmail, older
    "<div id=\"divrplyfwdmsg",         // Outlook desktop and web
    "<div id=\"appendonsend",          // Outlook web
    "<hr id=\"stopspelling",           // Outlook.com
    "<div class=\"moz-cite-prefix",    // Thunderbird
    "<blockquote type=\"cite",         // Apple Mail, Thunderbird
    "<div class=\"yahoo_quoted",       // Yahoo
    "<div class=\"protonmail_quote",   // Proton
];

/// Byte offset where the quoted history of `html` begins, when there is one and something the
/// sender wrote stands before it.
pub fn quote_start(html: &str) -> Option<usize> {
    let lower = html.to_ascii_lowercase();
    let at = QUOTE_MARKERS
        .iter()
        .filter_map(|marker| lower.find(marker))
        .min()?;
    has_visible_text(&html[..at]).then_some(at)
}

/// Whether any text outside tags, `<head>`, `<style>` and `<script>` remains in `html`.
fn has_visible_text(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    let mut rest = lower.as_str();
    if let Some(body) = rest.find("<body") {
        rest = &rest[body..];
    }
    let mut in_tag = false;
    let mut index = 0;
    let bytes = rest.as_bytes();
    while index < bytes.len() {
        let tail = &rest[index..];
        if !in_tag && tail.starts_with('<') {
            let name: String = tail[1..]
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            if matches!(name.as_str(), "style" | "script" | "head") {
                let close = format!("</{name}>");
                match tail.find(&close) {
                    Some(end) => {
                        index += end + close.len();
                        continue;
                    }
                    None => return false,
                }
            }
        }
        match bytes[index] {
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            b'&' if !in_tag && tail.starts_with("&nbsp;") => index += 5,
            byte if !in_tag && !byte.is_ascii_whitespace() => return true,
            _ => {}
        }
        index += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gmail_history_is_found_after_the_new_text() {
        let html = "<div dir=\"ltr\">Photos attached.</div><br><div class=\"gmail_quote\">\
                    <div class=\"gmail_attr\">On Fri, Support wrote:</div><blockquote>Old</blockquote></div>";
        let at = quote_start(html).unwrap();
        assert_eq!(&html[..at], "<div dir=\"ltr\">Photos attached.</div><br>");
    }

    #[test]
    fn outlook_and_apple_markers_whatever_their_case() {
        let outlook = "<p>Thanks!</p><div id=\"divRplyFwdMsg\"><b>From:</b> Support</div>";
        assert_eq!(quote_start(outlook), Some("<p>Thanks!</p>".len()));
        let apple = "<p>Yes</p><BLOCKQUOTE type=\"cite\">earlier</BLOCKQUOTE>";
        assert_eq!(quote_start(apple), Some("<p>Yes</p>".len()));
    }

    #[test]
    fn the_earliest_marker_wins() {
        let html = "<p>New</p><div class=\"moz-cite-prefix\">On Fri</div><blockquote type=\"cite\">x</blockquote>";
        assert_eq!(quote_start(html), Some("<p>New</p>".len()));
    }

    #[test]
    fn nothing_is_trimmed_when_nothing_visible_precedes_the_quote() {
        // A bare forward: hiding the quote would hide the whole message.
        let forward = "<html><head><style>p{color:red}</style></head><body>&nbsp;<br>\
                       <div class=\"gmail_quote\">---------- Forwarded message ---------</div></body></html>";
        assert_eq!(quote_start(forward), None);
        assert_eq!(quote_start("<p>No history here</p>"), None);
        // A <header> is visible content, not the document head.
        let header = "<header>Hi</header><div class=\"gmail_quote\">x</div>";
        assert_eq!(quote_start(header), Some("<header>Hi</header>".len()));
    }
}
