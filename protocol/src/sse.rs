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

#[derive(Debug, Default)]
pub struct SseParser {
    line: Vec<u8>,
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
                    let line = std::mem::take(&mut self.line);
                    if let Some(message) = self.end_line(&line) {
                        done.push(message);
                    }
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
            "data" => {
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
    fn id_with_nul_is_ignored() {
        let (parser, _) = feed_all(&[b"id: 1\n\nid: 2\0x\n\n"]);
        assert_eq!(parser.last_event_id(), Some("1"));
    }
}
