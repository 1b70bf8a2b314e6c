//! Email bodies as the desk shows them. HTML goes through a real HTML rewriter (lol_html):
//! nothing that acts or fetches by itself survives, every remote resource is held back behind
//! a placeholder, and the quoted history mail clients append is split off. Plain text is split
//! where its quote begins. Text from the network may be anything: nothing here slices at a
//! byte offset that did not come from a search of the same string.

use std::{cell::RefCell, rc::Rc};

use lol_html::{
    doc_text, element,
    html_content::{ContentType, Element, TextType},
    text, RewriteStrSettings,
};
use omni_protocol::{HtmlBody, TextBody, HELD_PREFIX};

/// Bumped when preparation changes, so bodies prepared by an older server are prepared again.
pub const PREPARED_WITH: i64 = 2;

/// What the desk shows of one message.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Prepared {
    pub text: TextBody,
    pub html: Option<HtmlBody>,
}

/// Prepares both bodies of a message. HTML that cannot be read safely is dropped (the desk
/// then shows the plain text) rather than shown half-understood.
pub fn prepare(text: &str, html: Option<&str>) -> Prepared {
    let html = html.and_then(|html| match prepare_html(html) {
        Ok(body) => Some(body),
        Err(error) => {
            tracing::warn!(%error, "an email's HTML could not be prepared; showing its text");
            None
        }
    });
    Prepared {
        text: split_text(text),
        html,
    }
}

/// Opening-tag marks (lower case) that mail clients put around the history they quote.
fn is_quote_start(element: &Element) -> bool {
    let attribute = |name: &str| element.get_attribute(name).unwrap_or_default();
    let classes = attribute("class").to_ascii_lowercase();
    let has_class = |wanted: &str| classes.split_ascii_whitespace().any(|c| c == wanted);
    let id = attribute("id").to_ascii_lowercase();
    match element.tag_name().as_str() {
        "div" => {
            has_class("gmail_quote")
                || has_class("moz-cite-prefix")
                || has_class("yahoo_quoted")
                || has_class("protonmail_quote")
                || matches!(
                    id.as_str(),
                    "divrplyfwdmsg"
                        | "x_divrplyfwdmsg"
                        | "appendonsend"
                        | "mail-editor-reference-message-container"
                )
        }
        "blockquote" => has_class("gmail_quote") || attribute("type").eq_ignore_ascii_case("cite"),
        "hr" => id == "stopspelling",
        _ => false,
    }
}

/// Whether a URL loads nothing from elsewhere (inline data, a message part, this page).
fn is_inert_url(raw: &str) -> bool {
    let mut url = raw.trim_start();
    for opening in ["\"", "'", "&quot;", "&#34;", "&#39;", "&apos;"] {
        if let Some(rest) = url.strip_prefix(opening) {
            url = rest.trim_start();
            break;
        }
    }
    let lower = url.get(..6).unwrap_or(url).to_ascii_lowercase();
    url.is_empty()
        || lower.starts_with('#')
        || ["data:", "cid:", "blob:", "about:"]
            .iter()
            .any(|scheme| lower.starts_with(scheme))
}

/// Whether a stylesheet `href` loads nothing from elsewhere: none, or a `data:` sheet that
/// cannot `@import` or `url()` anything (no `@`, `(`, escapes or encodings that could spell
/// them).
fn is_inert_stylesheet(raw: &str) -> bool {
    let href = raw.trim();
    let lower = href.to_ascii_lowercase();
    href.is_empty()
        || (lower.starts_with("data:")
            && !lower.contains("base64")
            && !href.contains(['@', '(', '%', '\\', '&']))
}

/// The held resources of one document, and the placeholder that stands for each.
#[derive(Default)]
struct Held(Vec<String>);

impl Held {
    /// Keeps `original` (as it stood in the source) and returns its placeholder.
    fn hold(&mut self, original: String) -> String {
        self.0.push(original);
        format!("{HELD_PREFIX}{}", self.0.len() - 1)
    }
}

/// Text from an attribute value, escaped to stand inside a double-quoted attribute again:
/// nothing in it can close the attribute or open a tag, wherever it is put back.
fn attribute_safe(raw: &str) -> String {
    raw.replace('"', "&quot;")
        .replace('\'', "&#39;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Whether a `style` attribute's raw value holds character references that could spell CSS
/// (`u&#114;l(`, `&lpar;`): only the quotes Outlook and others write are plain.
fn has_spelled_characters(raw: &str) -> bool {
    ["&quot;", "&#34;", "&#39;", "&apos;", "&amp;"]
        .iter()
        .fold(raw.to_owned(), |text, plain| text.replace(plain, ""))
        .contains('&')
}

/// CSS with its escapes read (`\72` is `r`, `\"` is `"`), as a browser's tokenizer reads
/// them.
fn css_unescaped(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let mut hex = String::new();
        while hex.len() < 6 && chars.peek().is_some_and(char::is_ascii_hexdigit) {
            hex.extend(chars.next());
        }
        if hex.is_empty() {
            match chars.next() {
                Some('\n') | None => {}
                Some(other) => out.push(other),
            }
        } else {
            if chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
                chars.next();
            }
            let code = u32::from_str_radix(&hex, 16).unwrap_or(0xFFFD);
            out.push(
                char::from_u32(code)
                    .filter(|&c| c != '\0')
                    .unwrap_or('\u{FFFD}'),
            );
        }
    }
    out
}

/// The CSS of a `style` attribute (`in_attribute`) or a `<style>` element with every remote
/// `url()` and remote string (`@import "…"`, `image-set("…")`) replaced by a placeholder.
/// CSS whose escapes (or, in an attribute, character references) spell something remote is
/// held whole: a scan of the raw text would miss it. Escapes that spell nothing remote,
/// like Outlook's CJK font names, keep their style.
fn hold_css(css: &str, held: &mut Held, in_attribute: bool) -> String {
    // Held CSS never carries a `<` or `>` (a URL with one is broken anyway).
    let keep = |text: &str| {
        if in_attribute {
            attribute_safe(text)
        } else {
            text.replace('<', "%3C").replace('>', "%3E")
        }
    };
    let spells_remote = css.contains('\\') && {
        let mut probe = Held::default();
        scan_css(&css_unescaped(css), &mut probe, &str::to_owned);
        !probe.0.is_empty()
    };
    if spells_remote || (in_attribute && has_spelled_characters(css)) {
        return held.hold(keep(css));
    }
    scan_css(css, held, &keep)
}

/// [`hold_css`]'s scan: each remote `url()` and remote string held, `keep` escaping the
/// original for where it stood.
fn scan_css(css: &str, held: &mut Held, keep: &dyn Fn(&str) -> String) -> String {
    let lower = css.to_ascii_lowercase();
    let mut out = String::with_capacity(css.len());
    let mut rest = 0; // byte offset in `css` (and `lower`: ASCII lower-casing keeps offsets)
    loop {
        let url = lower[rest..].find("url(").map(|at| rest + at);
        let quote = lower[rest..].find(['"', '\'']).map(|at| rest + at);
        match (url, quote) {
            (Some(at), q) if q.is_none_or(|q| at < q) => {
                let open = at + "url(".len();
                out.push_str(&css[rest..open]);
                let close = closing_paren(css, open);
                let inner = &css[open..close];
                if is_inert_url(inner) {
                    out.push_str(inner);
                } else {
                    out.push_str(&held.hold(keep(inner)));
                }
                rest = close;
            }
            (_, Some(at)) => {
                let mark = css[at..].chars().next().unwrap_or('"');
                let open = at + mark.len_utf8();
                let close = css[open..].find(mark).map_or(css.len(), |end| open + end);
                out.push_str(&css[rest..open]);
                let inner = &css[open..close];
                let target = inner.trim_start().get(..8).unwrap_or(inner.trim_start());
                let target = target.to_ascii_lowercase();
                if target.starts_with("http:")
                    || target.starts_with("https:")
                    || target.starts_with("//")
                {
                    out.push_str(&held.hold(keep(inner)));
                } else {
                    out.push_str(inner);
                }
                // Past the closing quote, so that it opens nothing.
                let after = (close + mark.len_utf8()).min(css.len());
                out.push_str(&css[close..after]);
                rest = after;
            }
            _ => {
                out.push_str(&css[rest..]);
                return out;
            }
        }
    }
}

/// Where the `url(` starting at `open` ends: its `)` outside quotes, or the end of the text.
fn closing_paren(css: &str, open: usize) -> usize {
    let mut quote: Option<char> = None;
    for (at, c) in css[open..].char_indices() {
        match (quote, c) {
            (None, ')') => return open + at,
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    css.len()
}

/// The URLs of a `srcset` as browsers read it: each candidate's URL is a run of
/// non-spaces (commas at its end separate candidates; a `data:` URL may hold commas), then
/// descriptors up to the next comma.
fn srcset_urls(srcset: &str) -> Vec<&str> {
    let mut urls = Vec::new();
    let mut rest = srcset;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        if rest.is_empty() {
            return urls;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (url, after) = rest.split_at(end);
        let trimmed = url.trim_end_matches(',');
        urls.push(trimmed);
        rest = if trimmed.len() < url.len() {
            after
        } else {
            after.find(',').map_or("", |comma| &after[comma..])
        };
    }
}

/// Attributes that fetch what they name, on any element.
const FETCHING: [&str; 8] = [
    "src",
    "srcset",
    "imagesrcset",
    "poster",
    "background",
    "lowsrc",
    "dynsrc",
    "xlink:href",
];

/// Elements that act, fetch or embed by themselves: gone with their content. `noscript` too:
/// the rewriter reads its content as text, but the frame (which runs no scripts) as markup.
const REMOVED: [&str; 12] = [
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "meta", "base", "portal",
    "param", "noscript",
];

/// Elements whose `href` is a resource they fetch, not a link the agent follows.
const FETCHING_HREF: [&str; 4] = ["image", "use", "feimage", "link"];

#[derive(Default)]
struct State {
    held: Held,
    visible_text: bool,
    quote_marked: bool,
    css: String,
}

fn rewrite_element(element: &mut Element, state: &RefCell<State>, marker: &str) {
    let name = element.tag_name();
    if REMOVED.contains(&name.as_str()) {
        element.remove();
        return;
    }
    if name == "link" {
        let rel = element
            .get_attribute("rel")
            .unwrap_or_default()
            .to_ascii_lowercase();
        // Prefetch, preconnect, preload and dns-prefetch reach the network beside any
        // policy: only a stylesheet (perhaps an alternate one) stays, its `href` held.
        let mut kinds = rel.split_ascii_whitespace();
        let stylesheet = kinds.clone().any(|r| r == "stylesheet")
            && kinds.all(|r| r == "stylesheet" || r == "alternate");
        if !stylesheet {
            element.remove();
            return;
        }
    }
    let mut state = state.borrow_mut();
    if !state.quote_marked && state.visible_text && is_quote_start(element) {
        state.quote_marked = true;
        element.before(marker, ContentType::Html);
    }
    let mut attributes: Vec<(String, String)> = Vec::new();
    for attribute in element.attributes() {
        let name = attribute.name();
        if !attributes.iter().any(|(seen, _)| *seen == name) {
            attributes.push((name, attribute.value()));
        }
    }
    if attributes.len() < element.attributes().len() {
        // A repeated attribute: browsers keep the first; so do we, and only that one.
        for (name, value) in &attributes {
            element.remove_attribute(name);
            let _ = element.set_attribute(name, value);
        }
    }
    for (attribute, value) in attributes {
        let fetches = FETCHING.contains(&attribute.as_str())
            || (attribute == "href" && FETCHING_HREF.contains(&name.as_str()));
        if attribute.starts_with("on")
            || matches!(
                attribute.as_str(),
                "ping" | "action" | "formaction" | "srcdoc"
            )
        {
            element.remove_attribute(&attribute);
        } else if fetches {
            let inert = if attribute.ends_with("srcset") {
                srcset_urls(&value).iter().all(|url| is_inert_url(url))
            } else if name == "link" {
                is_inert_stylesheet(&value)
            } else {
                is_inert_url(&value)
            };
            if !inert {
                let placeholder = state.held.hold(attribute_safe(&value));
                let _ = element.set_attribute(&attribute, &placeholder);
            }
        } else if attribute == "style" {
            let css = hold_css(&value, &mut state.held, true);
            if css != value {
                // lol_html writes the value back quoted, with `"` escaped.
                let _ = element.set_attribute("style", &css.replace("&quot;", "\""));
            }
        } else if attribute == "href" {
            let scheme = value.trim_start().get(..11).unwrap_or(value.trim_start());
            let scheme = scheme.to_ascii_lowercase();
            if scheme.starts_with("javascript:")
                || scheme.starts_with("vbscript:")
                || scheme.starts_with("data:")
            {
                element.remove_attribute("href");
            }
        }
    }
}

/// Whether raw text from the document shows something (entities of spaces are not).
fn is_visible(text: &str) -> bool {
    text.replace("&nbsp;", " ")
        .replace("&#160;", " ")
        .replace("&#xa0;", " ")
        .chars()
        .any(|c| !c.is_whitespace() && !matches!(c, '\u{200b}' | '\u{feff}' | '\u{200c}'))
}

/// The first pass: the document without foreign content. Inline SVG and MathML become plain
/// unknown elements (mail clients strip them anyway), and a `<` that opened no tag is
/// escaped, also in CDATA. Foreign content is where lol_html's reading can differ from a
/// browser's (it leaves only one level of nested `<svg>` on a breakout tag, and takes
/// `<![CDATA[` for CDATA where a browser has already left the SVG): after this pass, the
/// second reads the document as a browser will.
fn without_foreign_content(html: &str) -> Result<String, lol_html::errors::RewritingError> {
    lol_html::rewrite_str(
        html,
        RewriteStrSettings {
            element_content_handlers: vec![element!("svg, math", |element| {
                let _ = element.set_tag_name("x-foreign");
                Ok(())
            })],
            document_content_handlers: vec![doc_text!(|chunk| {
                if matches!(chunk.text_type(), TextType::Data | TextType::CDataSection)
                    && chunk.as_str().contains('<')
                {
                    let escaped = chunk.as_str().replace('<', "&lt;");
                    chunk.set_str(escaped);
                }
                Ok(())
            })],
            ..RewriteStrSettings::default()
        },
    )
}

/// Why an HTML body is not shown as HTML (the desk shows the text instead).
#[derive(Debug)]
pub enum Unpreparable {
    /// The rewriter cannot tell how a browser would read the markup: showing it would be a
    /// guess.
    Ambiguous(lol_html::errors::RewritingError),
    /// The sender wrote something that reads as a placeholder ("Show images" would put a
    /// held resource where the sender chose, e.g. into text).
    ForgedPlaceholder,
}

impl From<lol_html::errors::RewritingError> for Unpreparable {
    fn from(error: lol_html::errors::RewritingError) -> Self {
        Unpreparable::Ambiguous(error)
    }
}

impl std::fmt::Display for Unpreparable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unpreparable::Ambiguous(error) => write!(f, "ambiguous markup: {error}"),
            Unpreparable::ForgedPlaceholder => {
                f.write_str("the email spells a held-resource placeholder itself")
            }
        }
    }
}

/// Prepares an HTML body: [`rewrite_html`], then a check that the placeholders in the result
/// are exactly the rewriter's: one per held resource, in order.
pub fn prepare_html(html: &str) -> Result<HtmlBody, Unpreparable> {
    let body = rewrite_html(html)?;
    let document = format!(
        "{}{}",
        body.fresh,
        body.quoted.as_deref().unwrap_or_default()
    );
    let found: Vec<Option<usize>> = document
        .match_indices(HELD_PREFIX)
        .map(|(at, _)| {
            let after = &document[at + HELD_PREFIX.len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            after[..digits].parse::<usize>().ok()
        })
        .collect();
    let ours = found.len() == body.held.len()
        && found
            .iter()
            .enumerate()
            .all(|(expected, index)| *index == Some(expected));
    if ours {
        Ok(body)
    } else {
        Err(Unpreparable::ForgedPlaceholder)
    }
}

/// Rewrites an HTML body for the frame: the two passes and the quote split. Fails only where
/// the rewriter cannot tell how a browser would read the markup.
pub fn rewrite_html(html: &str) -> Result<HtmlBody, lol_html::errors::RewritingError> {
    let html = without_foreign_content(html)?;
    // A marker the sender cannot have written: where the quote begins in the output.
    let marker = format!("<!--omni-quote-{:016x}-->", rand::random::<u64>());
    let state = Rc::new(RefCell::new(State::default()));
    let (for_elements, for_text, for_css) = (state.clone(), state.clone(), state.clone());
    let settings = RewriteStrSettings {
        element_content_handlers: vec![
            element!("*", |element| {
                rewrite_element(element, &for_elements, &marker);
                Ok(())
            }),
            // `<style>` text may come in several chunks: the whole sheet is rewritten at once.
            text!("style", |chunk| {
                let mut state = for_css.borrow_mut();
                state.css.push_str(chunk.as_str());
                if chunk.last_in_text_node() {
                    let css = std::mem::take(&mut state.css);
                    let rewritten = hold_css(&css, &mut state.held, false);
                    chunk.set_str(rewritten);
                } else {
                    chunk.set_str(String::new());
                }
                Ok(())
            }),
        ],
        document_content_handlers: vec![doc_text!(|chunk| {
            if chunk.text_type() == TextType::Data {
                if is_visible(chunk.as_str()) {
                    for_text.borrow_mut().visible_text = true;
                }
                // A `<` that opened no tag stays text even when a removed element no longer
                // stands between it and what follows (`<<script></script>img src=…>`).
                if chunk.as_str().contains('<') {
                    let escaped = chunk.as_str().replace('<', "&lt;");
                    chunk.set_str(escaped);
                }
            }
            Ok(())
        })],
        ..RewriteStrSettings::default()
    };
    let output = lol_html::rewrite_str(&html, settings)?;
    let held = std::mem::take(&mut state.borrow_mut().held.0);
    let (fresh, quoted) = match output.split_once(&marker) {
        Some((fresh, quoted)) => (fresh.to_owned(), Some(quoted.to_owned())),
        None => (output, None),
    };
    Ok(HtmlBody {
        fresh,
        quoted,
        held,
    })
}

/// Splits a plain-text body into what the sender wrote now and the quoted history below it:
/// from the first attribution line ("On … wrote:") or `>` line after which only quotes,
/// attributions and blank lines follow.
pub fn split_text(text: &str) -> TextBody {
    let lines: Vec<&str> = text.lines().collect();
    let is_quote = |line: &str| line.trim_start().starts_with('>');
    let is_attribution = |line: &str| {
        let line = line.trim();
        (line.starts_with("On ") && line.ends_with("wrote:"))
            || line.starts_with("-----Original Message-----")
            || (line.starts_with("Am ")
                && line.ends_with(':')
                && (line.ends_with("schrieb:") || line.contains(" schrieb ")))
            || (line.starts_with("Le ") && line.ends_with("a écrit :"))
            || (line.starts_with("El ") && line.ends_with("escribió:"))
    };
    // Scanned from the end: the quote is the longest tail of quotes, attributions and blanks
    // that begins with a quote or an attribution.
    let mut start = None;
    for (index, line) in lines.iter().enumerate().rev() {
        if is_quote(line) || is_attribution(line) {
            start = Some(index);
        } else if !line.trim().is_empty() {
            break;
        }
    }
    match start.filter(|&index| lines[..index].iter().any(|line| !line.trim().is_empty())) {
        Some(index) => TextBody {
            fresh: lines[..index].join("\n").trim_end().to_owned(),
            quoted: Some(lines[index..].join("\n")),
        },
        None => TextBody {
            fresh: text.trim_end().to_owned(),
            quoted: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared(html: &str) -> HtmlBody {
        prepare_html(html).expect("prepares")
    }

    #[test]
    fn a_german_logo_before_a_gmail_quote_is_no_trouble() {
        let body = prepared(
            "<div dir=\"ltr\"><img alt=\"Müller Logo\" src=\"cid:logo\"><p>Grüße aus München</p></div>\
             <div class=\"gmail_quote\"><div class=\"gmail_attr\">Am Fr. schrieb Support:</div>\
             <blockquote class=\"gmail_quote\">Alt</blockquote></div>",
        );
        assert!(body.fresh.contains("Müller Logo") && body.fresh.contains("München"));
        let quoted = body.quoted.expect("the quote is split off");
        assert!(quoted.starts_with("<div class=\"gmail_quote\">"));
        assert!(body.held.is_empty(), "cid: images are not remote");
    }

    #[test]
    fn every_quote_style_is_found_after_the_new_text() {
        for (html, begins) in [
            ("<p>Thanks!</p><div id=\"divRplyFwdMsg\"><b>From:</b> Support</div>", "<div id=\"divRplyFwdMsg\">"),
            ("<p>Yes</p><BLOCKQUOTE type=\"cite\">earlier</BLOCKQUOTE>", "<BLOCKQUOTE"),
            ("<p>New</p><div class=\"moz-cite-prefix\">On Fri</div><blockquote type=\"cite\">x</blockquote>", "<div class=\"moz-cite-prefix\">"),
            ("<p>Ok</p><hr id=\"stopSpelling\">old", "<hr id=\"stopSpelling\">"),
            ("<p>Ok</p><div class=\"yahoo_quoted\">old</div>", "<div class=\"yahoo_quoted\">"),
            ("<p>Ok</p><div class=\"protonmail_quote\">old</div>", "<div class=\"protonmail_quote\">"),
            ("<p>Ok</p><div id=\"appendonsend\"></div><hr>old", "<div id=\"appendonsend\">"),
        ] {
            let body = prepared(html);
            let quoted = body.quoted.unwrap_or_else(|| panic!("no quote in {html}"));
            assert!(quoted.starts_with(begins), "{html} → {quoted}");
        }
    }

    #[test]
    fn nothing_is_split_when_nothing_visible_precedes_the_quote() {
        // A bare forward: hiding the quote would hide the whole message.
        let forward = "<html><head><title>Fwd</title><style>p{color:red}</style></head><body>&nbsp;<br>\
                       <div class=\"gmail_quote\">---------- Forwarded message ---------</div></body></html>";
        assert_eq!(prepared(forward).quoted, None);
        assert_eq!(prepared("<p>No history here</p>").quoted, None);
    }

    #[test]
    fn what_acts_by_itself_is_gone() {
        let body = prepared(
            "<meta http-equiv=refresh content=\"0;url=https://evil.test\"><base href=https://evil.test/>\
             <script>alert(1)</script><p onclick=\"x()\" onmouseover=x>Hi</p><iframe src=https://x.test></iframe>\
             <a href=\"javascript:alert(1)\">j</a><a href=\"https://shop.test\" ping=\"https://t.test\">shop</a>\
             <form action=\"https://x.test\"><button formaction=\"https://y.test\">b</button></form>\
             <link rel=dns-prefetch href=//t.test><object data=x.swf></object>",
        );
        let html = body.fresh;
        for gone in [
            "<meta",
            "<base",
            "<script",
            "alert(1)</script>",
            "onclick",
            "onmouseover",
            "<iframe",
            "javascript:",
            "ping=",
            "action=",
            "formaction",
            "dns-prefetch",
            "<object",
        ] {
            assert!(!html.contains(gone), "{gone} remains in {html}");
        }
        assert!(
            html.contains("<a href=\"https://shop.test\" >shop</a>")
                || html.contains("href=\"https://shop.test\"")
        );
        assert!(html.contains("<p >Hi</p>") || html.contains(">Hi</p>"));
    }

    #[test]
    fn every_remote_resource_is_held_and_can_be_put_back() {
        let html = "<img src=\"https://t.example/p.gif\"><IMG SRC='http://x/y.png' srcset=\"https://x/2x.png 2x\">\
            <img src=\"data:image/png;base64,AA\"><img src=\"cid:a\"><table background=\"https://x/bg.png\"><tr><td \
            style=\"background-image:url('https://x/cell.png');color:red\">x</td></tr></table>\
            <link rel=stylesheet href=\"https://x/s.css\"><style>@import url(\"https://x/i.css\");\
            @import 'https://x/j.css'; @font-face{font-family:F;src:url(https://x/f.woff2)} .a{font-family:\"Arial\"}</style>\
            <video poster=\"https://x/p.jpg\"></video><p data-src=\"http://keep\">k</p><input type=image src=\"https://x/i.png\">";
        let body = prepared(html);
        let doc = &body.fresh;
        assert!(!doc.contains("https://"), "nothing remote remains: {doc}");
        assert!(!doc.contains("http://x"), "{doc}");
        assert_eq!(body.held.len(), 11, "{:?}", body.held);
        assert!(doc.contains("src=\"data:image/png;base64,AA\"") && doc.contains("src=\"cid:a\""));
        assert!(
            doc.contains("data-src=\"http://keep\""),
            "only fetching attributes: {doc}"
        );
        assert!(doc.contains("font-family:\"Arial\""));
        // Putting each back gives the original references.
        let mut restored = doc.clone();
        for (index, original) in body.held.iter().enumerate().rev() {
            restored = restored.replace(&format!("{HELD_PREFIX}{index}"), original);
        }
        for url in [
            "https://t.example/p.gif",
            "http://x/y.png",
            "https://x/2x.png 2x",
            "https://x/bg.png",
            "&#39;https://x/cell.png&#39;",
            "https://x/s.css",
            "\"https://x/i.css\"",
            "https://x/j.css",
            "https://x/f.woff2",
            "https://x/p.jpg",
            "https://x/i.png",
        ] {
            assert!(restored.contains(url), "{url} back in {restored}");
        }
    }

    #[test]
    fn srcset_urls_are_read_as_browsers_read_them() {
        assert_eq!(
            srcset_urls("a.png 1x, https://x/b.png 2x,data:,omni-held-0 3x"),
            ["a.png", "https://x/b.png", "data:,omni-held-0"]
        );
        assert_eq!(srcset_urls("x.png,y.png"), ["x.png,y.png"]);
        assert_eq!(srcset_urls(" , "), Vec::<&str>::new());
    }

    #[test]
    fn removing_an_element_never_makes_a_new_tag() {
        let body = prepared("<<script>alert(1)</script>img src=https://x.test/p.gif>");
        assert_eq!(body.fresh, "&lt;img src=https://x.test/p.gif>");
    }

    #[test]
    fn css_with_escapes_in_a_function_is_held_whole() {
        let body = prepared("<div style=\"background:u\\72l(https://x/y.png)\">x</div>");
        assert!(!body.fresh.contains("https://x"));
        assert_eq!(body.held, vec!["background:u\\72l(https://x/y.png)"]);
        // Outlook's escaped font names (no function) keep their style.
        let outlook = prepared("<style>@font-face{font-family:\"\\5FAE\\8F6F\";}</style><p>x</p>");
        assert!(outlook.fresh.contains("\\5FAE") && outlook.held.is_empty());
        // An `@import` spelled with escapes (no function) is held whole too.
        let import =
            prepared("<style>@import \"\\68ttps://x/i.css\"; p{color:red}</style><p>x</p>");
        assert!(
            !import.fresh.contains("68ttps") && import.held.len() == 1,
            "{import:?}"
        );
    }

    #[test]
    fn plain_text_quotes_are_split_off() {
        let body = split_text("Here are the photos.\n\nOn Fri, 20 Nov 2026, Support wrote:\n> Could you send photos?\n> Thanks\n");
        assert_eq!(body.fresh, "Here are the photos.");
        assert_eq!(
            body.quoted.as_deref(),
            Some("On Fri, 20 Nov 2026, Support wrote:\n> Could you send photos?\n> Thanks")
        );
        let inline = "> your question\nMy answer is yes.";
        assert_eq!(
            split_text(inline),
            TextBody {
                fresh: inline.into(),
                quoted: None
            }
        );
        let german = split_text("Danke!\nAm 20.11.2026 um 10:00 schrieb Support:\n> Hallo");
        assert_eq!(german.fresh, "Danke!");
        assert_eq!(split_text("Just text").quoted, None);
    }

    #[test]
    fn a_placeholder_the_sender_wrote_is_refused() {
        // "Show images" would put the held address into the text, or into `title`.
        let forged = format!("<img src=\"https://t/x<b>\"><p>{HELD_PREFIX}0</p>");
        assert!(matches!(
            prepare_html(&forged),
            Err(Unpreparable::ForgedPlaceholder)
        ));
        let prepared = prepare("the text", Some(&forged));
        assert!(prepared.html.is_none(), "the agent sees the text instead");
    }

    #[test]
    fn held_originals_cannot_open_a_tag_or_close_an_attribute() {
        let body = prepared("<img src='https://t.example/a\"b<meta x>'><div style=\"background:url(https://t/'<b>')\">x</div>");
        for original in &body.held {
            assert!(!original.contains(['<', '>', '"', '\'']), "{original}");
        }
        assert_eq!(body.held[0], "https://t.example/a&quot;b&lt;meta x&gt;");
    }

    #[test]
    fn noscript_preload_and_data_stylesheets_fetch_nothing() {
        let body = prepared(
            "<noscript><link rel=preconnect href=http://a.test/><p id=ns>x</p></noscript>\
             <link rel=\"stylesheet preload\" href=\"https://a.test/p.css\">\
             <link rel=preload as=image imagesrcset=\"https://a.test/i.png 2x\">\
             <link rel=stylesheet href=\"data:text/css,@import url(https://a.test/i.css)\">\
             <p style=\"background:u&#114;l(https://a.test/e.png)\">y</p>",
        );
        assert!(!body.fresh.contains("noscript") && !body.fresh.contains("id=ns"));
        assert!(!body.fresh.contains("a.test"), "{}", body.fresh);
        assert!(!body.fresh.contains("preload"));
        assert_eq!(
            body.held.len(),
            2,
            "the data: sheet and the spelled url(): {:?}",
            body.held
        );
    }

    #[test]
    fn markup_that_cannot_be_read_safely_falls_back_to_the_text() {
        let prepared = prepare("the text", Some("<p>fine</p>"));
        assert!(prepared.html.is_some());
        assert_eq!(prepared.text.fresh, "the text");
    }
}

/// Property tests: text from the network is arbitrary; preparing it never panics, and what
/// fetches by itself never survives.
#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    /// Remote addresses used where a browser would fetch them.
    const FETCHED: &str = "//tracker.test/fetched";
    /// A remote address used only in a link the agent may follow.
    const FOLLOWED: &str = "https://shop.test/followed";

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            Just("Müller Logo".to_owned()),
            Just("&nbsp;".to_owned()),
            Just("مرحبا بالعالم".to_owned()),
            Just("日本語のテキスト".to_owned()),
            Just("👋🏽 e\u{301}".to_owned()),
        ]
    }

    fn attribute() -> impl Strategy<Value = String> {
        prop_oneof![
            text().prop_map(|t| format!(" alt=\"{}\"", t.replace('"', ""))),
            Just(format!(" src=\"https:{FETCHED}/a.png\"")),
            Just(format!(" srcset='http:{FETCHED}/b.png 2x, data:x 1x'")),
            Just(format!(" background=https:{FETCHED}/c.png")),
            Just(format!(
                " style=\"background:url('https:{FETCHED}/d.png')\""
            )),
            Just(format!(
                " style=\"background:URL( &quot;https:{FETCHED}/e.png&quot; )\""
            )),
            Just(format!(" href=\"{FOLLOWED}\"")),
            Just(" onclick=\"alert(1)\"".to_owned()),
            Just(format!(" imagesrcset=\"https:{FETCHED}/f.png 2x\"")),
            Just(format!(
                " style=\"background:u&#114;l(https:{FETCHED}/g.png)\""
            )),
            Just(format!(" title='{HELD_PREFIX}0'")),
            Just(" class=\"gmail_quote\"".to_owned()),
            Just(" type=cite".to_owned()),
            Just(" id=divRplyFwdMsg".to_owned()),
            text().prop_map(|t| format!(" data-x='{}'", t.replace('\'', ""))),
        ]
    }

    fn token() -> impl Strategy<Value = String> {
        let tag = prop::sample::select(vec![
            "div",
            "p",
            "img",
            "a",
            "table",
            "td",
            "blockquote",
            "span",
            "b",
            "hr",
            "br",
            "video",
            "font",
            "center",
            "svg",
            "image",
            "ul",
            "li",
            "html",
            "body",
            "head",
            "title",
        ]);
        prop_oneof![
            4 => text(),
            3 => (tag.clone(), prop::collection::vec(attribute(), 0..3))
                .prop_map(|(tag, attributes)| format!("<{tag}{}>", attributes.concat())),
            2 => tag.prop_map(|tag| format!("</{tag}>")),
            1 => Just(format!("<style>@import url(https:{FETCHED}/s.css); p{{color:red}}</style>")),
            1 => Just(format!("<link rel=stylesheet href=\"https:{FETCHED}/l.css\">")),
            1 => Just("<script>alert(1)</script>".to_owned()),
            1 => Just(format!("<noscript><img src=https:{FETCHED}/n.png></noscript>")),
            1 => Just(format!("<link rel=\"stylesheet preload\" href=\"https:{FETCHED}/p.css\">")),
            1 => Just(format!("<link rel=stylesheet href=\"data:text/css,@import url(https:{FETCHED}/d.css)\">")),
            1 => Just(format!("<style>@import \"\\68ttps:{FETCHED}/e.css\";</style>")),
            1 => Just(format!("{HELD_PREFIX}1")),
            1 => Just("<meta http-equiv=refresh content=0>".to_owned()),
            1 => Just("<!-- a comment -->".to_owned()),
            1 => prop::sample::select(vec!["<", ">", "&", "</", "<!", "\"", "'", "=", "<![CDATA["])
                .prop_map(str::to_owned),
        ]
    }

    /// How many `name` elements the HTML tokenizer reads in `html`.
    fn count_elements(html: &str, name: &str) -> usize {
        let count = std::cell::Cell::new(0);
        let _ = lol_html::rewrite_str(
            html,
            RewriteStrSettings {
                element_content_handlers: vec![element!(name, |_| {
                    count.set(count.get() + 1);
                    Ok(())
                })],
                ..RewriteStrSettings::default()
            },
        );
        count.get()
    }

    fn html() -> impl Strategy<Value = String> {
        prop::collection::vec(token(), 0..40).prop_map(|tokens| tokens.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12_000))]

        #[test]
        fn any_text_prepares_without_panicking(input in any::<String>()) {
            let _ = prepare_html(&input);
            let body = split_text(&input);
            prop_assert!(body.quoted.is_none() || !body.fresh.trim().is_empty());
        }

        #[test]
        fn nothing_fetched_or_active_survives_in_markup(input in html()) {
            // An ambiguity the rewriter refuses to guess is dropped by `prepare`: also safe.
            if let Ok(body) = prepare_html(&input) {
                let shown = format!("{}{}", body.fresh, body.quoted.clone().unwrap_or_default());
                // Prepared output is a fixed point: read again by the same HTML tokenizer,
                // nothing in it fetches, acts or needs holding (a tracker address may remain
                // as text, e.g. after `</<style>`, which a browser reads as a comment).
                for part in [shown.as_str(), body.fresh.as_str()] {
                    let again = rewrite_html(part).expect("prepared output reads unambiguously");
                    let again_shown = format!("{}{}", again.fresh, again.quoted.unwrap_or_default());
                    prop_assert_eq!(&again_shown, part);
                    prop_assert!(again.held.is_empty());
                }
                prop_assert_eq!(count_elements(&shown, "noscript"), 0);
                let foreign = input.to_ascii_lowercase().contains("<svg") || input.to_ascii_lowercase().contains("<math");
                if !foreign && input.contains(&format!("<a href=\"{FOLLOWED}\"")) {
                    prop_assert!(shown.contains(FOLLOWED), "a link the agent may follow stays");
                }
                // Every placeholder names a held resource (a held one may have no place left:
                // it stood inside something removed).
                for (at, _) in shown.match_indices(HELD_PREFIX) {
                    let digits: String = shown[at + HELD_PREFIX.len()..]
                        .chars()
                        .take_while(char::is_ascii_digit)
                        .collect();
                    let index: usize = digits.parse().unwrap_or(usize::MAX);
                    prop_assert!(index < body.held.len(), "placeholder {index} of {}", body.held.len());
                }
                if body.quoted.is_some() {
                    prop_assert!(!body.fresh.is_empty());
                }
            }
        }

        #[test]
        fn only_a_placeholder_the_sender_wrote_refuses_a_rewritten_body(input in html()) {
            if rewrite_html(&input).is_ok() && !input.contains(HELD_PREFIX) {
                prop_assert!(prepare_html(&input).is_ok());
            }
        }

        #[test]
        fn css_scanning_never_panics_and_keeps_what_is_not_remote(css in any::<String>()) {
            let mut held = Held::default();
            let out = hold_css(&css, &mut held, false);
            if held.0.is_empty() {
                prop_assert_eq!(out, css);
            }
        }
    }
}
