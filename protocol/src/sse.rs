//! A server-sent-events parser (the WHATWG "event stream" grammar), fed with arbitrary byte
//! chunks as they come off the network; shared by the desk, the server's tests and e2e.

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseMessage {
    /// The last event id in force when this event was dispatched (it persists across events).
    pub id: Option<String>,
    /// The `event:` field, `message` when absent.
    pub event: String,
    pub data: String,
}

/// A longer line is dropped, not kept: a broken or hostile stream must not exhaust memory.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;
/// An event whose data lines add up to more is dropped too.
pub const MAX_EVENT_BYTES: usize = 4 * MAX_LINE_BYTES;

#[derive(Debug, Default)]
pub struct SseParser {
    line: Vec<u8>,
    /// The current line went over [`MAX_LINE_BYTES`]: its rest is skipped.
    skipping_line: bool,
    /// A line of the event being read was dropped: the event is dropped when it ends.
    event_broken: bool,
    dropped_events: u64,
    after_cr: bool,
    started: bool,
    data: String,
    event: String,
    last_event_id: Option<String>,
    retry_ms: Option<u32>,
}

impl SseParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// The reconnection delay the server asked for with `retry:`, if any.
    pub fn retry_ms(&self) -> Option<u32> {
        self.retry_ms
    }

    pub fn last_event_id(&self) -> Option<&str> {
        self.last_event_id.as_deref()
    }

    /// How many events were dropped for a line or data over the limits, since the start.
    pub fn dropped_events(&self) -> u64 {
        self.dropped_events
    }

    /// Feeds the next chunk; returns the events completed by it, in order.
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<SseMessage> {
        let mut done = Vec::new();
        for &byte in chunk {
            if self.after_cr {
                self.after_cr = false;
                if byte == b'\n' {
                    continue;
                }
            }
            match byte {
                b'\r' | b'\n' => {
                    self.after_cr = byte == b'\r';
                    if std::mem::take(&mut self.skipping_line) {
                        continue;
                    }
                    let line = std::mem::take(&mut self.line);
                    if let Some(message) = self.end_line(&line) {
                        done.push(message);
                    }
                }
                _ if self.skipping_line => {}
                _ if self.line.len() >= MAX_LINE_BYTES => {
                    self.line = Vec::new();
                    self.skipping_line = true;
                    self.event_broken = true;
                }
                _ => self.line.push(byte),
            }
        }
        done
    }

    fn end_line(&mut self, raw: &[u8]) -> Option<SseMessage> {
        let mut line = String::from_utf8_lossy(raw).into_owned();
        if !self.started {
            self.started = true;
            if let Some(rest) = line.strip_prefix('\u{feff}') {
                line = rest.to_owned();
            }
        }
        if line.is_empty() {
            return self.dispatch();
        }
        if line.starts_with(':') {
            return None;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line.as_str(), ""),
        };
        match field {
            "data" if self.data.len() + value.len() >= MAX_EVENT_BYTES => {
                self.data = String::new();
                self.event_broken = true;
            }
            "data" if !self.event_broken => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "event" => self.event = value.to_owned(),
            "id" if !value.contains('\0') => self.last_event_id = Some(value.to_owned()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry_ms = value.parse().ok();
            }
            _ => {}
        }
        None
    }

    fn dispatch(&mut self) -> Option<SseMessage> {
        let event = std::mem::take(&mut self.event);
        if std::mem::take(&mut self.event_broken) {
            self.data.clear();
            self.dropped_events += 1;
            return None;
        }
        if self.data.is_empty() {
            return None;
        }
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        Some(SseMessage {
            id: self.last_event_id.clone(),
            event: if event.is_empty() {
                "message".into()
            } else {
                event
            },
            data,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed_all(chunks: &[&[u8]]) -> (SseParser, Vec<SseMessage>) {
        let mut parser = SseParser::new();
        let messages = chunks.iter().flat_map(|chunk| parser.feed(chunk)).collect();
        (parser, messages)
    }

    fn message(id: Option<&str>, event: &str, data: &str) -> SseMessage {
        SseMessage {
            id: id.map(str::to_owned),
            event: event.into(),
            data: data.into(),
        }
    }

    #[test]
    fn whole_event_in_one_chunk() {
        let (_, got) = feed_all(&[b"id: 1\nevent: status_changed\ndata: {\"a\":1}\n\n"]);
        assert_eq!(got, vec![message(Some("1"), "status_changed", "{\"a\":1}")]);
    }

    #[test]
    fn every_split_point_gives_the_same_events() {
        let stream: &[u8] =
            "id: 7\r\nevent: x\r\ndata: h\u{e9}llo\r\n\r\n: keep-alive\n\ndata: a\ndata: b\n\n"
                .as_bytes();
        let expected = vec![
            message(Some("7"), "x", "h\u{e9}llo"),
            message(Some("7"), "message", "a\nb"),
        ];
        for cut in 0..=stream.len() {
            let (_, got) = feed_all(&[&stream[..cut], &stream[cut..]]);
            assert_eq!(got, expected, "split at byte {cut}");
        }
        let bytes: Vec<&[u8]> = stream.chunks(1).collect();
        assert_eq!(feed_all(&bytes).1, expected, "one byte at a time");
    }

    #[test]
    fn multi_line_data_joins_with_newlines() {
        let (_, got) = feed_all(&[b"data: first\ndata:second\ndata\ndata:  indented\n\n"]);
        assert_eq!(
            got,
            vec![message(None, "message", "first\nsecond\n\n indented")]
        );
    }

    #[test]
    fn comments_and_unknown_fields_are_ignored() {
        let (_, got) = feed_all(&[b":comment\nfoo: bar\n: another\ndata: x\n\n:only comments\n\n"]);
        assert_eq!(got, vec![message(None, "message", "x")]);
    }

    #[test]
    fn retry_only_accepts_digits() {
        let (parser, got) = feed_all(&[b"retry: 2500\n\n"]);
        assert!(got.is_empty());
        assert_eq!(parser.retry_ms(), Some(2500));
        let (parser, _) = feed_all(&[b"retry: 2500\nretry: 1x\nretry:\n\n"]);
        assert_eq!(parser.retry_ms(), Some(2500));
    }

    #[test]
    fn empty_data_does_not_dispatch_but_id_persists() {
        let (parser, got) = feed_all(&[b"id: 5\nevent: ping\n\ndata: y\n\n"]);
        assert_eq!(got, vec![message(Some("5"), "message", "y")]);
        assert_eq!(parser.last_event_id(), Some("5"));
    }

    #[test]
    fn incomplete_event_waits_for_blank_line() {
        let mut parser = SseParser::new();
        assert!(parser.feed(b"id: 3\ndata: partial").is_empty());
        assert!(parser.feed(b"\n").is_empty());
        assert_eq!(
            parser.feed(b"\n"),
            vec![message(Some("3"), "message", "partial")]
        );
    }

    #[test]
    fn bom_is_stripped_and_cr_alone_ends_lines() {
        let (_, got) = feed_all(&["\u{feff}data: a\r\r".as_bytes()]);
        assert_eq!(got, vec![message(None, "message", "a")]);
    }

    #[test]
    fn a_line_over_the_limit_drops_its_event_and_the_stream_goes_on() {
        let mut parser = SseParser::new();
        assert!(parser
            .feed(b"id: 8\nevent: message_added\ndata: ")
            .is_empty());
        let huge = vec![b'x'; MAX_LINE_BYTES + 10];
        for chunk in huge.chunks(64 * 1024) {
            assert!(parser.feed(chunk).is_empty());
        }
        assert!(
            parser.line.capacity() <= MAX_LINE_BYTES + 1,
            "nothing beyond the limit is kept"
        );
        let after = parser.feed(b"\n\nid: 9\ndata: small\n\n");
        assert_eq!(after, vec![message(Some("9"), "message", "small")]);
        assert_eq!(parser.dropped_events(), 1);
        assert_eq!(parser.last_event_id(), Some("9"));
    }

    #[test]
    fn many_data_lines_over_the_limit_drop_the_event() {
        let mut parser = SseParser::new();
        let line = format!("data: {}\n", "y".repeat(MAX_LINE_BYTES - 10));
        for _ in 0..5 {
            assert!(parser.feed(line.as_bytes()).is_empty());
        }
        assert!(parser.feed(b"\n").is_empty());
        assert_eq!(parser.dropped_events(), 1);
        assert_eq!(parser.feed(b"data: ok\n\n").len(), 1);
    }

    #[test]
    fn id_with_nul_is_ignored() {
        let (parser, _) = feed_all(&[b"id: 1\n\nid: 2\0x\n\n"]);
        assert_eq!(parser.last_event_id(), Some("1"));
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    fn stream() -> impl Strategy<Value = Vec<u8>> {
        prop::collection::vec(
            prop_oneof![
                any::<String>().prop_map(String::into_bytes),
                Just(b"data: {\"id\":1}\n".to_vec()),
                Just(b"id: 7\n".to_vec()),
                Just(b"event: x\n".to_vec()),
                Just(b"retry: 300\n".to_vec()),
                Just(b"\n".to_vec()),
                Just(b"\r\n".to_vec()),
                Just(b"\r".to_vec()),
                Just(b":keep-alive\n".to_vec()),
                prop::collection::vec(any::<u8>(), 0..20),
            ],
            0..30,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12_000))]

        /// Any bytes, cut anywhere, give the same events, and never a panic.
        #[test]
        fn any_bytes_cut_anywhere_parse_alike(bytes in stream(), cut in any::<prop::sample::Index>()) {
            let whole = SseParser::new().feed(&bytes);
            let at = cut.index(bytes.len() + 1);
            let mut parser = SseParser::new();
            let mut split = parser.feed(&bytes[..at]);
            split.extend(parser.feed(&bytes[at..]));
            prop_assert_eq!(whole, split.clone());
            for message in split {
                // What the desk does next with each event: never a panic either.
                let _ = crate::Event::from_json(&message.data);
            }
        }

        #[test]
        fn any_text_is_an_event_or_an_error(text in any::<String>()) {
            let _ = crate::Event::from_json(&text);
        }
    }
}
