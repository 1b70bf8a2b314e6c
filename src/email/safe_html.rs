//! The document an email's HTML is shown in: a sandboxed frame's `srcdoc` whose own policy
//! forbids every script and, until the agent allows it, every remote image.

/// Inline `cid:` parts the desk has fetched, as `(content id, blob URL)`.
pub type CidUrls = [(String, String)];

const BASE_STYLE: &str = "html,body{margin:0;padding:0}body{font:14px/1.45 system-ui,sans-serif;\
color:#1b2333;overflow-wrap:anywhere;padding:4px}img{max-width:100%;height:auto}\
pre{white-space:pre-wrap}";

/// The `srcdoc` for `html`: CSP first, links open in a new tab, `cid:` images resolved.
pub fn srcdoc(html: &str, remote_images: bool, cids: &CidUrls) -> String {
    let images = if remote_images {
        "data: blob: https: http:"
    } else {
        "data: blob:"
    };
    let policy = format!(
        "default-src 'none'; script-src 'none'; object-src 'none'; style-src 'unsafe-inline'; \
         img-src {images}; font-src data:; form-action 'none'"
    );
    let mut body = defuse(html);
    if !remote_images {
        body = hold_remote_sources(&body);
    }
    for (content_id, url) in cids {
        body = body.replace(&format!("cid:{content_id}"), url);
    }
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\
         <meta name=\"referrer\" content=\"no-referrer\"><base target=\"_blank\">\
         <style>{BASE_STYLE}</style></head><body>{body}</body></html>"
    )
}

/// Takes the teeth out of the few tags that act without script: a later `<base>` or a
/// `<meta http-equiv>` (refresh, policy) must not override ours.
fn defuse(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let lower = html.to_ascii_lowercase();
    let mut last = 0;
    for (at, _) in lower.match_indices('<') {
        let rest = &lower[at..];
        let neutral = if rest.starts_with("<base") {
            Some("<x-base")
        } else if rest.starts_with("<meta") {
            Some("<x-meta")
        } else {
            None
        };
        if let Some(neutral) = neutral {
            out.push_str(&html[last..at]);
            out.push_str(neutral);
            last = at + 5;
        }
    }
    out.push_str(&html[last..]);
    out
}

/// Renames `src`, `srcset` and `poster` attributes that point elsewhere, so nothing fetches
/// them — not even the browser's preload scanner, which can run ahead of the CSP meta.
fn hold_remote_sources(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    let mut index = 0;
    while index < lower.len() {
        let rest = &lower[index..];
        let after_space = index > 0 && lower.as_bytes()[index - 1].is_ascii_whitespace();
        let matched = ["srcset=", "poster=", "src="].into_iter().find(|name| {
            let value = rest
                .get(name.len()..)
                .unwrap_or_default()
                .trim_start_matches(['"', '\'']);
            after_space
                && rest.starts_with(name)
                && (value.starts_with("http") || value.starts_with("//"))
        });
        match matched {
            Some(name) => {
                out.push_str(&html[last..index]);
                out.push_str("data-held-");
                out.push_str(&html[index..index + name.len()]);
                index += name.len();
                last = index;
            }
            None => index += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out.push_str(&html[last..]);
    out
}

/// Whether the email would load anything from elsewhere (so "Show images" is worth offering).
pub fn has_remote_images(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    [
        "src=\"http",
        "src='http",
        "src=http",
        "url(http",
        "url('http",
        "url(\"http",
        "background=\"http",
    ]
    .iter()
    .any(|needle| lower.contains(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_blocks_scripts_and_remote_images_until_allowed() {
        let doc = srcdoc("<p>Hi</p>", false, &[]);
        assert!(doc.starts_with("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\""));
        assert!(doc.contains("script-src 'none'"));
        assert!(doc.contains("img-src data: blob:;"));
        assert!(doc.contains("<base target=\"_blank\">"));
        assert!(srcdoc("<p>Hi</p>", true, &[]).contains("img-src data: blob: https: http:;"));
    }

    #[test]
    fn meta_and_base_in_the_email_are_neutralised_whatever_their_case() {
        let doc = srcdoc(
            "<META http-equiv=refresh content=\"0;url=https://evil.test\"><Base href=x><p>x</p>",
            false,
            &[],
        );
        assert!(!doc.contains("<META") && !doc.contains("<Base"));
        assert!(doc.contains("<x-meta http-equiv=refresh") && doc.contains("<x-base href=x>"));
        assert_eq!(
            doc.matches("<meta").count(),
            3,
            "only our own three meta tags remain"
        );
    }

    #[test]
    fn remote_sources_are_held_until_allowed() {
        let html = "<img src=\"https://t.example/p.gif\"><IMG SRC='http://x/y.png' srcset=\"https://x/2x.png 2x\"><img src=\"data:image/png;base64,AA\"><img src=\"cid:a\"><p data-src=\"http://keep\">";
        let held = srcdoc(html, false, &[]);
        assert!(held.contains("<img data-held-src=\"https://t.example/p.gif\">"));
        assert!(held.contains(
            "<IMG data-held-SRC='http://x/y.png' data-held-srcset=\"https://x/2x.png 2x\">"
        ));
        assert!(
            held.contains("<img src=\"data:image/png;base64,AA\">")
                && held.contains("<img src=\"cid:a\">")
        );
        assert!(
            held.contains("<p data-src=\"http://keep\">"),
            "only real attributes are renamed"
        );
        assert!(srcdoc(html, true, &[]).contains("<img src=\"https://t.example/p.gif\">"));
    }

    #[test]
    fn cid_references_point_at_fetched_parts() {
        let cids = [("logo@x".to_owned(), "blob:http://desk/123".to_owned())];
        let doc = srcdoc("<img src=\"cid:logo@x\">", false, &cids);
        assert!(doc.contains("<img src=\"blob:http://desk/123\">"));
    }

    #[test]
    fn remote_images_are_detected() {
        assert!(has_remote_images("<img SRC=\"https://t.example/p.gif\">"));
        assert!(has_remote_images(
            "<td style=\"background:url(http://x/y.png)\">"
        ));
        assert!(!has_remote_images(
            "<img src=\"cid:a\"><img src=\"data:image/png;base64,AA\">"
        ));
    }
}
