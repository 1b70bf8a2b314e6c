//! The search language on the server (B18, B19): the fields it offers with their choices,
//! a search read from the wire and checked in the agent's words, and saved searches.

use omni_protocol::{
    search::{fields, MAX_NAME_CHARS},
    Choice, Disposition, FieldType, SaveSearchRequest, SavedSearch, Search, SearchField,
};

use crate::{
    clock::now_ms,
    db::{queues, saved_searches, search_choices},
    error::ApiError,
    AppState,
};

/// At most this many saved searches per agent.
pub const MAX_SAVED: i64 = 100;
/// The tags field lists at most this many (the most used).
const MAX_TAG_CHOICES: usize = 200;

/// The fields, with the choices that never change; the others list none (and so take any
/// id) until [`offered`] reads them.
pub fn definitions() -> Vec<SearchField> {
    vec![
        SearchField::new(fields::SUBJECT, "Subject", FieldType::Text, &[]),
        SearchField::new(fields::MESSAGE, "Message text", FieldType::Text, &[]),
        SearchField::new(fields::CUSTOMER_NAME, "Customer name", FieldType::Text, &[]),
        SearchField::new(
            fields::CUSTOMER_EMAIL,
            "Customer email",
            FieldType::Text,
            &[],
        ),
        SearchField::new(
            fields::STATUS,
            "Status",
            FieldType::Status,
            &[
                ("queued", "Queued"),
                ("offered", "Offered"),
                ("active", "Active"),
                ("wrap_up", "In wrap-up"),
                ("open", "Open (kept open)"),
                ("closed", "Closed"),
            ],
        ),
        SearchField::new(
            fields::READ,
            "Read",
            FieldType::Enum,
            &[("unread", "Unread"), ("read", "Read")],
        ),
        SearchField::new(fields::AGENT, "Agent", FieldType::Agent, &[]),
        SearchField::new(fields::QUEUE, "Queue", FieldType::Queue, &[]),
        SearchField::new(fields::ACCOUNT, "Email account", FieldType::Account, &[]),
        SearchField::new(
            fields::CHANNEL,
            "Channel",
            FieldType::Channel,
            &[("email", "Email"), ("chat", "Chat")],
        ),
        SearchField::new(fields::TAG, "Tag", FieldType::Tag, &[]),
        SearchField::new(
            fields::DISPOSITION,
            "Disposition",
            FieldType::Disposition,
            &[],
        ),
        SearchField::new(fields::SUB_STATUS, "Sub-status", FieldType::Enum, &[]),
        SearchField::new(fields::ARRIVED, "Arrived", FieldType::Date, &[]),
        SearchField::new(fields::LAST_ACTIVITY, "Last activity", FieldType::Date, &[]),
        SearchField::new(fields::ID, "Interaction ID", FieldType::Number, &[]),
        SearchField::new(fields::CASE_NUMBER, "Case number", FieldType::Text, &[]),
    ]
}

/// `GET /search/fields`: every field with its choices as they are now.
pub async fn offered(app: &AppState) -> Result<Vec<SearchField>, ApiError> {
    let mut offered = definitions();
    for field in &mut offered {
        field.choices = match field.id.as_str() {
            fields::AGENT => {
                let mut choices = vec![
                    Choice {
                        id: fields::ME.into(),
                        label: "Me".into(),
                    },
                    Choice {
                        id: fields::NOBODY.into(),
                        label: "Not assigned".into(),
                    },
                ];
                choices.extend(search_choices::agents(app).await?);
                choices
            }
            fields::QUEUE => search_choices::queues(app).await?,
            fields::ACCOUNT => search_choices::email_accounts(app).await?,
            fields::SUB_STATUS => search_choices::sub_statuses(app).await?,
            fields::TAG => {
                let mut tags = search_choices::tags(app).await?;
                tags.truncate(MAX_TAG_CHOICES);
                tags.sort_by_key(|tag| tag.label.to_lowercase());
                tags
            }
            fields::DISPOSITION => {
                let mut flat = Vec::new();
                for root in &queues::disposition_tree(app).await? {
                    flatten(root, "", &mut flat);
                }
                flat
            }
            _ => continue,
        };
    }
    Ok(offered)
}

/// Every node of the tree as a choice labelled with its path ("Sales › Won").
fn flatten(node: &Disposition, above: &str, into: &mut Vec<Choice>) {
    let label = if above.is_empty() {
        node.label.clone()
    } else {
        format!("{above} › {}", node.label)
    };
    into.push(Choice {
        id: node.id.to_string(),
        label: label.clone(),
    });
    for child in &node.children {
        flatten(child, &label, into);
    }
}

/// A search from the wire, read and checked; what is wrong is said per condition,
/// numbered as the agent sees the chips.
pub fn read(json: &str) -> Result<Search, ApiError> {
    let search: Search = serde_json::from_str(json).map_err(|_| {
        ApiError::validation(
            "search",
            "This search could not be read; build it again or clear it.",
        )
    })?;
    check(&search)?;
    Ok(search)
}

fn check(search: &Search) -> Result<(), ApiError> {
    if let Some((index, problem)) = search.problems(&definitions()).into_iter().next() {
        let message = match index {
            Some(index) => format!("Condition {}: {problem}", index + 1),
            None => problem,
        };
        return Err(ApiError::validation("search", message));
    }
    Ok(())
}

pub async fn saved(app: &AppState, agent: i64) -> Result<Vec<SavedSearch>, ApiError> {
    saved_searches::of_agent(app, agent).await
}

/// Saves a search under its name (the same name replaces the older one).
pub async fn save(
    app: &AppState,
    agent: i64,
    request: &SaveSearchRequest,
) -> Result<SavedSearch, ApiError> {
    let name = request.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(ApiError::validation(
            "name",
            format!("Name the search in 1 to {MAX_NAME_CHARS} characters."),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(ApiError::validation(
            "name",
            "Remove the control characters from the name.",
        ));
    }
    if !request.search.is_active() && request.quick.trim().is_empty() {
        return Err(ApiError::validation(
            "search",
            "Add a condition or quick-search text before you save.",
        ));
    }
    if request.quick.chars().count() > omni_protocol::search::MAX_TEXT_CHARS {
        return Err(ApiError::validation(
            "quick",
            "The quick-search text is too long to save.",
        ));
    }
    check(&request.search)?;
    saved_searches::save(
        app,
        agent,
        name,
        &request.search,
        request.quick.trim(),
        now_ms(),
        MAX_SAVED,
    )
    .await?
    .ok_or_else(|| {
        ApiError::validation(
            "name",
            format!("You have {MAX_SAVED} saved searches; delete one first."),
        )
    })
}

pub async fn delete(app: &AppState, agent: i64, id: i64) -> Result<(), ApiError> {
    if saved_searches::delete(app, agent, id).await? {
        Ok(())
    } else {
        Err(ApiError::not_found("No such saved search."))
    }
}
