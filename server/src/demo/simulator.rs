//! Traffic simulator: inbound emails and chats from the demo customers at a chosen rate, so
//! a person trying the desk sees offers arrive. Off unless `OMNI_SIMULATOR_PER_MINUTE` > 0.

use std::time::Duration;

use omni_protocol::{Channel, InboundRequest};
use rand::{seq::SliceRandom, Rng};

use crate::{email::email_accounts, email::mail_ingest, work::interactions, AppState};

const EMAILS: [(&str, &str); 8] = [
    ("Order #48213 arrived damaged", "Hello,\n\nmy order arrived yesterday but two of the six plates were broken in the box. I attached photos. Can you send replacements?\n\nThanks"),
    ("Question about my last invoice", "Hi, the invoice for October shows two charges for the same subscription. Could you check and refund the duplicate?"),
    ("Cannot reset my password", "Good morning. The reset link you send me expires before I can use it. I tried three times today. What can I do?"),
    ("Change of delivery address", "Dear support team,\n\nwe moved our warehouse. Please deliver all open orders to the new address below from next Monday."),
    ("Warranty claim for the X200 drill", "The drill stopped working after four months. It is still under warranty, how do I send it in?"),
    ("Upgrade to the business plan", "We would like to move our team of 12 to the business plan. What would the price be per seat?"),
    ("Complaint about late delivery", "This is the second time my delivery is a week late. I expected better. Please tell me when it will arrive."),
    ("Request for a copy of my contract", "Could you email me a PDF copy of the contract I signed in March? I need it for our accounts."),
];

const CHATS: [&str; 8] = [
    "Hi! Is the blue version of the jacket back in stock?",
    "Hello, my package says delivered but I don't have it",
    "Can I change the time of my appointment tomorrow?",
    "Hi there, how do I cancel my subscription?",
    "Good evening, the app keeps logging me out",
    "Do you ship to Portugal?",
    "I was charged twice for my order 77120",
    "Hey, is the store on Main Street open on Sunday?",
];

/// People who write in but have no record yet: their offers pop the New Contact form.
const UNKNOWN_SENDERS: [(&str, &str, &str); 3] = [
    (
        "Olivia Grant",
        "olivia.grant@example.com",
        "+1 415 555 0142",
    ),
    (
        "Tomás Herrera",
        "tomas.herrera@example.mx",
        "+52 55 5555 0199",
    ),
    ("Nguyễn Thị Lan", "lan.nguyen@example.vn", "+84 90 555 0123"),
];

/// Creates one inbound contact in a random queue from a random customer: emails arrive as
/// real MIME through the same ingestion as any mail gateway.
pub async fn create_one(app: &AppState) -> Result<(), crate::error::ApiError> {
    let queues: Vec<(i64, String)> = sqlx::query_as("SELECT id, channel FROM queues")
        .fetch_all(&app.db)
        .await?;
    // Known customers (by their main email and phone) and people no record knows yet.
    let mut senders: Vec<(String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT trim(c.first_name || ' ' || c.last_name), \
         (SELECT address FROM customer_emails e WHERE e.customer_id = c.id ORDER BY position LIMIT 1), \
         (SELECT number FROM customer_phones p WHERE p.customer_id = c.id ORDER BY position LIMIT 1) \
         FROM customers c WHERE c.draft = 0",
    )
    .fetch_all(&app.db)
    .await?;
    senders.extend(UNKNOWN_SENDERS.iter().map(|(name, email, phone)| {
        (
            name.to_string(),
            Some(email.to_string()),
            Some(phone.to_string()),
        )
    }));
    let (queue, sender, pick) = {
        let mut rng = rand::thread_rng();
        let (Some(queue), Some(sender)) = (queues.choose(&mut rng), senders.choose(&mut rng))
        else {
            return Ok(());
        };
        (queue.clone(), sender.clone(), rng.gen::<u64>())
    };
    let (name, email, phone) = sender;
    match (Channel::parse(&queue.1), email) {
        (Some(Channel::Email), Some(email)) => {
            let (subject, body) = EMAILS[(pick % EMAILS.len() as u64) as usize];
            let account = email_accounts::of_queue(app, queue.0).await?;
            let ours = account
                .first()
                .map_or("support@omni-desk.test".to_owned(), |a| {
                    format!("\"{}\" <{}>", a.name, a.address)
                });
            // Now and then the customer writes to a colleague and copies the support address.
            let recipients = if pick % 8 == 0 {
                format!("To: \"Paolo Conti\" <paolo.conti@example.com>\r\nCc: {ours}")
            } else {
                format!("To: {ours}")
            };
            let raw = format!(
                "From: \"{name}\" <{email}>\r\n{recipients}\r\nSubject: {subject}\r\n\
                 Message-ID: <sim-{pick:x}@omni-desk.test>\r\nMIME-Version: 1.0\r\n\
                 Content-Type: text/plain; charset=utf-8\r\n\r\n{}\r\n",
                body.replace('\n', "\r\n")
            );
            mail_ingest::ingest(app, Some(queue.0), raw.as_bytes()).await?;
        }
        _ => {
            let request = InboundRequest {
                queue_id: queue.0,
                customer_id: None,
                from_name: Some(name),
                from_address: phone,
                subject: None,
                body: CHATS[(pick % CHATS.len() as u64) as usize].into(),
            };
            interactions::create_inbound(app, &request).await?;
        }
    }
    tracing::debug!(queue = queue.0, "simulated an inbound contact");
    Ok(())
}

pub fn spawn(app: AppState) {
    let rate = app.config.simulator_per_minute;
    if rate <= 0.0 {
        return;
    }
    tokio::spawn(async move {
        loop {
            // Poisson arrivals: exponential gaps with the configured mean.
            let gap = -(60.0 / rate) * (1.0 - rand::thread_rng().gen::<f64>()).ln();
            tokio::time::sleep(Duration::from_secs_f64(gap.clamp(0.2, 3600.0))).await;
            if let Err(error) = create_one(&app).await {
                tracing::warn!(?error, "simulator could not create a contact");
            }
        }
    });
}
