//! Customer records (PRODUCT D1–D4): the screen pop's lookups, create / edit / delete with
//! their permissions and history, tasks, cases, the customer journey, and linking an
//! interaction to its customer. Every change is announced (`customer_changed`, or
//! `customer_deleted`), and the open interactions it touches get their new summary.

use omni_protocol::{
    Customer, CustomerCase, CustomerInput, CustomerPage, CustomerTask, EventBody, HistoryEntry,
    InteractionSummary, TaskRequest,
};
use serde::Deserialize;
use sqlx::SqliteConnection;

use crate::{
    clock::now_ms,
    db::{agents as db_agents, customers},
    error::ApiError,
    work::permissions::{self, Action, Caller},
    work::summaries,
    AppState,
};

/// `GET /customers?email=…`, `?phone=…` or `?q=…&limit=&offset=`.
#[derive(Debug, Default, Deserialize)]
pub struct CustomerQuery {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub q: Option<String>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

const DEFAULT_PAGE: u32 = 25;
const MAX_PAGE: u32 = 100;
const MAX_SUBJECT_CHARS: usize = 200;
const MAX_NOTE_CHARS: usize = 10_000;

/// The customers `query` asks for: by email or phone as a screen pop matches (drafts left
/// out, oldest first), or by text as the Local CRM lists them.
pub async fn find(app: &AppState, query: &CustomerQuery) -> Result<CustomerPage, ApiError> {
    let ids = match (&query.email, &query.phone, &query.q) {
        (Some(email), None, None) => customers::by_email(app, email.trim()).await?,
        (None, Some(phone), None) => {
            let number = omni_protocol::phone::e164(phone)
                .map_err(|problem| ApiError::validation("phone", problem.sentence()))?;
            customers::by_phone(app, &number).await?
        }
        (None, None, text) => {
            let limit = query.limit.unwrap_or(DEFAULT_PAGE);
            if !(1..=MAX_PAGE).contains(&limit) {
                return Err(ApiError::validation(
                    "limit",
                    format!("Ask for 1 to {MAX_PAGE} customers a page."),
                ));
            }
            let text = text.as_deref().unwrap_or_default();
            if text.chars().count() > omni_protocol::customer::MAX_FIELD_CHARS {
                return Err(ApiError::validation("q", "Search for fewer characters."));
            }
            let (ids, total) =
                customers::by_text(app, text, limit, query.offset.unwrap_or(0)).await?;
            let items = customers::load_many(app, &ids).await?;
            return Ok(CustomerPage { items, total });
        }
        _ => {
            return Err(ApiError::validation(
                "q",
                "Look customers up by one of email, phone or q.",
            ))
        }
    };
    let items = customers::load_many(app, &ids).await?;
    Ok(CustomerPage {
        total: items.len() as u64,
        items,
    })
}

pub async fn one(app: &AppState, id: i64) -> Result<Customer, ApiError> {
    customers::load_many(app, &[id])
        .await?
        .pop()
        .ok_or_else(gone)
}

fn gone() -> ApiError {
    ApiError::not_found("This customer no longer exists.")
}

/// Permissions of agent `agent_id` on customer records: (may edit, may delete).
async fn rights(app: &AppState, agent_id: i64) -> Result<(bool, bool), ApiError> {
    let row = db_agents::row(app, agent_id)
        .await?
        .ok_or_else(|| ApiError::not_found("This agent no longer exists."))?;
    Ok((row.may_edit_customers, row.may_delete_customers))
}

fn checked(input: &CustomerInput) -> Result<CustomerInput, ApiError> {
    input
        .checked()
        .map_err(|problem| ApiError::validation(problem.field, problem.sentence))
}

/// 409 naming who has an email of `emails` already, other than customer `except`.
async fn ensure_emails_free(
    conn: &mut SqliteConnection,
    emails: &[String],
    except: Option<i64>,
) -> Result<(), ApiError> {
    for email in emails {
        if let Some((id, name, draft)) = customers::email_owner(conn, email, except).await? {
            let whose = if draft {
                format!(
                    "the draft record {name} ({}); complete that record instead",
                    customers::account_of(id)
                )
            } else {
                format!("{name} ({})", customers::account_of(id))
            };
            let body = omni_protocol::ErrorBody::new(
                omni_protocol::ErrorCode::Conflict,
                format!("{email} is already the email of {whose}."),
            )
            .with_field("emails");
            return Err(ApiError::with_body(http::StatusCode::CONFLICT, body));
        }
    }
    Ok(())
}

/// Creates a customer: any agent may (the New Contact form of a screen pop).
pub async fn create(
    app: &AppState,
    agent_id: i64,
    input: &CustomerInput,
) -> Result<Customer, ApiError> {
    let input = checked(input)?;
    let at = now_ms();
    let mut tx = crate::db::write(&app.db).await?;
    ensure_emails_free(&mut tx, &input.emails, None).await?;
    let id = customers::insert(&mut tx, &input, at).await?;
    let name = format!("{} {}", input.first_name, input.last_name);
    customers::write_history(
        &mut tx,
        id,
        Some(agent_id),
        at,
        "created",
        None,
        Some(name.trim()),
    )
    .await?;
    let customer = customers::load_on(&mut tx, id).await?.ok_or_else(gone)?;
    tx.commit().await?;
    announce(app, &customer).await?;
    Ok(customer)
}

/// Changes customer `id`, with `may_edit_customers`; one history line per changed field.
pub async fn update(
    app: &AppState,
    agent_id: i64,
    id: i64,
    input: &CustomerInput,
) -> Result<Customer, ApiError> {
    if !rights(app, agent_id).await?.0 {
        return Err(ApiError::forbidden(
            "You may not edit customer records. Ask your supervisor for the permission.",
        ));
    }
    let input = checked(input)?;
    let at = now_ms();
    let mut tx = crate::db::write(&app.db).await?;
    let old = customers::load_on(&mut tx, id).await?.ok_or_else(gone)?;
    let Some(version) = input.version else {
        return Err(ApiError::validation(
            "version",
            "Send the version of the record you edited, so a newer change is not overwritten.",
        ));
    };
    if version != old.version {
        return Err(ApiError::conflict(
            "Someone changed this customer while you edited it. Reload it, then make your change again.",
        ));
    }
    ensure_emails_free(&mut tx, &input.emails, Some(id)).await?;
    let changes = changes(&old, &input);
    if changes.is_empty() {
        return Ok(old);
    }
    customers::update(&mut tx, id, &input, at).await?;
    if old.emails != input.emails {
        customers::replace_emails(&mut tx, id, &input.emails).await?;
    }
    if old.phones != input.phones {
        customers::replace_phones(&mut tx, id, &input.phones).await?;
    }
    for (field, before, after) in &changes {
        customers::write_history(
            &mut tx,
            id,
            Some(agent_id),
            at,
            field,
            Some(before),
            Some(after),
        )
        .await?;
    }
    let customer = customers::load_on(&mut tx, id).await?.ok_or_else(gone)?;
    tx.commit().await?;
    announce(app, &customer).await?;
    for interaction in customers::open_interactions(app, id).await? {
        summaries::announce(app, interaction).await?;
    }
    Ok(customer)
}

/// The fields `input` changes on `old`: (field, old value, new value), lists joined by ", ".
fn changes(old: &Customer, input: &CustomerInput) -> Vec<(&'static str, String, String)> {
    let draft = |draft: bool| if draft { "draft" } else { "record" }.to_owned();
    let pairs = [
        (
            "first_name",
            old.first_name.clone(),
            input.first_name.clone(),
        ),
        ("last_name", old.last_name.clone(), input.last_name.clone()),
        ("company", old.company.clone(), input.company.clone()),
        ("emails", old.emails.join(", "), input.emails.join(", ")),
        ("phones", old.phones.join(", "), input.phones.join(", ")),
        (
            "primary_address",
            old.primary_address.clone(),
            input.primary_address.clone(),
        ),
        (
            "secondary_address",
            old.secondary_address.clone(),
            input.secondary_address.clone(),
        ),
        ("draft", draft(old.draft), draft(input.draft)),
    ];
    pairs
        .into_iter()
        .filter(|(_, before, after)| before != after)
        .collect()
}

/// Deletes customer `id`, with `may_delete_customers`. Its interactions stay, unlinked; its
/// history keeps a last line saying who deleted it.
pub async fn delete(app: &AppState, agent_id: i64, id: i64) -> Result<(), ApiError> {
    if !rights(app, agent_id).await?.1 {
        return Err(ApiError::forbidden(
            "You may not delete customer records. Ask your supervisor for the permission.",
        ));
    }
    let at = now_ms();
    let mut tx = crate::db::write(&app.db).await?;
    let old = customers::load_on(&mut tx, id).await?.ok_or_else(gone)?;
    customers::write_history(
        &mut tx,
        id,
        Some(agent_id),
        at,
        "deleted",
        Some(&old.name()),
        None,
    )
    .await?;
    let unlinked = customers::delete(&mut tx, id).await?;
    tx.commit().await?;
    app.events
        .publish(
            None,
            EventBody::CustomerDeleted(omni_protocol::CustomerDeleted { id }),
        )
        .await?;
    for interaction in unlinked {
        summaries::announce(app, interaction).await?;
    }
    Ok(())
}

async fn announce(app: &AppState, customer: &Customer) -> Result<(), ApiError> {
    app.events
        .publish(None, EventBody::CustomerChanged(customer.clone()))
        .await?;
    Ok(())
}

pub async fn history(app: &AppState, id: i64) -> Result<Vec<HistoryEntry>, ApiError> {
    one(app, id).await?;
    customers::history(app, id).await
}

pub async fn tasks(app: &AppState, id: i64) -> Result<Vec<CustomerTask>, ApiError> {
    one(app, id).await?;
    customers::tasks(app, id).await
}

/// Notes a task on customer `id` (any agent may, as they note a call).
pub async fn add_task(
    app: &AppState,
    agent_id: i64,
    id: i64,
    task: &TaskRequest,
) -> Result<CustomerTask, ApiError> {
    let subject = task.subject.trim();
    if subject.is_empty() {
        return Err(ApiError::validation("subject", "Give the task a subject."));
    }
    if subject.chars().count() > MAX_SUBJECT_CHARS {
        return Err(ApiError::validation(
            "subject",
            format!("The subject is longer than {MAX_SUBJECT_CHARS} characters."),
        ));
    }
    if task.note.chars().count() > MAX_NOTE_CHARS {
        return Err(ApiError::validation(
            "note",
            format!("The note is longer than {MAX_NOTE_CHARS} characters."),
        ));
    }
    if task.ends_at.is_some_and(|ends| ends < task.starts_at) {
        return Err(ApiError::validation(
            "ends_at",
            "A task cannot end before it starts.",
        ));
    }
    one(app, id).await?;
    let mut tx = crate::db::write(&app.db).await?;
    if let Some(interaction) = task.interaction_id {
        if !customers::is_customers_interaction(&mut tx, id, interaction).await? {
            return Err(ApiError::validation(
                "interaction_id",
                format!("Interaction #{interaction} is not one of this customer's."),
            ));
        }
    }
    let task_id = customers::insert_task(&mut tx, id, Some(agent_id), task, now_ms()).await?;
    tx.commit().await?;
    customers::tasks(app, id)
        .await?
        .into_iter()
        .find(|task| task.id == task_id)
        .ok_or_else(gone)
}

pub async fn cases(app: &AppState, id: i64) -> Result<Vec<CustomerCase>, ApiError> {
    one(app, id).await?;
    customers::cases(app, id).await
}

/// `GET /customers/{id}/journey?channel=&from=&to=&limit=`.
#[derive(Debug, Default, Deserialize)]
pub struct JourneyQuery {
    pub channel: Option<String>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub limit: Option<u32>,
}

/// Every interaction with customer `id`, newest first, as `viewer` sees them.
pub async fn journey(
    app: &AppState,
    viewer: i64,
    id: i64,
    query: &JourneyQuery,
) -> Result<Vec<InteractionSummary>, ApiError> {
    if let Some(channel) = query.channel.as_deref() {
        if omni_protocol::Channel::parse(channel).is_none() {
            return Err(ApiError::validation(
                "channel",
                format!("\"{channel}\" is not a channel; use email or chat."),
            ));
        }
    }
    if let (Some(from), Some(to)) = (query.from, query.to) {
        if to < from {
            return Err(ApiError::validation(
                "to",
                "The end of the period is before its start.",
            ));
        }
    }
    let limit = query.limit.unwrap_or(50).clamp(1, 200);
    one(app, id).await?;
    let ids = customers::journey(
        app,
        id,
        query.channel.as_deref(),
        query.from,
        query.to,
        limit,
    )
    .await?;
    let mut items = Vec::with_capacity(ids.len());
    for interaction in ids {
        items.push(summaries::summary_for(app, interaction, viewer).await?);
    }
    Ok(items)
}

/// Links interaction `interaction` to customer `customer_id`: its agent or a supervisor may.
/// Changing a link already made also needs `may_edit_customers` (it moves the interaction out
/// of another customer's journey).
pub async fn link(
    app: &AppState,
    agent_id: i64,
    interaction: i64,
    customer_id: i64,
) -> Result<InteractionSummary, ApiError> {
    let summary = summaries::summary(app, interaction).await?;
    let caller = Caller::load(app, agent_id).await?;
    permissions::check(&caller, Action::LinkCustomer, &summary)?;
    let relinks = summary
        .customer
        .id
        .is_some_and(|linked| linked != customer_id);
    if relinks && !rights(app, agent_id).await?.0 {
        return Err(ApiError::forbidden(
            "This interaction is linked to another customer; you may not change customer records.",
        ));
    }
    let mut tx = crate::db::write(&app.db).await?;
    // Read in the transaction: a customer deleted meanwhile is a 404, not a failed write.
    customers::load_on(&mut tx, customer_id)
        .await?
        .ok_or_else(gone)?;
    let changed = customers::link(&mut tx, interaction, customer_id).await?;
    if changed {
        customers::write_history(
            &mut tx,
            customer_id,
            Some(agent_id),
            now_ms(),
            "linked_interaction",
            None,
            Some(&summary.case_number),
        )
        .await?;
    }
    tx.commit().await?;
    if !changed {
        return summaries::summary_for(app, interaction, agent_id).await;
    }
    summaries::announce_to(app, interaction, agent_id).await
}
