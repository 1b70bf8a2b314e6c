//! The demo's customer mail as Outlook, Gmail and Apple Mail write it: their MIME trees,
//! boundaries and headers, their HTML (Word's `MsoNormal` paragraphs, Gmail's `gmail_quote`,
//! Apple's `blockquote type="cite"`), their ways of quoting the message answered, and inline
//! images by `cid:`. The bytes go through the same ingestion as any gateway's.

use base64::Engine;

use crate::{clock::civil, text::markdown::escape};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mailer {
    Outlook,
    Gmail,
    AppleMail,
}

/// A file in the mail: shown in the body when it has a `cid`, attached otherwise.
pub struct File {
    pub name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
    pub cid: Option<String>,
}

/// The message answered, as the mailer quotes it under the new text.
pub struct Quoted {
    pub from_name: String,
    pub from: String,
    pub date_ms: i64,
    pub subject: String,
    pub text: String,
}

pub struct Mail {
    pub mailer: Mailer,
    pub from_name: String,
    pub from: String,
    pub to: String,
    pub subject: String,
    pub message_id: String,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    pub date_ms: i64,
    /// Paragraphs separated by blank lines.
    pub text: String,
    pub quoted: Option<Quoted>,
    pub files: Vec<File>,
    /// Arabic and Hebrew: the HTML runs right to left.
    pub rtl: bool,
    /// "de" gives Outlook's German header labels (Von, Gesendet, An, Betreff).
    pub language: &'static str,
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `Tue, 01 Dec 2026 09:05:00 +0000`.
pub fn rfc2822(ms: i64) -> String {
    let c = civil(ms);
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} +0000",
        WEEKDAYS[c.weekday],
        c.day,
        MONTHS[c.month - 1],
        c.year,
        c.hour,
        c.minute,
        c.second
    )
}

/// `1 Dec 2026, at 09:05` (Apple), `Tue, 1 Dec 2026 at 09:05` (Gmail).
fn spoken(ms: i64, mailer: Mailer) -> String {
    let c = civil(ms);
    let month = MONTHS[c.month - 1];
    match mailer {
        Mailer::AppleMail => format!(
            "{} {month} {}, at {:02}:{:02}",
            c.day, c.year, c.hour, c.minute
        ),
        _ => format!(
            "{}, {} {month} {} at {:02}:{:02}",
            WEEKDAYS[c.weekday], c.day, c.year, c.hour, c.minute
        ),
    }
}

/// A header value as an RFC 2047 encoded word when it is not plain ASCII.
fn encoded(value: &str) -> String {
    if value.is_ascii() {
        return value.to_owned();
    }
    // Whole characters, at most 45 bytes a word (60 once encoded).
    let mut words = Vec::new();
    let mut word = String::new();
    for c in value.chars() {
        if word.len() + c.len_utf8() > 45 {
            words.push(std::mem::take(&mut word));
        }
        word.push(c);
    }
    words.push(word);
    words
        .iter()
        .map(|w| {
            format!(
                "=?UTF-8?B?{}?=",
                base64::engine::general_purpose::STANDARD.encode(w)
            )
        })
        .collect::<Vec<_>>()
        .join("\r\n ")
}

fn base64_lines(bytes: &[u8]) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    encoded
        .as_bytes()
        .chunks(76)
        .map(|line| String::from_utf8_lossy(line).into_owned())
        .collect::<Vec<_>>()
        .join("\r\n")
}

/// Quoted-printable, as Gmail and Apple Mail send text: soft breaks before 76 columns.
fn quoted_printable(text: &str) -> String {
    let mut out = String::new();
    for line in text.split('\n') {
        let mut column = 0;
        for byte in line.trim_end_matches('\r').bytes() {
            let piece = match byte {
                b'=' => "=3D".to_owned(),
                b' '..=b'~' => (byte as char).to_string(),
                _ => format!("={byte:02X}"),
            };
            if column + piece.len() > 75 {
                out.push_str("=\r\n");
                column = 0;
            }
            column += piece.len();
            out.push_str(&piece);
        }
        out.push_str("\r\n");
    }
    out
}

fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| escape(p.trim()).replace('\n', "<br>"))
        .filter(|p| !p.is_empty())
        .collect()
}

/// The plain-text part: the new text, then the answered message as this mailer quotes it.
fn plain(mail: &Mail) -> String {
    let mut text = mail.text.trim().to_owned();
    if let Some(q) = &mail.quoted {
        let when = spoken(q.date_ms, mail.mailer);
        let cited: String = q.text.lines().map(|l| format!("> {l}\n")).collect();
        text.push_str(&match mail.mailer {
            Mailer::Gmail => format!(
                "\n\nOn {when}, {} <{}> wrote:\n\n{cited}",
                q.from_name, q.from
            ),
            Mailer::AppleMail => format!(
                "\n\n> On {when}, {} <{}> wrote:\n> \n{cited}",
                q.from_name, q.from
            ),
            Mailer::Outlook => {
                let [from, sent, to, subject] = outlook_labels(mail.language);
                format!(
                    "\n\n{from}: {} <{}>\n{sent}: {}\n{to}: {}\n{subject}: {}\n\n{}\n",
                    q.from_name,
                    q.from,
                    rfc2822(q.date_ms),
                    mail.from,
                    q.subject,
                    q.text
                )
            }
        });
    }
    text
}

fn outlook_labels(language: &str) -> [&'static str; 4] {
    match language {
        "de" => ["Von", "Gesendet", "An", "Betreff"],
        _ => ["From", "Sent", "To", "Subject"],
    }
}

fn images(mail: &Mail) -> String {
    mail.files
        .iter()
        .filter_map(|file| {
            let cid = file.cid.as_ref()?;
            let name = escape(&file.name);
            Some(match mail.mailer {
                Mailer::Outlook => format!(
                    "<p class=\"MsoNormal\"><img width=\"160\" height=\"120\" style=\"width:1.6666in;height:1.25in\" id=\"{name}\" src=\"cid:{cid}\" alt=\"{name}\"><o:p></o:p></p>"
                ),
                Mailer::Gmail => format!(
                    "<div><img src=\"cid:{cid}\" alt=\"{name}\" width=\"160\" height=\"120\"><br></div>"
                ),
                Mailer::AppleMail => format!(
                    "<div><img apple-inline=\"yes\" id=\"{cid}\" width=\"160\" height=\"120\" src=\"cid:{cid}\"></div>"
                ),
            })
        })
        .collect()
}

/// The HTML part, in the mailer's own markup.
fn html(mail: &Mail) -> String {
    let dir = if mail.rtl { " dir=\"rtl\"" } else { "" };
    let fresh = paragraphs(&mail.text);
    let quoted = mail.quoted.as_ref();
    match mail.mailer {
        Mailer::Gmail => {
            let body: String = fresh
                .iter()
                .map(|p| format!("<div>{p}</div><div><br></div>"))
                .collect();
            let quote = quoted.map_or(String::new(), |q| {
                let cited: String = paragraphs(&q.text).iter().map(|p| format!("<div>{p}</div>")).collect();
                format!(
                    "<br><div class=\"gmail_quote gmail_quote_container\"><div dir=\"ltr\" class=\"gmail_attr\">On {when}, {name} &lt;<a href=\"mailto:{from}\">{from}</a>&gt; wrote:<br></div>\
                     <blockquote class=\"gmail_quote\" style=\"margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex\">{cited}</blockquote></div>",
                    when = spoken(q.date_ms, Mailer::Gmail),
                    name = escape(&q.from_name),
                    from = escape(&q.from),
                )
            });
            let dir = if mail.rtl { "rtl" } else { "ltr" };
            format!("<div dir=\"{dir}\">{body}{}</div>{quote}\r\n", images(mail))
        }
        Mailer::AppleMail => {
            let body: String = fresh
                .iter()
                .map(|p| format!("<div>{p}</div><div><br></div>"))
                .collect();
            let quote = quoted.map_or(String::new(), |q| format!(
                "<div><br><blockquote type=\"cite\"><div>On {}, {} &lt;{}&gt; wrote:</div><br class=\"Apple-interchange-newline\">{}</blockquote></div>",
                spoken(q.date_ms, Mailer::AppleMail), escape(&q.from_name), escape(&q.from),
                paragraphs(&q.text).iter().map(|p| format!("<div>{p}</div>")).collect::<String>()
            ));
            format!(
                "<html aria-label=\"message body\"><head><meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\"></head>\
                 <body{dir} style=\"overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;\">{body}{}{quote}</body></html>\r\n",
                images(mail)
            )
        }
        Mailer::Outlook => {
            let body: String = fresh
                .iter()
                .map(|p| format!("<p class=\"MsoNormal\">{p}<o:p></o:p></p><p class=\"MsoNormal\"><o:p>&nbsp;</o:p></p>"))
                .collect();
            let quote = quoted.map_or(String::new(), |q| {
                let [from, sent, to, subject] = outlook_labels(mail.language);
                format!(
                    "<div><div style=\"border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm\">\
                     <p class=\"MsoNormal\"><b>{from}:</b> {} &lt;{}&gt; <br><b>{sent}:</b> {}<br><b>{to}:</b> {}<br><b>{subject}:</b> {}<o:p></o:p></p></div></div>{}",
                    escape(&q.from_name), escape(&q.from), rfc2822(q.date_ms), escape(&mail.from), escape(&q.subject),
                    paragraphs(&q.text).iter().map(|p| format!("<p class=\"MsoNormal\">{p}<o:p></o:p></p>")).collect::<String>()
                )
            });
            let lang = if mail.language == "de" { "DE" } else { "EN-GB" };
            format!(
                "<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" \
                 xmlns:w=\"urn:schemas-microsoft-com:office:word\" xmlns:m=\"http://schemas.microsoft.com/office/2004/12/omml\" \
                 xmlns=\"http://www.w3.org/TR/REC-html40\"><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\
                 <meta name=\"Generator\" content=\"Microsoft Word 15 (filtered medium)\"><style><!--\r\n\
                 /* Font Definitions */\r\n@font-face {{font-family:\"Cambria Math\"; panose-1:2 4 5 3 5 4 6 3 2 4;}}\r\n\
                 @font-face {{font-family:Calibri; panose-1:2 15 5 2 2 2 4 3 2 4;}}\r\n\
                 p.MsoNormal, li.MsoNormal, div.MsoNormal {{margin:0cm; font-size:11.0pt; font-family:\"Calibri\",sans-serif;}}\r\n\
                 span.EmailStyle17 {{mso-style-type:personal-compose; font-family:\"Calibri\",sans-serif; color:windowtext;}}\r\n\
                 .MsoChpDefault {{mso-style-type:export-only;}}\r\n@page WordSection1 {{size:612.0pt 792.0pt; margin:72.0pt 72.0pt 72.0pt 72.0pt;}}\r\n\
                 div.WordSection1 {{page:WordSection1;}}\r\n--></style></head>\
                 <body lang=\"{lang}\" link=\"#0563C1\" vlink=\"#954F72\" style=\"word-wrap:break-word\"><div class=\"WordSection1\"{dir}>{body}{}{quote}</div></body></html>\r\n",
                images(mail)
            )
        }
    }
}

fn boundary(mailer: Mailer, seed: &str, level: u8) -> String {
    let hash = seed.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    match mailer {
        Mailer::Gmail => format!("000000000000{:012x}{level}", hash & 0xffff_ffff_ffff),
        Mailer::Outlook => format!("_00{level}_DB9PR07MB{:08X}EURP_", hash as u32),
        Mailer::AppleMail => format!(
            "Apple-Mail={level}_{:08X}-{:04X}-4C2E-9D0B-{:012X}",
            hash as u32,
            (hash >> 32) as u16,
            hash >> 16 & 0xffff_ffff_ffff
        ),
    }
}

fn text_part(mailer: Mailer, content_type: &str, body: &str) -> String {
    match mailer {
        Mailer::Outlook => format!(
            "Content-Type: {content_type}; charset=\"utf-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
            base64_lines(body.as_bytes())
        ),
        _ => format!(
            "Content-Type: {content_type}; charset=\"UTF-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{}",
            quoted_printable(body)
        ),
    }
}

fn file_part(file: &File) -> String {
    let disposition = if file.cid.is_some() {
        "inline"
    } else {
        "attachment"
    };
    let cid = file
        .cid
        .as_ref()
        .map_or(String::new(), |cid| format!("Content-ID: <{cid}>\r\n"));
    format!(
        "Content-Type: {}; name=\"{}\"\r\nContent-Disposition: {disposition}; filename=\"{1}\"\r\n{cid}\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n",
        file.content_type,
        file.name,
        base64_lines(&file.bytes)
    )
}

/// A multipart of `kind` holding `parts`; returns its header lines and body.
fn multipart(kind: &str, boundary: &str, parts: &[String]) -> String {
    let mut out = format!("Content-Type: multipart/{kind}; boundary=\"{boundary}\"\r\n\r\n");
    for part in parts {
        out.push_str(&format!("--{boundary}\r\n{part}\r\n"));
    }
    out.push_str(&format!("--{boundary}--\r\n"));
    out
}

/// The whole message as the mailer would hand it to its server.
pub fn render(mail: &Mail) -> Vec<u8> {
    let seed = &mail.message_id;
    let text = text_part(mail.mailer, "text/plain", &plain(mail));
    let html = text_part(mail.mailer, "text/html", &html(mail));
    let inline: Vec<String> = mail
        .files
        .iter()
        .filter(|f| f.cid.is_some())
        .map(file_part)
        .collect();
    let attached: Vec<String> = mail
        .files
        .iter()
        .filter(|f| f.cid.is_none())
        .map(file_part)
        .collect();
    let mut body = if inline.is_empty() {
        multipart(
            "alternative",
            &boundary(mail.mailer, seed, 1),
            &[text, html],
        )
    } else if mail.mailer == Mailer::AppleMail {
        // Apple Mail relates the images to the HTML inside the alternative.
        let related = multipart(
            "related",
            &boundary(mail.mailer, seed, 2),
            &[[html].as_slice(), &inline].concat(),
        );
        multipart(
            "alternative",
            &boundary(mail.mailer, seed, 1),
            &[text, related],
        )
    } else {
        let alternative = multipart(
            "alternative",
            &boundary(mail.mailer, seed, 1),
            &[text, html],
        );
        multipart(
            "related",
            &boundary(mail.mailer, seed, 2),
            &[[alternative].as_slice(), &inline].concat(),
        )
    };
    if !attached.is_empty() {
        body = multipart(
            "mixed",
            &boundary(mail.mailer, seed, 3),
            &[[body].as_slice(), &attached].concat(),
        );
    }
    let mut head = format!(
        "From: {} <{}>\r\nTo: {}\r\nSubject: {}\r\nDate: {}\r\nMessage-ID: <{}>\r\n",
        encoded(&mail.from_name),
        mail.from,
        mail.to,
        encoded(&mail.subject),
        rfc2822(mail.date_ms),
        mail.message_id
    );
    if let Some(parent) = &mail.in_reply_to {
        head.push_str(&format!("In-Reply-To: <{parent}>\r\n"));
    }
    if !mail.references.is_empty() {
        let list: Vec<String> = mail.references.iter().map(|r| format!("<{r}>")).collect();
        head.push_str(&format!("References: {}\r\n", list.join("\r\n ")));
    }
    head.push_str(match mail.mailer {
        Mailer::Gmail => "MIME-Version: 1.0\r\n",
        Mailer::Outlook => "MIME-Version: 1.0\r\nX-MS-Has-Attach: yes\r\nX-MS-TNEF-Correlator:\r\nmsip_labels:\r\n",
        Mailer::AppleMail => "Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3826.300.87.4.3\\))\r\nX-Mailer: Apple Mail (2.3826.300.87.4.3)\r\n",
    });
    if mail.mailer == Mailer::Outlook {
        head.push_str(&format!(
            "Thread-Topic: {}\r\nContent-Language: {}\r\n",
            encoded(&mail.subject),
            if mail.language == "de" {
                "de-DE"
            } else {
                "en-GB"
            }
        ));
    }
    format!("{head}{body}").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::email::mail_ingest;

    fn mail(mailer: Mailer) -> Mail {
        Mail {
            mailer,
            from_name: "Jürgen Müller".into(),
            from: "j.mueller@example.de".into(),
            to: "support@omni-desk.test".into(),
            subject: "Rechnung doppelt abgebucht – bitte prüfen".into(),
            message_id: format!("{mailer:?}-1@example.de"),
            in_reply_to: Some("reply-1@omni-desk.test".into()),
            references: vec!["first@example.de".into(), "reply-1@omni-desk.test".into()],
            date_ms: 1_796_112_000_000,
            text: "Guten Tag,\n\ndie Rechnung wurde zweimal abgebucht.\n\nViele Grüße".into(),
            quoted: Some(Quoted {
                from_name: "Omni Billing".into(),
                from: "billing@omni-desk.test".into(),
                date_ms: 1_796_100_000_000,
                subject: "Re: Rechnung".into(),
                text: "Wir prüfen das.".into(),
            }),
            files: vec![
                File {
                    name: "logo.png".into(),
                    content_type: "image/png",
                    bytes: crate::demo::png::logo([0, 90, 160]),
                    cid: Some("image001.png@01DB4A2C".into()),
                },
                File {
                    name: "Rechnung.pdf".into(),
                    content_type: "application/pdf",
                    bytes: b"%PDF-1.4 demo".to_vec(),
                    cid: None,
                },
            ],
            rtl: false,
            language: "de",
        }
    }

    #[test]
    fn each_mailers_message_reads_back_with_its_text_quote_image_and_file() {
        for mailer in [Mailer::Outlook, Mailer::Gmail, Mailer::AppleMail] {
            let raw = render(&mail(mailer));
            let parsed =
                mail_ingest::parse(&raw).unwrap_or_else(|| panic!("{mailer:?} unreadable"));
            assert_eq!(parsed.from.name.as_deref(), Some("Jürgen Müller"));
            assert_eq!(
                parsed.subject.as_deref(),
                Some("Rechnung doppelt abgebucht – bitte prüfen")
            );
            assert!(
                parsed.body_text.contains("zweimal abgebucht"),
                "{mailer:?}: {}",
                parsed.body_text
            );
            assert!(
                parsed.body_text.contains("Wir prüfen das."),
                "{mailer:?} quotes"
            );
            let html = parsed.body_html.unwrap_or_default();
            assert!(html.contains("cid:image001.png@01DB4A2C"), "{mailer:?}");
            assert_eq!(parsed.attachments.len(), 2, "{mailer:?}");
            assert_eq!(
                parsed.in_reply_to.as_deref(),
                Some("reply-1@omni-desk.test")
            );
            assert!(parsed.sent_at == Some(1_796_112_000_000));
        }
    }

    #[test]
    fn dates_are_written_as_mailers_write_them() {
        assert_eq!(rfc2822(0), "Thu, 01 Jan 1970 00:00:00 +0000");
        assert_eq!(
            rfc2822(1_796_112_300_000),
            "Tue, 01 Dec 2026 08:05:00 +0000"
        );
    }
}
