//! Transcript download (PRODUCT B15): one self-contained HTML file of the whole thread that
//! any browser opens offline and prints (or saves as PDF). With attachments, every file is
//! inside it as a `data:` link and images show in place; without, their names are listed.
//!
//! HTML rather than PDF: a PDF writer would need fonts and layout code of its own, while the
//! agent's browser already prints HTML faithfully, and the file stays searchable and small.
//! Bodies go in as escaped text, never as the sender's HTML, so the file runs no script.
//!
//! It is written as a stream: a hundred messages at a time, and each file read and encoded
//! in pieces, so a long thread with large files never sits in memory whole.

use base64::Engine;
use futures::Stream;
use omni_protocol::{Attachment, Direction, EmailAddress, Message, MessageKind};
use tokio::io::AsyncReadExt;

use crate::{
    db::messages as db_messages, error::ApiError, text::markdown::escape, work::messages,
    work::summaries, AppState,
};

/// Messages read from the database at a time.
const MESSAGES_AT_ONCE: u32 = 100;
/// Bytes of a file encoded at a time (a multiple of 3, so the pieces join as one base64).
const FILE_PIECE: usize = 3 * 256 * 1024;

fn person(address: &EmailAddress) -> String {
    match (&address.name, address.address.is_empty()) {
        (Some(name), true) => escape(name),
        (Some(name), false) => format!("{} &lt;{}&gt;", escape(name), escape(&address.address)),
        (None, _) => escape(&address.address),
    }
}

fn people(list: &[EmailAddress]) -> String {
    list.iter().map(person).collect::<Vec<_>>().join(", ")
}

/// UTC date and time of `ms`, e.g. `2026-11-22 14:05 UTC`.
pub fn utc(ms: i64) -> String {
    let c = crate::clock::civil(ms);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        c.year, c.month, c.day, c.hour, c.minute
    )
}

/// Piece by piece, the stored file as base64.
fn file_base64(
    path: std::path::PathBuf,
) -> impl Stream<Item = Result<String, ApiError>> + Send + 'static {
    async_stream::try_stream! {
        let mut file = tokio::fs::File::open(path).await.map_err(ApiError::internal)?;
        let mut piece = vec![0u8; FILE_PIECE];
        loop {
            // Fill the piece whole (but the last), so no padding lands mid-way.
            let mut filled = 0;
            while filled < FILE_PIECE {
                let read = file.read(&mut piece[filled..]).await.map_err(ApiError::internal)?;
                if read == 0 {
                    break;
                }
                filled += read;
            }
            if filled == 0 {
                break;
            }
            yield base64::engine::general_purpose::STANDARD.encode(&piece[..filled]);
            if filled < FILE_PIECE {
                break;
            }
        }
    }
}

/// One file of a message: its name and size, or (with `embed`) the file itself as a `data:`
/// link, an image shown in place.
fn attachment_html(
    app: AppState,
    attachment: Attachment,
    embed: bool,
) -> impl Stream<Item = Result<String, ApiError>> + Send + 'static {
    async_stream::try_stream! {
        let name = escape(&attachment.filename);
        if !embed {
            yield format!("<li>{name} ({} bytes)</li>", attachment.size);
            return;
        }
        let (_, _, file) = db_messages::attachment(&app, attachment.id)
            .await?
            .ok_or_else(|| ApiError::not_found("No such attachment."))?;
        let image = messages::shows_inline(&attachment.content_type);
        let kind = if image {
            attachment.content_type.as_str()
        } else {
            "application/octet-stream"
        };
        yield if image {
            format!("<li><figure><img alt=\"{name}\" src=\"data:{kind};base64,")
        } else {
            format!("<li><a download=\"{name}\" href=\"data:{kind};base64,")
        };
        for await piece in file_base64(app.config.files().join(file)) {
            yield piece?;
        }
        yield if image {
            format!("\"><figcaption>{name} ({} bytes)</figcaption></figure></li>", attachment.size)
        } else {
            format!("\">{name}</a> ({} bytes)</li>", attachment.size)
        };
    }
}

/// A message's header lines and body, up to where its files go.
fn message_head(message: &Message) -> String {
    let (class, label) = match (message.kind, message.direction) {
        (MessageKind::Note, _) => ("note", "Internal note"),
        (_, Direction::Inbound) => ("in", "Customer"),
        (_, Direction::Outbound) => ("out", "Agent"),
    };
    let mut head = format!(
        "<dt>{label}</dt><dd>{}</dd><dt>Date</dt><dd>{}</dd>",
        person(&message.from),
        utc(message.sent_at)
    );
    for (name, list) in [
        ("To", &message.to),
        ("Cc", &message.cc),
        ("Bcc", &message.bcc),
    ] {
        if !list.is_empty() {
            head.push_str(&format!("<dt>{name}</dt><dd>{}</dd>", people(list)));
        }
    }
    if let Some(subject) = &message.subject {
        head.push_str(&format!("<dt>Subject</dt><dd>{}</dd>", escape(subject)));
    }
    format!(
        "<article class=\"{class}\"><dl>{head}</dl><div class=\"body\">{}</div>",
        escape(&message.text.whole())
    )
}

/// Interaction `id`'s whole thread as one HTML document (its files inside it, with
/// `attachments`), as a stream of pieces. Whether the interaction exists is known before the
/// first piece.
pub async fn transcript(
    app: &AppState,
    id: i64,
    attachments: bool,
) -> Result<impl Stream<Item = Result<String, ApiError>> + Send + 'static, ApiError> {
    let summary = summaries::summary(app, id).await?;
    let count = db_messages::count_of(app, id).await?;
    let title = format!(
        "Interaction #{id} — {}",
        summary.subject.as_deref().unwrap_or(&summary.customer.name)
    );
    let head = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\
         <title>{title}</title><style>\
         body{{font:14px/1.5 system-ui,sans-serif;color:#1b2333;max-width:860px;margin:24px auto;padding:0 16px}}\
         article{{border:1px solid #d9dee8;border-left:4px solid #1f5eff;border-radius:6px;padding:12px 16px;margin:12px 0;break-inside:avoid}}\
         article.in{{border-left-color:#5d6778}} article.note{{border-left-color:#b26a00;background:#fff8e6}}\
         dl{{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0 0 8px;color:#5d6778}}\
         dt{{font-weight:600}} dd{{margin:0}} .body{{white-space:pre-wrap}} img{{max-width:100%}} figure{{margin:0}}\
         </style></head><body><h1>{title}</h1>\
         <p>Customer: {} · Queue: {} · Case {} · {count} messages · exported {}</p>",
        escape(&summary.customer.name),
        escape(&summary.queue_name),
        escape(&summary.case_number),
        utc(crate::clock::now_ms()),
        title = escape(&title),
    );
    let app = app.clone();
    Ok(async_stream::try_stream! {
        yield head;
        let mut after = None;
        loop {
            let page = messages::oldest_after(&app, id, after, MESSAGES_AT_ONCE).await?;
            let Some(last) = page.last() else { break };
            after = Some((last.sent_at, last.id));
            for message in page {
                yield message_head(&message);
                if !message.attachments.is_empty() {
                    yield "<ul class=\"files\">".to_owned();
                    for attachment in message.attachments {
                        for await piece in attachment_html(app.clone(), attachment, attachments) {
                            yield piece?;
                        }
                    }
                    yield "</ul>".to_owned();
                }
                yield "</article>".to_owned();
            }
        }
        yield "</body></html>".to_owned();
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_calendar_dates() {
        assert_eq!(utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc(1_795_162_500_000), "2026-11-20 08:15 UTC");
        assert_eq!(utc(951_782_400_000), "2000-02-29 00:00 UTC");
    }
}
