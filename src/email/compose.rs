//! The composer's rules that need no browser: who a reply goes to, subjects, the signature,
//! `/` canned-answer search at the cursor, and file limits.

use omni_protocol::{check_address, split_addresses, Message, MAX_ATTACHMENT_BYTES};

/// To and CC of a reply: To is Reply-To, else the sender; Reply all adds everyone else the
/// message went to, minus our own addresses and duplicates.
pub fn reply_recipients(
    message: &Message,
    all: bool,
    own: &[String],
) -> (Vec<String>, Vec<String>) {
    let is_own = |address: &str| own.iter().any(|o| o.eq_ignore_ascii_case(address));
    let to: Vec<String> = if message.reply_to.is_empty() {
        vec![message.from.address.clone()]
    } else {
        message.reply_to.iter().map(|a| a.address.clone()).collect()
    };
    let mut cc: Vec<String> = Vec::new();
    if all {
        for address in message.to.iter().chain(&message.cc) {
            let address = &address.address;
            let seen = to
                .iter()
                .chain(&cc)
                .any(|a| a.eq_ignore_ascii_case(address));
            if !is_own(address) && !seen && !address.is_empty() {
                cc.push(address.clone());
            }
        }
    }
    (to, cc)
}

/// "Re: …" once, whatever case the customer's client used.
pub fn reply_subject(subject: &str) -> String {
    if subject
        .get(..3)
        .is_some_and(|p| p.eq_ignore_ascii_case("re:"))
    {
        subject.to_owned()
    } else {
        format!("Re: {subject}")
    }
}

/// The body with the signature below it, added once.
pub fn with_signature(body: &str, signature: &str) -> String {
    let signature = signature.trim();
    if signature.is_empty() || body.contains(signature) {
        body.to_owned()
    } else {
        format!("{body}\n\n{signature}")
    }
}

/// Checks a recipient field: every address valid (the first fault is the message).
pub fn check_recipients(field: &str) -> Result<Vec<String>, String> {
    let list = split_addresses(field);
    for address in &list {
        check_address(address)?;
    }
    Ok(list)
}

/// Byte offset of a UTF-16 index (what a textarea's selection reports).
pub fn byte_at(text: &str, utf16: u32) -> usize {
    let mut units = 0u32;
    for (at, c) in text.char_indices() {
        if units >= utf16 {
            return at;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
}

/// UTF-16 index of a byte offset.
pub fn utf16_at(text: &str, byte: usize) -> u32 {
    text[..text.floor_char_boundary(byte)]
        .encode_utf16()
        .count() as u32
}

/// The `/search words` being typed just before `cursor` (a byte offset): where the slash
/// is, and the words after it. A slash inside a word (a URL, "and/or") does not count.
pub fn slash_query(text: &str, cursor: usize) -> Option<(usize, String)> {
    let before = &text[..text.floor_char_boundary(cursor)];
    let slash = before.rfind('/')?;
    let starts_word = slash == 0 || before[..slash].ends_with(char::is_whitespace);
    let words = &before[slash + 1..];
    (starts_word && !words.contains('\n') && words.chars().count() <= 40)
        .then(|| (slash, words.to_owned()))
}

/// Replaces `text[from..cursor]` (the `/query`) with `insert`; returns the text and the new
/// cursor (a byte offset) after the inserted words.
pub fn insert_at(text: &str, from: usize, cursor: usize, insert: &str) -> (String, usize) {
    let cursor = text.floor_char_boundary(cursor);
    let from = text.floor_char_boundary(from.min(cursor));
    let out = format!("{}{insert}{}", &text[..from], &text[cursor..]);
    (out, from + insert.len())
}

/// Sizes as a file manager shows them ("900 B", "2 KB", "16.0 MB"), without floating point
/// (the desk ships no float formatting).
pub fn size_text(bytes: u64) -> String {
    match bytes {
        0..1_024 => format!("{bytes} B"),
        1_024..1_048_576 => format!("{} KB", (bytes + 512) / 1_024),
        _ => {
            let tenths = (bytes * 10 + 524_288) / 1_048_576;
            format!("{}.{} MB", tenths / 10, tenths % 10)
        }
    }
}

/// Why a file cannot be attached, in the server's words, or `None` when it may.
pub fn attachment_refusal(filename: &str, size: u64) -> Option<String> {
    (size > MAX_ATTACHMENT_BYTES).then(|| {
        format!(
            "\"{filename}\" is {}; a file may be at most 15 MB.",
            size_text(size)
        )
    })
}

#[cfg(test)]
mod tests {
    use omni_protocol::{Direction, EmailAddress, MessageKind};

    use super::*;

    fn address(text: &str) -> EmailAddress {
        EmailAddress {
            name: None,
            address: text.into(),
        }
    }

    fn message(reply_to: &[&str]) -> Message {
        Message {
            id: 1,
            interaction_id: 1,
            direction: Direction::Inbound,
            kind: MessageKind::Email,
            from: address("maria.rossi@example.com"),
            to: vec![
                address("support@omni-desk.test"),
                address("paolo@rossi.test"),
            ],
            cc: vec![
                address("Support@Omni-Desk.test"),
                address("accounts@rossi.test"),
            ],
            bcc: vec![],
            reply_to: reply_to.iter().map(|a| address(a)).collect(),
            received_as: None,
            subject: None,
            sent_at: 0,
            text: Default::default(),
            html: None,
            attachments: vec![],
            delivery_error: None,
            delivery_retry_at: None,
            sending: false,
            has_source: false,
            version: 0,
        }
    }

    #[test]
    fn reply_goes_to_reply_to_else_the_sender_and_reply_all_adds_the_rest_but_us() {
        let own = ["support@omni-desk.test".to_owned()];
        let (to, cc) = reply_recipients(&message(&[]), false, &own);
        assert_eq!(
            (to, cc.len()),
            (vec!["maria.rossi@example.com".to_owned()], 0)
        );
        let (to, _) = reply_recipients(&message(&["orders@rossi.test"]), false, &own);
        assert_eq!(to, ["orders@rossi.test"]);
        let (to, cc) = reply_recipients(&message(&[]), true, &own);
        assert_eq!(to, ["maria.rossi@example.com"]);
        assert_eq!(cc, ["paolo@rossi.test", "accounts@rossi.test"]);
    }

    #[test]
    fn subjects_get_one_re_and_the_signature_comes_once() {
        assert_eq!(reply_subject("Order 5"), "Re: Order 5");
        assert_eq!(reply_subject("RE: Order 5"), "RE: Order 5");
        let signed = with_signature("Hello", "--\nAnna");
        assert_eq!(signed, "Hello\n\n--\nAnna");
        assert_eq!(with_signature(&signed, "--\nAnna"), signed);
        assert_eq!(with_signature("Hello", "  "), "Hello");
    }

    #[test]
    fn slash_search_starts_a_word_and_inserts_at_the_cursor() {
        let text = "Hi Maria,\n/refund tim";
        let (from, query) = slash_query(text, text.len()).unwrap();
        assert_eq!(query, "refund tim");
        let (out, cursor) = insert_at(text, from, text.len(), "Your refund is on its way.");
        assert_eq!(out, "Hi Maria,\nYour refund is on its way.");
        assert_eq!(cursor, out.len());
        assert_eq!(
            slash_query("see https://x.example/a", 23),
            None,
            "a URL is not a search"
        );
        assert_eq!(slash_query("and/or", 6), None);
        assert_eq!(slash_query("/a\nb", 4), None, "a new line ends the search");
    }

    #[test]
    fn utf16_cursors_map_to_bytes_and_back() {
        let text = "Grüße 👋 /x";
        let byte = byte_at(text, 9);
        assert_eq!(&text[byte..], "/x");
        assert_eq!(utf16_at(text, byte), 9);
        assert_eq!(byte_at(text, 99), text.len());
    }

    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(size_text(900), "900 B");
        assert_eq!(size_text(1_536), "2 KB");
        assert_eq!(size_text(15 * 1_048_576), "15.0 MB");
        assert_eq!(size_text(1_572_864), "1.5 MB");
    }

    #[test]
    fn files_over_15_mb_are_refused_in_the_servers_words() {
        assert_eq!(attachment_refusal("a.pdf", MAX_ATTACHMENT_BYTES), None);
        assert_eq!(
            attachment_refusal("video.mov", 16 * 1024 * 1024).unwrap(),
            "\"video.mov\" is 16.0 MB; a file may be at most 15 MB."
        );
        assert_eq!(
            check_recipients("a@x.example, b@y.example").unwrap().len(),
            2
        );
        assert_eq!(
            check_recipients("a@x.example; nope").unwrap_err(),
            "\"nope\" is not an email address."
        );
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        /// What the agent types is any text, and the browser's cursor any number.
        #[test]
        fn cursor_and_slash_search_never_split_a_character(
            text in "(\\PC|/| |\n)*",
            utf16 in 0u32..80,
            insert in "\\PC*",
        ) {
            let byte = byte_at(&text, utf16);
            prop_assert!(text.is_char_boundary(byte));
            prop_assert!(utf16_at(&text, byte) <= utf16.max(utf16_at(&text, text.len())));
            if let Some((from, query)) = slash_query(&text, byte) {
                prop_assert!(text[from..].starts_with('/'));
                let (out, cursor) = insert_at(&text, from, byte, &insert);
                prop_assert!(out.is_char_boundary(cursor));
                prop_assert!(out.contains(&insert));
                prop_assert!(!query.contains('\n'));
            }
            // Offsets from elsewhere (a stale cursor) are clamped, never a panic.
            let _ = slash_query(&text, byte + 1);
            let _ = insert_at(&text, byte + 1, byte + 3, &insert);
            let _ = check_recipients(&text);
            let _ = reply_subject(&text);
        }
    }
}
