//! hyper answers a few requests itself, before the router sees them, and with an empty body:
//! a request line over 64 KB (414), headers over its buffer (431), a request it cannot parse
//! (400). The contract promises the JSON error body on every error, so this wrapper of the
//! connection replaces exactly those answers: an empty-bodied 400, 414 or 431 head, which
//! the API itself never sends (its errors always carry a body).

use std::{
    io,
    pin::Pin,
    task::{ready, Context, Poll},
};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// A connection whose early error answers get a JSON body.
pub struct EarlyErrors<T> {
    inner: T,
    /// A replacement being written: its bytes and how many have gone out.
    replacing: Option<(Vec<u8>, usize)>,
}

impl<T> EarlyErrors<T> {
    pub fn new(inner: T) -> Self {
        Self {
            inner,
            replacing: None,
        }
    }
}

/// hyper's early error heads are a status line, `content-length: 0` and a date: short.
const LONGEST_EARLY_HEAD: usize = 256;

/// The whole answer for hyper's bodiless head `head`, if it is one of its early errors. Only
/// a short write that starts like one is looked at: every other write passes untouched.
pub fn replacement(head: &[u8]) -> Option<Vec<u8>> {
    if head.len() > LONGEST_EARLY_HEAD || !head.starts_with(b"HTTP/1.1 4") {
        return None;
    }
    let text = std::str::from_utf8(head).ok()?;
    let (status_line, rest) = text.split_once("\r\n")?;
    let empty = rest
        .to_ascii_lowercase()
        .split("\r\n")
        .any(|line| line == "content-length: 0");
    if !empty || !text.ends_with("\r\n\r\n") {
        return None;
    }
    let message = match status_line {
        "HTTP/1.1 414 URI Too Long" => {
            "The address is too long for this server (at most 64 KB); search with fewer words."
        }
        "HTTP/1.1 431 Request Header Fields Too Large" => {
            "The request headers are too large for this server."
        }
        "HTTP/1.1 400 Bad Request" => "This is not an HTTP request the server can read.",
        _ => return None,
    };
    let code = if status_line.contains(" 400 ") {
        "bad_request"
    } else {
        "too_large"
    };
    let body = serde_json::json!({ "error": { "code": code, "message": message } }).to_string();
    Some(
        format!(
            "{status_line}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
        .into_bytes(),
    )
}

impl<T: AsyncRead + Unpin> AsyncRead for EarlyErrors<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for EarlyErrors<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        if this.replacing.is_none() {
            match replacement(buf) {
                Some(bytes) => this.replacing = Some((bytes, 0)),
                None => return Pin::new(&mut this.inner).poll_write(cx, buf),
            }
        }
        // Write the replacement whole; hyper's bytes count as written once it is out.
        while let Some((bytes, sent)) = &mut this.replacing {
            if *sent == bytes.len() {
                this.replacing = None;
                return Poll::Ready(Ok(buf.len()));
            }
            let wrote = ready!(Pin::new(&mut this.inner).poll_write(cx, &bytes[*sent..]))?;
            if wrote == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *sent += wrote;
        }
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    // hyper then hands every head over in one `poll_write`, where it is recognised.
    fn is_write_vectored(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hypers_bodiless_414_gets_the_error_body() {
        let head = b"HTTP/1.1 414 URI Too Long\r\ncontent-length: 0\r\ndate: Tue, 01 Dec 2026 10:00:00 GMT\r\n\r\n";
        let answer = String::from_utf8(replacement(head).unwrap()).unwrap();
        assert!(answer.starts_with("HTTP/1.1 414 URI Too Long\r\n"));
        let body = answer.split("\r\n\r\n").nth(1).unwrap();
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        assert!(json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("too long"));
    }

    #[test]
    fn answers_with_a_body_and_other_statuses_pass_unchanged() {
        assert!(replacement(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 57\r\n\r\n").is_none());
        assert!(replacement(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n").is_none());
        assert!(replacement(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n").is_none());
        assert!(replacement(b"\x00\xff binary").is_none());
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn any_bytes_are_read_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = super::replacement(&bytes);
        }

        #[test]
        fn only_bodiless_early_errors_are_replaced(status in 100u16..600, length in 0u32..5) {
            let reason = match status {
                400 => "Bad Request",
                414 => "URI Too Long",
                431 => "Request Header Fields Too Large",
                _ => "Other",
            };
            let head = format!(
                "HTTP/1.1 {status} {reason}\r\ncontent-length: {length}\r\ndate: Tue, 01 Dec 2026 10:00:00 GMT\r\n\r\n"
            );
            let early = matches!(status, 400 | 414 | 431) && length == 0;
            let replaced = super::replacement(head.as_bytes());
            prop_assert_eq!(replaced.is_some(), early);
            if let Some(answer) = replaced {
                let answer = String::from_utf8(answer).unwrap();
                let status_line = format!("HTTP/1.1 {status} ");
                prop_assert!(answer.starts_with(&status_line));
                let body = answer.split("\r\n\r\n").nth(1).unwrap();
                let json: serde_json::Value = serde_json::from_str(body).unwrap();
                prop_assert!(json["error"]["message"].as_str().is_some());
            }
        }
    }
}
