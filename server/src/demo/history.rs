//! A contact center's recent past for the demo (`OMNI_DEMO_INTERACTIONS`, set by
//! `cargo xtask run`): 67 email interactions across both email queues in every state —
//! waiting, being worked, answered and Pending, closed with one-, two- and three-level
//! dispositions, reopened, continued in a new thread — from customers who write German,
//! Japanese, Arabic, Spanish, French and English with Outlook, Gmail and Apple Mail, with
//! photos, inline logos, attachments, quoted history and internal notes.
//!
//! Customer mail is real MIME through the same ingestion as a gateway's; agents' answers are
//! real outbound MIME, stored as sent. Only the states and times are then set directly.

use omni_protocol::{Direction, EmailAccount, EmailAddress, MessageKind};

use crate::{
    clock::now_ms,
    demo::mime::{self, File, Mail, Mailer, Quoted},
    demo::png,
    demo::stories::{self, TOPICS},
    email::{email_accounts, mail_ingest, outbound},
    error::ApiError,
    work::messages::{self, NewMessage},
    AppState,
};

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

/// How each of every sixteen interactions ends up.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ending {
    Queued,
    Active,
    Pending,
    Closed,
    Spam,
    Reopened,
    Continued,
}

const CYCLE: [Ending; 16] = [
    Ending::Queued,
    Ending::Closed,
    Ending::Pending,
    Ending::Closed,
    Ending::Spam,
    Ending::Queued,
    Ending::Closed,
    Ending::Reopened,
    Ending::Closed,
    Ending::Pending,
    Ending::Closed,
    Ending::Continued,
    Ending::Spam,
    Ending::Active,
    Ending::Closed,
    Ending::Queued,
];

/// Story `story`'s ending: the cycle shifted for each round of customers, so every customer
/// meets several endings.
fn ending_of(story: usize) -> Ending {
    CYCLE[(story + story / 8 * 3) % CYCLE.len()]
}

/// How many interactions the demo starts with besides those a continued one opens.
const STORIES: usize = 64;

/// (language, mailer) of each demo customer, in the order `seed` creates them.
const WRITERS: [(&str, Mailer); 8] = [
    ("en", Mailer::Gmail),
    ("en", Mailer::Outlook),
    ("ja", Mailer::Gmail),
    ("de", Mailer::Outlook),
    ("ar", Mailer::AppleMail),
    ("es", Mailer::Gmail),
    ("fr", Mailer::AppleMail),
    ("en", Mailer::Outlook),
];

struct Customer {
    name: String,
    email: String,
}

struct Desk {
    customers: Vec<Customer>,
    agents: Vec<i64>,
    support: (i64, EmailAccount),
    billing: (i64, EmailAccount),
}

async fn desk(app: &AppState) -> Result<Desk, ApiError> {
    let customers: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT c.first_name, c.last_name, e.address FROM customers c \
         JOIN customer_emails e ON e.customer_id = c.id AND e.position = 0 ORDER BY c.id LIMIT 8",
    )
    .fetch_all(&app.db)
    .await?;
    let agents: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM agents WHERE role = 'agent' ORDER BY id LIMIT 3")
            .fetch_all(&app.db)
            .await?;
    let queue = |name: &'static str| async move {
        let id: i64 = sqlx::query_scalar("SELECT id FROM queues WHERE name = ?")
            .bind(name)
            .fetch_one(&app.db)
            .await?;
        let account = email_accounts::of_queue(app, id)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| ApiError::internal(format!("{name} has no email account")))?;
        Ok::<_, ApiError>((id, account))
    };
    if customers.len() < 8 || agents.is_empty() {
        return Err(ApiError::internal(
            "the demo history needs the demo agents and customers",
        ));
    }
    Ok(Desk {
        customers: customers
            .into_iter()
            .map(|(first, last, email)| Customer {
                name: format!("{first} {last}"),
                email,
            })
            .collect(),
        agents,
        support: queue("Support Email").await?,
        billing: queue("Billing Email").await?,
    })
}

/// The last message of a conversation, for the next one to answer and quote.
struct Last {
    message_id: String,
    references: Vec<String>,
    from_name: String,
    from: String,
    text: String,
    at: i64,
}

/// The files a customer's first mail carries: Maria's photos of the broken plates, the
/// inline signature logos of Outlook writers, a PDF with billing questions.
fn files(customer: usize, topic: usize, mailer: Mailer, story: usize) -> Vec<File> {
    let mut files = Vec::new();
    if topic == 0 {
        files.push(File {
            name: "IMG_2041.png".into(),
            content_type: "image/png",
            bytes: png::photo(story as u32),
            cid: Some(format!("ii_m{story}a")),
        });
        files.push(File {
            name: "IMG_2042.png".into(),
            content_type: "image/png",
            bytes: png::photo(story as u32 + 17),
            cid: None,
        });
        files.push(File {
            name: "parcel.png".into(),
            content_type: "image/png",
            bytes: png::photo(story as u32 + 29),
            cid: None,
        });
    }
    if mailer == Mailer::Outlook {
        let colour = [[0, 90, 160], [190, 40, 40], [20, 120, 60]][customer % 3];
        files.push(File {
            name: "image001.png".into(),
            content_type: "image/png",
            bytes: png::logo(colour),
            cid: Some(format!("image001.png@01DB{story:04X}.5E8F1A40")),
        });
    }
    if TOPICS[topic].billing && topic != 5 {
        let pdf = format!("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%% statement {story}\n%%EOF\n");
        files.push(File {
            name: "statement-november.pdf".into(),
            content_type: "application/pdf",
            bytes: pdf.into_bytes(),
            cid: None,
        });
    }
    files
}

/// A customer's mail arrives: through the gateway's ingestion. Returns its interaction.
async fn customer_writes(app: &AppState, queue: i64, mail: Mail) -> Result<(i64, Last), ApiError> {
    let raw = mime::render(&mail);
    let summary = mail_ingest::ingest(app, Some(queue), &raw).await?;
    let mut references = mail.references.clone();
    references.push(mail.message_id.clone());
    Ok((
        summary.id,
        Last {
            message_id: mail.message_id,
            references,
            from_name: mail.from_name,
            from: mail.from,
            text: mail.text,
            at: mail.date_ms,
        },
    ))
}

/// Who answers a conversation, from which account, under which subject.
struct Answering<'a> {
    interaction: i64,
    agent: i64,
    account: &'a EmailAccount,
    subject: &'a str,
}

/// `who`'s reply to `answered`, quoting it as their mailer does (its text is the caller's).
fn customer_reply(
    who: &Customer,
    writer: (&'static str, Mailer),
    to: &EmailAccount,
    subject: &str,
    message_id: String,
    answered: &Last,
    at: i64,
) -> Mail {
    let (language, mailer) = writer;
    Mail {
        mailer,
        from_name: who.name.clone(),
        from: who.email.clone(),
        to: to.address.clone(),
        subject: subject.to_owned(),
        message_id,
        in_reply_to: Some(answered.message_id.clone()),
        references: answered.references.clone(),
        date_ms: at,
        text: String::new(),
        quoted: Some(Quoted {
            from_name: answered.from_name.clone(),
            from: answered.from.clone(),
            date_ms: answered.at,
            subject: subject.to_owned(),
            text: answered.text.clone(),
        }),
        files: vec![],
        rtl: language == "ar",
        language,
    }
}

/// An agent's answer to `to`, built as real MIME and stored as delivered at `at`.
async fn agent_answers(
    app: &AppState,
    answering: &Answering<'_>,
    to: &Last,
    text: &str,
    at: i64,
) -> Result<Last, ApiError> {
    let Answering {
        interaction,
        agent,
        account,
        subject,
    } = *answering;
    let recipients = [to.from.clone()];
    let html = crate::text::markdown::email_document(&crate::text::markdown::to_html(text));
    let built = outbound::build(&outbound::Draft {
        from: account,
        to: &recipients,
        cc: &[],
        bcc: &[],
        subject,
        text,
        html: Some(&html),
        files: &[],
        in_reply_to: Some(&to.message_id),
        references: &to.references,
    })?;
    let id = messages::insert(
        app,
        NewMessage {
            author_agent_id: Some(agent),
            to: vec![EmailAddress {
                name: Some(to.from_name.clone()),
                address: to.from.clone(),
            }],
            subject: Some(subject.to_owned()),
            message_id: Some(built.message_id.clone()),
            in_reply_to: Some(to.message_id.clone()),
            sent_at: at,
            body_html: Some(html),
            raw: Some(built.kept),
            account_id: Some(account.id),
            ..NewMessage::new(
                interaction,
                Direction::Outbound,
                MessageKind::Email,
                outbound::sender(account),
                text.to_owned(),
            )
        },
    )
    .await?;
    sqlx::query("UPDATE messages SET delivered_at = ? WHERE id = ?")
        .bind(at)
        .bind(id)
        .execute(&app.db)
        .await?;
    let mut references = to.references.clone();
    references.push(built.message_id.clone());
    Ok(Last {
        message_id: built.message_id,
        references,
        from_name: account.name.clone(),
        from: account.address.clone(),
        text: text.to_owned(),
        at,
    })
}

async fn disposition(app: &AppState, label: &str) -> Result<i64, ApiError> {
    sqlx::query_scalar("SELECT id FROM dispositions WHERE label = ? ORDER BY id LIMIT 1")
        .bind(label)
        .fetch_one(&app.db)
        .await
        .map_err(ApiError::from)
}

/// Seeds the history into a database without interactions; returns how many it created.
pub async fn seed_history(app: &AppState) -> Result<usize, ApiError> {
    let existing: i64 = sqlx::query_scalar("SELECT count(*) FROM interactions")
        .fetch_one(&app.db)
        .await?;
    if existing > 0 {
        return Ok(0);
    }
    let desk = desk(app).await?;
    let now = now_ms();
    for story in 0..STORIES {
        tell_story(app, &desk, story, now).await?;
    }
    let created: i64 = sqlx::query_scalar("SELECT count(*) FROM interactions")
        .fetch_one(&app.db)
        .await?;
    Ok(created as usize)
}

async fn tell_story(app: &AppState, desk: &Desk, story: usize, now: i64) -> Result<(), ApiError> {
    let ending = ending_of(story);
    let customer = story % 8;
    let topic = (story / 8 + customer) % 8;
    let (language, mailer) = WRITERS[customer];
    let agent = desk.agents[story % desk.agents.len()];
    let (queue, account) = if TOPICS[topic].billing && ending != Ending::Spam {
        &desk.billing
    } else {
        &desk.support
    };
    // Waiting mail is recent; the rest spreads over the last four weeks, each story ending
    // (answers, a continuation the next day) before now.
    let start = match ending {
        Ending::Queued => now - (STORIES - story) as i64 * 4 * 60_000,
        _ => now - DAY - (STORIES - story) as i64 * 10 * HOUR,
    };
    let who = &desk.customers[customer];
    let (from_name, from, subject, text) = match ending {
        Ending::Spam => {
            let (name, address, subject, body) = stories::SPAM[story % stories::SPAM.len()];
            (
                name.to_owned(),
                address.to_owned(),
                subject.to_owned(),
                body.to_owned(),
            )
        }
        _ => {
            let (subject, body) = stories::customer_mail(language, topic);
            (
                who.name.clone(),
                who.email.clone(),
                subject.to_owned(),
                body.to_owned(),
            )
        }
    };
    let domain = from
        .rsplit_once('@')
        .map_or("example.com", |(_, d)| d)
        .to_owned();
    let first = Mail {
        mailer: if ending == Ending::Spam {
            Mailer::Gmail
        } else {
            mailer
        },
        from_name,
        from,
        to: account.address.clone(),
        subject: subject.clone(),
        message_id: format!("demo-{story}-0@{domain}"),
        in_reply_to: None,
        references: vec![],
        date_ms: start,
        text,
        quoted: None,
        files: if ending == Ending::Spam {
            vec![]
        } else {
            files(customer, topic, mailer, story)
        },
        rtl: language == "ar",
        language,
    };
    let (id, mut last) = customer_writes(app, *queue, first).await?;
    let reply_subject = format!("Re: {subject}");
    // Every fifth conversation goes back and forth a few times, each mail quoting the last.
    // Mail still waiting for its first answer has none yet.
    let answered = !matches!(ending, Ending::Queued | Ending::Active | Ending::Spam);
    let rounds = if answered && story.is_multiple_of(5) {
        3
    } else {
        1
    };
    let mut at = start;
    for round in 0..rounds {
        let last_round = round + 1 == rounds;
        if !answered && last_round {
            break;
        }
        at += HOUR + (story as i64 % 7) * 600_000;
        let text = if round == 0 {
            TOPICS[topic].answer
        } else {
            stories::agent_follow_up(round - 1)
        };
        let answering = Answering {
            interaction: id,
            agent,
            account,
            subject: &reply_subject,
        };
        let answer = agent_answers(app, &answering, &last, text, at).await?;
        if last_round {
            last = answer;
            break;
        }
        at += 2 * HOUR;
        let reply = Mail {
            text: stories::follow_up(language, round).to_owned(),
            ..customer_reply(
                who,
                (language, mailer),
                account,
                &reply_subject,
                format!("demo-{story}-{}@{domain}", round + 1),
                &answer,
                at,
            )
        };
        let (next, after) = customer_writes(app, *queue, reply).await?;
        debug_assert_eq!(next, id, "a reply joins its thread");
        last = after;
    }
    if answered && story % 4 == 1 {
        note(
            app,
            id,
            agent,
            stories::NOTES[story % stories::NOTES.len()],
            at + 600_000,
        )
        .await?;
    }
    end_as(app, desk, story, id, agent, ending, start, &last).await
}

async fn note(app: &AppState, id: i64, agent: i64, text: &str, at: i64) -> Result<(), ApiError> {
    let author: String = sqlx::query_scalar("SELECT display_name FROM agents WHERE id = ?")
        .bind(agent)
        .fetch_one(&app.db)
        .await?;
    messages::insert(
        app,
        NewMessage {
            sent_at: at,
            ..NewMessage::note(id, agent, author, text.to_owned())
        },
    )
    .await?;
    Ok(())
}

/// Puts the interaction in its final state, with its times, read by the team when handled.
#[allow(clippy::too_many_arguments)]
async fn end_as(
    app: &AppState,
    desk: &Desk,
    story: usize,
    id: i64,
    agent: i64,
    ending: Ending,
    start: i64,
    last: &Last,
) -> Result<(), ApiError> {
    let accepted = start + 20 * 60_000;
    let closed = last.at + HOUR;
    let topic = (story / 8 + story % 8) % 8;
    let leaf = match ending {
        Ending::Spam => Some(disposition(app, "Spam").await?),
        Ending::Closed | Ending::Reopened | Ending::Continued => {
            // Two and three levels deep, alternating.
            let label = if story.is_multiple_of(3) {
                "Answered question"
            } else {
                TOPICS[topic].disposition
            };
            Some(disposition(app, label).await?)
        }
        _ => None,
    };
    let (state, agent_id, sub_status, closed_at, reopened_at) = match ending {
        Ending::Queued => ("queued", None, None, None, None),
        Ending::Active => ("active", Some(agent), None, None, None),
        Ending::Pending => (
            "open",
            Some(agent),
            Some(if story.is_multiple_of(2) {
                "Pending"
            } else {
                "Waiting for customer"
            }),
            None,
            None,
        ),
        Ending::Closed | Ending::Spam | Ending::Continued => {
            ("closed", Some(agent), None, Some(closed), None)
        }
        Ending::Reopened => ("open", Some(agent), None, None, Some(closed + 4 * HOUR)),
    };
    sqlx::query(
        "UPDATE interactions SET state = ?, agent_id = ?, sub_status = ?, created_at = ?, \
         accepted_at = CASE WHEN ? IS NULL THEN NULL ELSE ? END, ended_at = ?, closed_at = ?, reopened_at = ?, \
         disposition_id = ?, notes = ?, \
         awaiting_reply_since = CASE WHEN ? IN ('queued', 'active') THEN ? ELSE NULL END WHERE id = ?",
    )
    .bind(state)
    .bind(agent_id)
    .bind(sub_status)
    .bind(start)
    .bind(agent_id)
    .bind(accepted)
    .bind(closed_at)
    .bind(closed_at)
    .bind(reopened_at)
    .bind(leaf)
    .bind(leaf.map(|_| stories::WRAP_UP_NOTES[story % stories::WRAP_UP_NOTES.len()]).unwrap_or_default())
    .bind(state)
    .bind(last.at)
    .bind(id)
    .execute(&app.db)
    .await?;
    if agent_id.is_some() && ending != Ending::Active {
        // The team has read what it handled; new and active mail stays unread.
        for reader in &desk.agents {
            sqlx::query(
                "INSERT OR REPLACE INTO interaction_reads (agent_id, interaction_id, read_through) \
                 SELECT ?, ?, max(id) FROM messages WHERE interaction_id = ?",
            )
            .bind(reader)
            .bind(id)
            .bind(id)
            .execute(&app.db)
            .await?;
        }
    }
    if ending == Ending::Continued {
        // The customer writes again after it closed: a new interaction continues it.
        let (language, mailer) = WRITERS[story % 8];
        let who = &desk.customers[story % 8];
        let (queue, account) = if TOPICS[topic].billing {
            &desk.billing
        } else {
            &desk.support
        };
        let domain = who
            .email
            .rsplit_once('@')
            .map_or("example.com", |(_, d)| d)
            .to_owned();
        let subject = format!("Re: {}", stories::customer_mail(language, topic).0);
        let again = Mail {
            text: stories::follow_up(language, 1).to_owned(),
            ..customer_reply(
                who,
                (language, mailer),
                account,
                &subject,
                format!("demo-{story}-again@{domain}"),
                last,
                closed + 20 * HOUR,
            )
        };
        customer_writes(app, *queue, again).await?;
    }
    Ok(())
}
