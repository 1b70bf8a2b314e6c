//! Transcript download (PRODUCT B15): one self-contained HTML file of the whole thread that
//! any browser opens offline and prints (or saves as PDF). With attachments, every file is
//! inside it as a `data:` link and images show in place; without, their names are listed.
//!
//! HTML rather than PDF: a PDF writer would need fonts and layout code of its own, while the
//! agent's browser already prints HTML faithfully, and the file stays searchable and small.
//! Bodies go in as escaped text, never as the sender's HTML, so the file runs no script.

use base64::Engine;
use omni_protocol::{Attachment, Direction, EmailAddress, Message, MessageKind};

use crate::{error::ApiError, text::markdown::escape, work::messages, work::summaries, AppState};

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
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let (hour, minute) = (
        (secs.rem_euclid(86_400)) / 3600,
        (secs.rem_euclid(3600)) / 60,
    );
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02} UTC")
}

async fn attachment_html(
    app: &AppState,
    attachment: &Attachment,
    embed: bool,
) -> Result<String, ApiError> {
    let name = escape(&attachment.filename);
    if !embed {
        return Ok(format!("<li>{name} ({} bytes)</li>", attachment.size));
    }
    let file: String = sqlx::query_scalar("SELECT file FROM attachments WHERE id = ?")
        .bind(attachment.id)
        .fetch_one(&app.db)
        .await?;
    let bytes = tokio::fs::read(app.config.files().join(file))
        .await
        .map_err(ApiError::internal)?;
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    let image = messages::shows_inline(&attachment.content_type);
    let kind = if image {
        attachment.content_type.as_str()
    } else {
        "application/octet-stream"
    };
    let link = format!("data:{kind};base64,{encoded}");
    Ok(if image {
        format!("<li><a download=\"{name}\" href=\"{link}\">{name}</a><br><img alt=\"{name}\" src=\"{link}\"></li>")
    } else {
        format!(
            "<li><a download=\"{name}\" href=\"{link}\">{name}</a> ({} bytes)</li>",
            attachment.size
        )
    })
}

async fn message_html(app: &AppState, message: &Message, embed: bool) -> Result<String, ApiError> {
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
    let mut files = String::new();
    for attachment in &message.attachments {
        files.push_str(&attachment_html(app, attachment, embed).await?);
    }
    let files = if files.is_empty() {
        String::new()
    } else {
        format!("<ul class=\"files\">{files}</ul>")
    };
    Ok(format!(
        "<article class=\"{class}\"><dl>{head}</dl><div class=\"body\">{}</div>{files}</article>",
        escape(&message.text.whole())
    ))
}

/// Interaction `id`'s whole thread as one HTML document (its files inside it, with
/// `attachments`).
pub async fn transcript(app: &AppState, id: i64, attachments: bool) -> Result<String, ApiError> {
    let summary = summaries::summary(app, id).await?;
    let thread = messages::thread_of(app, id).await?;
    let mut articles = String::new();
    for message in &thread {
        articles.push_str(&message_html(app, message, attachments).await?);
    }
    let title = format!(
        "Interaction #{id} — {}",
        summary.subject.as_deref().unwrap_or(&summary.customer.name)
    );
    let document = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\
         <title>{title}</title><style>\
         body{{font:14px/1.5 system-ui,sans-serif;color:#1b2333;max-width:860px;margin:24px auto;padding:0 16px}}\
         article{{border:1px solid #d9dee8;border-left:4px solid #1f5eff;border-radius:6px;padding:12px 16px;margin:12px 0;break-inside:avoid}}\
         article.in{{border-left-color:#5d6778}} article.note{{border-left-color:#b26a00;background:#fff8e6}}\
         dl{{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0 0 8px;color:#5d6778}}\
         dt{{font-weight:600}} dd{{margin:0}} .body{{white-space:pre-wrap}} img{{max-width:100%}}\
         </style></head><body><h1>{title}</h1>\
         <p>Customer: {} · Queue: {} · Case {} · {} messages · exported {}</p>{articles}</body></html>",
        escape(&summary.customer.name),
        escape(&summary.queue_name),
        escape(&summary.case_number),
        thread.len(),
        utc(crate::clock::now_ms()),
        title = escape(&title),
    );
    Ok(document)
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
