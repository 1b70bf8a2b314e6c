//! The document an email's HTML is shown in: a sandboxed frame's `srcdoc` whose own policy
//! forbids every script and, until the agent allows it, everything remote. The backend has
//! already prepared the HTML (docs/api.md, "Message bodies"); the policy is a second wall.

use omni_protocol::HELD_PREFIX;

/// Inline `cid:` parts the desk has fetched, as `(content id, blob URL)`.
pub type CidUrls = [(String, String)];

const BASE_STYLE: &str = "html,body{margin:0;padding:0}body{font:14px/1.45 system-ui,sans-serif;\
color:#1b2333;overflow-wrap:anywhere;padding:4px}img{max-width:100%;height:auto}\
pre{white-space:pre-wrap}";

/// The `srcdoc` for prepared `html`: policy first, links open in a new tab, `cid:` images
/// resolved. With `remote`, the policy lets the held resources (put back by
/// [`restore_held`]) load.
pub fn srcdoc(html: &str, remote: bool, cids: &CidUrls) -> String {
    let elsewhere = if remote { " https: http:" } else { "" };
    let policy = format!(
        "default-src 'none'; script-src 'none'; object-src 'none'; \
         style-src 'unsafe-inline' data:{elsewhere}; img-src data: blob:{elsewhere}; \
         font-src data:{elsewhere}; media-src data: blob:{elsewhere}; form-action 'none'"
    );
    let mut body = html.to_owned();
    for (content_id, url) in cids {
        body = body.replace(&format!("cid:{content_id}"), url);
    }
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\
         <meta http-equiv=\"x-dns-prefetch-control\" content=\"off\">\
         <meta name=\"referrer\" content=\"no-referrer\"><base target=\"_blank\">\
         <style>{BASE_STYLE}</style></head><body>{body}</body></html>"
    )
}

/// Puts the held resources back where their placeholders stand ("Show images"). A
/// placeholder naming no held resource stays as it is.
pub fn restore_held(html: &str, held: &[String]) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(HELD_PREFIX) {
        out.push_str(&rest[..at]);
        let after = &rest[at + HELD_PREFIX.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        match after[..digits]
            .parse::<usize>()
            .ok()
            .and_then(|i| held.get(i))
        {
            Some(original) => out.push_str(original),
            None => {
                out.push_str(HELD_PREFIX);
                out.push_str(&after[..digits]);
            }
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_blocks_scripts_and_everything_remote_until_allowed() {
        let doc = srcdoc("<p>Hi</p>", false, &[]);
        assert!(doc.starts_with("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\""));
        assert!(doc.contains("script-src 'none'"));
        assert!(doc.contains("img-src data: blob:;") && doc.contains("font-src data:;"));
        assert!(doc.contains("<base target=\"_blank\">"));
        let shown = srcdoc("<p>Hi</p>", true, &[]);
        assert!(shown.contains("img-src data: blob: https: http:;"));
        assert!(shown.contains("style-src 'unsafe-inline' data: https: http:;"));
    }

    #[test]
    fn held_resources_are_put_back_in_place() {
        let held = vec!["https://x/a.png".to_owned(), "'https://x/b.png'".to_owned()];
        let html =
            "<img src=\"data:,omni-held-0\"><td style=\"background:url(data:,omni-held-1)\">\
                    <img src=\"data:,omni-held-7\">Grüße";
        assert_eq!(
            restore_held(html, &held),
            "<img src=\"https://x/a.png\"><td style=\"background:url('https://x/b.png')\">\
             <img src=\"data:,omni-held-7\">Grüße"
        );
    }

    #[test]
    fn cid_references_point_at_fetched_parts() {
        let cids = [("logo@x".to_owned(), "blob:http://desk/123".to_owned())];
        let doc = srcdoc("<img src=\"cid:logo@x\">", false, &cids);
        assert!(doc.contains("<img src=\"blob:http://desk/123\">"));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        #[test]
        fn restoring_never_panics_and_without_placeholders_changes_nothing(
            html in any::<String>(),
            held in prop::collection::vec(any::<String>(), 0..4),
        ) {
            let restored = restore_held(&html, &held);
            if !html.contains(HELD_PREFIX) {
                prop_assert_eq!(&restored, &html);
            }
            let _ = srcdoc(&restored, true, &[("a".into(), "blob:x".into())]);
        }

        #[test]
        fn placeholders_among_any_text_come_back_as_held(
            parts in prop::collection::vec((any::<String>(), 0usize..3), 1..6),
        ) {
            let held = vec!["https://a.test/1".to_owned(), "x".to_owned(), "ü".to_owned()];
            let html: String = parts.iter().map(|(text, i)| format!("{text}{HELD_PREFIX}{i}|")).collect();
            let expected: String = parts.iter().map(|(text, i)| format!("{text}{}|", held[*i])).collect();
            // Arbitrary text may itself hold a placeholder; only compare when it does not.
            if !parts.iter().any(|(text, _)| text.contains("omni-held")) {
                prop_assert_eq!(restore_held(&html, &held), expected);
            }
        }
    }
}
