//! A large, varied database for the search bench: interactions with several messages each,
//! customers from many countries, subjects and bodies drawn from a vocabulary.

use anyhow::Result;

use crate::Server;

/// The most frequent words of subjects and bodies (some with diacritics, some in other
/// scripts); below them come [`RARE_WORDS`] made-up words, drawn less often the further
/// down they rank (Zipf's law, as in real text).
pub const VOCABULARY: [&str; 48] = [
    "order",
    "refund",
    "invoice",
    "delivery",
    "parcel",
    "broken",
    "missing",
    "payment",
    "account",
    "password",
    "subscription",
    "cancel",
    "upgrade",
    "warranty",
    "return",
    "exchange",
    "shipping",
    "address",
    "discount",
    "voucher",
    "complaint",
    "damaged",
    "late",
    "tracking",
    "receipt",
    "charge",
    "double",
    "contract",
    "renewal",
    "modem",
    "router",
    "install",
    "appointment",
    "technician",
    "outage",
    "bill",
    "tariff",
    "roaming",
    "café",
    "naïve",
    "façade",
    "größe",
    "señal",
    "prix",
    "配送",
    "請求書",
    "доставка",
    "счёт",
];

const FIRST: [&str; 10] = [
    "Maria", "Jürgen", "Ana", "Søren", "Émilie", "Li", "Olga", "Kwame", "Aarav", "Chloé",
];
const LAST: [&str; 10] = [
    "Rossi", "Müller", "López", "Nielsen", "Dubois", "Wei", "Ivanova", "Mensah", "Sharma", "Martin",
];

/// How many made-up words rank below the common ones.
pub const RARE_WORDS: usize = 20_000;

/// The made-up word of rank `n` (0-based, below the common ones): two to four syllables.
pub fn rare_word(n: usize) -> String {
    const SYLLABLES: [&str; 24] = [
        "ka", "lo", "mi", "ne", "pu", "ra", "si", "to", "va", "ze", "bri", "dro", "fen", "gal",
        "hu", "jor", "kel", "lum", "mor", "nix", "pel", "qua", "rin", "sto",
    ];
    let mut word = String::new();
    let mut rest = n + 24 * 24;
    while rest > 0 {
        word.push_str(SYLLABLES[rest % 24]);
        rest /= 24;
    }
    word
}

/// A small deterministic generator (the bench data is the same every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % below as u64) as usize
    }

    /// A word by Zipf's law over the common words and then the made-up ones.
    fn word(&mut self, cumulative: &[f64]) -> String {
        let total = cumulative[cumulative.len() - 1];
        let at = self.next(1 << 30) as f64 / f64::from(1u32 << 30) * total;
        let rank = cumulative.partition_point(|c| *c < at);
        match VOCABULARY.get(rank) {
            Some(word) => (*word).to_owned(),
            None => rare_word(rank - VOCABULARY.len()),
        }
    }

    fn words(&mut self, count: usize, cumulative: &[f64]) -> String {
        (0..count)
            .map(|_| self.word(cumulative))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl Server {
    /// `interactions` email interactions of 1,000 customers, `messages_each` messages each,
    /// arriving a minute apart from 2023-11-14 on; a third queued, the rest closed.
    pub async fn seed_search(&self, interactions: usize, messages_each: usize) -> Result<()> {
        let url = format!("sqlite://{}", self.database.display());
        let pool = sqlx::SqlitePool::connect(&url).await?;
        let mut tx = pool.begin().await?;
        let mut random = Lcg(7);
        let mut sum = 0.0;
        let cumulative: Vec<f64> = (1..=VOCABULARY.len() + RARE_WORDS)
            .map(|rank| {
                sum += 1.0 / rank as f64;
                sum
            })
            .collect();
        let mut customers = Vec::new();
        for n in 0..1_000 {
            let (first, last) = (FIRST[n % 10], LAST[(n / 10) % 10]);
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO customers (first_name, last_name, created_at, updated_at) \
                 VALUES (?, ?, 0, 0) RETURNING id",
            )
            .bind(first)
            .bind(last)
            .fetch_one(&mut *tx)
            .await?;
            let email = format!("customer{n}@example.com");
            sqlx::query(
                "INSERT INTO customer_emails (address, customer_id, position) VALUES (?, ?, 0)",
            )
            .bind(&email)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            customers.push((id, email));
        }
        let from = r#"{"name":"Customer","address":"customer@example.com"}"#;
        for n in 0..interactions as i64 {
            let state = if n % 3 == 0 { "queued" } else { "closed" };
            let at = 1_700_000_000_000 + n * 60_000;
            let subject = format!("{} {n}", random.words(3, &cumulative));
            let customer = &customers[random.next(customers.len())];
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO interactions (queue_id, channel, customer_id, contact_address, subject, \
                 first_message, state, created_at, closed_at, last_message_at, last_message_direction, \
                 last_message_preview) \
                 VALUES (1, 'email', ?, ?, ?, 'Hello', ?, ?, ?, ?, 'inbound', 'Hello') RETURNING id",
            )
            .bind(customer.0)
            .bind(&customer.1)
            .bind(&subject)
            .bind(state)
            .bind(at)
            .bind((state == "closed").then_some(at + 2_000))
            .bind(at + 1_000)
            .fetch_one(&mut *tx)
            .await?;
            for m in 0..messages_each as i64 {
                let length = 12 + random.next(20);
                let body = random.words(length, &cumulative);
                sqlx::query(
                    "INSERT INTO messages (interaction_id, direction, kind, from_json, subject, sent_at, body_text, created_at) \
                     VALUES (?, ?, 'email', ?, ?, ?, ?, ?)",
                )
                .bind(id)
                .bind(if m % 2 == 0 { "inbound" } else { "outbound" })
                .bind(from)
                .bind(&subject)
                .bind(at + m * 300)
                .bind(body)
                .bind(at + m * 300)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        sqlx::query("ANALYZE").execute(&pool).await?;
        pool.close().await;
        Ok(())
    }
}
