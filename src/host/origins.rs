//! Whose messages the desk hears and which backends `?api=` may choose: origins compared as
//! browsers write them (`https://crm.example.com`, `http://127.0.0.1:8080`).

/// The origin of an absolute http(s) URL, as a browser serializes it: scheme and host in
/// lower case, the default port left out. None for anything else (`javascript:`, a bare
/// host name, credentials in the URL).
pub fn origin_of(url: &str) -> Option<String> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => "80",
        "https" => "443",
        _ => return None,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let authority = authority.to_ascii_lowercase();
    let (host, port) = match authority.rsplit_once(':') {
        // `[::1]` has colons of its own; its port follows the bracket.
        Some((host, port)) if !port.contains(']') => (host, Some(port)),
        _ => (authority.as_str(), None),
    };
    let bracketed = host.starts_with('[') && host.ends_with(']') && host.len() > 2;
    let host_ok = if bracketed {
        host[1..host.len() - 1]
            .chars()
            .all(|c| c.is_ascii_hexdigit() || matches!(c, ':' | '.'))
    } else {
        !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
    };
    // A port is 1–65535; browsers write it without leading zeros.
    let port = match port {
        None => None,
        Some(digits) => match digits.parse::<u16>() {
            Ok(n) if n > 0 && digits.bytes().all(|b| b.is_ascii_digit()) => Some(n.to_string()),
            _ => return None,
        },
    };
    if !host_ok {
        return None;
    }
    Some(match port {
        Some(port) if port != default_port => format!("{scheme}://{host}:{port}"),
        _ => format!("{scheme}://{host}"),
    })
}

/// Whether `origin` is one of `allowed`. There is no wildcard: `*` matches nothing.
pub fn is_listed(origin: &str, allowed: &[String]) -> bool {
    let Some(origin) = origin_of(origin) else {
        return false;
    };
    allowed
        .iter()
        .any(|entry| origin_of(entry).as_deref() == Some(origin.as_str()))
}

/// Whether the desk hears (and posts to) `origin`: its own, or one the configuration lists.
pub fn is_host_allowed(origin: &str, own: &str, host_origins: &[String]) -> bool {
    (origin_of(own).is_some() && origin_of(origin) == origin_of(own))
        || is_listed(origin, host_origins)
}

/// The embedding page's origin: the browser's `location.ancestorOrigins[0]` where it has
/// one, else the origin of `document.referrer` (empty when the host sends no referrer).
pub fn parent_origin(ancestor: Option<String>, referrer: &str) -> Option<String> {
    ancestor
        .and_then(|origin| origin_of(&origin))
        .or_else(|| origin_of(referrer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_written_as_browsers_write_them() {
        for (url, origin) in [
            (
                "https://CRM.Example.com/app?x=1",
                Some("https://crm.example.com"),
            ),
            (
                "https://crm.example.com:443/",
                Some("https://crm.example.com"),
            ),
            ("http://127.0.0.1:8080", Some("http://127.0.0.1:8080")),
            ("http://localhost:80/x", Some("http://localhost")),
            ("http://[::1]:3000/", Some("http://[::1]:3000")),
            ("https://a.example#frag", Some("https://a.example")),
            ("https://user:pw@a.example", None),
            ("javascript:alert(1)", None),
            ("data:text/html,hi", None),
            ("crm.example.com", None),
            ("https://", None),
            ("https://a.example:", None),
            ("https://a.example:99999999", None),
            ("https://a.example:65536", None),
            ("https://a.example:0", None),
            ("https://a.example:0443", Some("https://a.example")),
            ("http://a.example:08080", Some("http://a.example:8080")),
            ("http://a:b:80", None),
            ("http://[zz]:80", None),
            ("https://a b.example", None),
            ("*", None),
            ("", None),
        ] {
            assert_eq!(origin_of(url).as_deref(), origin, "{url}");
        }
    }

    #[test]
    fn only_listed_origins_and_our_own_are_heard() {
        let allowed = vec!["https://crm.example.com/".to_owned(), "*".to_owned()];
        let own = "http://127.0.0.1:8080";
        assert!(is_host_allowed("https://crm.example.com", own, &allowed));
        assert!(is_host_allowed("http://127.0.0.1:8080", own, &allowed));
        for refused in [
            "https://evil.example",
            "https://crm.example.com.evil.example",
            "http://crm.example.com",
            "https://crm.example.com:8443",
            "null",
            "",
            "*",
        ] {
            assert!(!is_host_allowed(refused, own, &allowed), "{refused}");
        }
        assert!(!is_host_allowed("http://127.0.0.1:8080", "null", &[]));
    }

    #[test]
    fn the_parent_origin_comes_from_ancestors_else_the_referrer() {
        assert_eq!(
            parent_origin(
                Some("http://127.0.0.1:9000".into()),
                "http://other.example/"
            ),
            Some("http://127.0.0.1:9000".into())
        );
        assert_eq!(
            parent_origin(None, "https://crm.example.com/record/42"),
            Some("https://crm.example.com".into())
        );
        assert_eq!(parent_origin(None, ""), None);
        assert_eq!(parent_origin(Some("null".into()), ""), None);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;

    proptest::proptest! {
        /// Whatever a page or a link says, reading it never panics, and an origin read once
        /// reads the same again.
        #[test]
        fn any_text_gives_a_stable_origin_or_none(text in "\\PC{0,60}", tail in "[a-z0-9:/.@\\[\\]]{0,30}") {
            for url in [text.clone(), format!("https://{text}"), format!("http://{tail}")] {
                if let Some(origin) = origin_of(&url) {
                    proptest::prop_assert_eq!(origin_of(&origin), Some(origin.clone()));
                    proptest::prop_assert!(is_listed(&origin, std::slice::from_ref(&origin)));
                }
            }
        }
    }
}
