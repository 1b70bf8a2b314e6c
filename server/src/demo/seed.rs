//! Demo data for an empty database: agents, custom statuses, queues and customers.

use omni_protocol::CustomerInput;

use crate::{
    clock::now_ms, db::customers, error::ApiError, presence::auth::hash_password, AppState,
};

/// Demo logins, printed by `cargo xtask run`: (username, display name, password, role).
pub const DEMO_AGENTS: [(&str, &str, &str, &str); 4] = [
    ("anna", "Anna Keller", "anna-demo", "agent"),
    ("ben", "Ben Ortiz", "ben-demo", "agent"),
    ("chris", "Chris Novak", "chris-demo", "agent"),
    ("sam", "Sam Lindqvist", "sam-demo", "supervisor"),
];

const CUSTOM_STATUSES: [(&str, &str); 3] = [
    ("training", "Training"),
    ("meeting", "Team meeting"),
    ("lunch", "Lunch"),
];

/// (name, channel, acceptance s, post-processing s, disposition mandatory, ring all)
const QUEUES: [(&str, &str, i64, i64, bool, bool); 3] = [
    ("Support Email", "email", 30, 60, false, false),
    ("Billing Email", "email", 30, 45, true, true),
    ("WhatsApp Support", "chat", 20, 30, false, false),
];

/// Sub-statuses besides the default Pending (which the migration adds).
const SUB_STATUSES: [&str; 2] = ["Waiting for customer", "Escalated"];

/// (title, Markdown body): canned answers agents insert with `/`.
const CANNED_ANSWERS: [(&str, &str); 6] = [
    ("Greeting", "Hello,\n\nthank you for contacting us."),
    ("Closing", "If anything else comes up, just reply to this email.\n\nKind regards,"),
    ("Damaged delivery", "We are sorry your order arrived damaged. Please send us a photo of the damaged items and of the parcel; we will ship replacements at no cost as soon as we have them."),
    ("Refund timeline", "Your refund has been approved. It reaches your account within **5 to 7 business days**, depending on your bank."),
    ("Password reset", "To reset your password:\n\n1. Open the sign-in page.\n2. Choose **Forgot password**.\n3. Use the link in the email within 30 minutes."),
    ("Invoice copy", "Please find a copy of your invoice attached. You can also download every invoice from *Account → Billing*."),
];

/// (key, From name, address, queue): the mailboxes of the email queues.
const EMAIL_ACCOUNTS: [(&str, &str, &str, &str); 2] = [
    (
        "SUPPORT",
        "Omni Support",
        "support@omni-desk.test",
        "Support Email",
    ),
    (
        "BILLING",
        "Omni Billing",
        "billing@omni-desk.test",
        "Billing Email",
    ),
];

/// Up to three levels; leaves are what agents choose.
type DispositionSeed = (
    &'static str,
    &'static [(&'static str, &'static [&'static str])],
);
const DISPOSITIONS: [DispositionSeed; 4] = [
    (
        "Resolved",
        &[
            ("Answered question", &[]),
            ("Fixed", &["Configuration", "Replacement sent"]),
        ],
    ),
    (
        "Follow-up needed",
        &[
            ("Callback scheduled", &[]),
            ("Escalated", &["Tier 2", "Billing team"]),
        ],
    ),
    ("Sale", &[("New order", &[]), ("Upgrade", &[])]),
    ("Spam", &[]),
];

/// A demo customer: (first, last, company, emails, phones, primary address, draft), the first
/// eight in the order `history` gives them their stories. The Rossis share their home phone (a chat from it matches two), James Whitfield has two
/// emails, and Hana Dvořák is a draft no pop matches.
type DemoCustomer = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static str,
    bool,
);

const CUSTOMERS: [DemoCustomer; 10] = [
    (
        "Maria",
        "Rossi",
        "Rossi Ceramiche",
        &["maria.rossi@example.com"],
        &["+39 06 1234 5678", "+39 333 123 4567"],
        "Via Appia Nuova 12, 00183 Roma",
        false,
    ),
    (
        "James",
        "Whitfield",
        "Whitfield & Sons",
        &["j.whitfield@example.org", "james@whitfield-sons.example"],
        &["+44 7700 900123"],
        "14 Canal Street, Manchester M1 3HE",
        false,
    ),
    (
        "Aiko",
        "Tanaka",
        "",
        &["aiko.tanaka@example.net"],
        &["+81 90 1234 5678"],
        "東京都渋谷区神南1-2-3",
        false,
    ),
    (
        "Lukas",
        "Brenner",
        "Brenner Logistik",
        &["lukas.brenner@example.de"],
        &["+49 151 2345 6789"],
        "Hafenstraße 8, 20457 Hamburg",
        false,
    ),
    (
        "Fatima",
        "Haddad",
        "",
        &["fatima.haddad@example.com"],
        &["+971 50 123 4567"],
        "",
        false,
    ),
    (
        "Carlos",
        "Mendoza",
        "Mendoza Textiles",
        &["c.mendoza@example.mx"],
        &["+52 55 1234 5678"],
        "Av. Reforma 222, Ciudad de México",
        false,
    ),
    (
        "Sophie",
        "Laurent",
        "",
        &["sophie.laurent@example.fr"],
        &["+33 6 12 34 56 78"],
        "",
        false,
    ),
    (
        "Oluwaseun",
        "Adeyemi",
        "Adeyemi Farms",
        &["seun.adeyemi@example.ng"],
        &["+234 802 123 4567"],
        "",
        false,
    ),
    (
        "Paolo",
        "Rossi",
        "",
        &["paolo.rossi@example.com"],
        &["+39 06 1234 5678"],
        "Via Appia Nuova 12, 00183 Roma",
        false,
    ),
    (
        "Hana",
        "Dvořák",
        "",
        &["hana.dvorak@example.cz"],
        &[],
        "",
        true,
    ),
];

/// Seeds only a database without agents, so restarts keep what people changed.
pub async fn seed_demo(app: &AppState) -> Result<bool, ApiError> {
    let agents: i64 = sqlx::query_scalar("SELECT count(*) FROM agents")
        .fetch_one(&app.db)
        .await?;
    if agents > 0 {
        return Ok(false);
    }
    let mut tx = crate::db::write(&app.db).await?;
    for (username, display_name, password, role) in DEMO_AGENTS {
        let hash = hash_password(password)?;
        // Chris may not reject offers nor edit customers: the desk shows why Reject is
        // disabled, and no Edit. Only Anna and Sam may delete customers.
        sqlx::query(
            "INSERT INTO agents (username, display_name, password_hash, status, status_changed_at, may_reject, \
             signature, role, may_edit_customers, may_delete_customers) \
             VALUES (?, ?, ?, 'working_offline', ?, ?, ?, ?, ?, ?)",
        )
        .bind(username)
        .bind(display_name)
        .bind(hash)
        .bind(now_ms())
        .bind(username != "chris")
        .bind(format!("--\n{display_name}\nOmni Desk customer care"))
        .bind(role)
        .bind(username != "chris")
        .bind(matches!(username, "anna" | "sam"))
        .execute(&mut *tx)
        .await?;
    }
    for (position, (id, label)) in CUSTOM_STATUSES.iter().enumerate() {
        sqlx::query("INSERT INTO custom_statuses (id, label, position) VALUES (?, ?, ?)")
            .bind(id)
            .bind(label)
            .bind(position as i64)
            .execute(&mut *tx)
            .await?;
    }
    for (name, channel, acceptance, post_processing, mandatory, ring_all) in QUEUES {
        sqlx::query(
            "INSERT INTO queues (name, channel, acceptance_seconds, post_processing_seconds, disposition_mandatory, \
             ring_all) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(name)
        .bind(channel)
        .bind(acceptance)
        .bind(post_processing)
        .bind(mandatory)
        .bind(ring_all)
        .execute(&mut *tx)
        .await?;
    }
    for (position, label) in SUB_STATUSES.iter().enumerate() {
        sqlx::query("INSERT INTO sub_statuses (label, position) VALUES (?, ?)")
            .bind(label)
            .bind(position as i64 + 1)
            .execute(&mut *tx)
            .await?;
    }
    for (title, body) in CANNED_ANSWERS {
        sqlx::query("INSERT INTO canned_answers (title, body) VALUES (?, ?)")
            .bind(title)
            .bind(body)
            .execute(&mut *tx)
            .await?;
    }
    for (key, name, address, queue) in EMAIL_ACCOUNTS {
        sqlx::query(
            "INSERT INTO email_accounts (account_key, name, address, queue_id) \
             SELECT ?, ?, ?, id FROM queues WHERE name = ?",
        )
        .bind(key)
        .bind(name)
        .bind(address)
        .bind(queue)
        .execute(&mut *tx)
        .await?;
    }
    // Supervisors watch the queues; offers go to the agents.
    sqlx::query(
        "INSERT INTO queue_members (queue_id, agent_id) SELECT queues.id, agents.id FROM queues, agents \
         WHERE agents.role = 'agent'",
    )
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO agent_capacity (agent_id, channel, max) \
         SELECT id, 'email', 2 FROM agents UNION ALL SELECT id, 'chat', 3 FROM agents",
    )
    .execute(&mut *tx)
    .await?;
    for (position, (label, children)) in DISPOSITIONS.iter().enumerate() {
        let root = insert_disposition(&mut tx, None, label, position).await?;
        for (position, (label, grandchildren)) in children.iter().enumerate() {
            let child = insert_disposition(&mut tx, Some(root), label, position).await?;
            for (position, label) in grandchildren.iter().enumerate() {
                insert_disposition(&mut tx, Some(child), label, position).await?;
            }
        }
    }
    let now = now_ms();
    for (first, last, company, emails, phones, address, draft) in CUSTOMERS {
        let input = CustomerInput {
            first_name: first.into(),
            last_name: last.into(),
            company: company.into(),
            emails: emails.iter().map(|e| e.to_string()).collect(),
            phones: phones.iter().map(|p| p.to_string()).collect(),
            primary_address: address.into(),
            draft,
            ..CustomerInput::default()
        };
        let input = input
            .checked()
            .map_err(|problem| ApiError::internal(problem.sentence))?;
        let id = customers::insert(&mut tx, &input, now).await?;
        let name = format!("{first} {last}");
        customers::write_history(&mut tx, id, None, now, "created", None, Some(&name)).await?;
    }
    tx.commit().await?;
    Ok(true)
}

async fn insert_disposition(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    parent: Option<i64>,
    label: &str,
    position: usize,
) -> Result<i64, ApiError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO dispositions (parent_id, label, position) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(parent)
    .bind(label)
    .bind(position as i64)
    .fetch_one(&mut **tx)
    .await?)
}
