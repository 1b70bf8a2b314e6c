//! The interaction list: filters and cursor paging (their SQL is `db::interaction_list`),
//! newest activity first; and tags (B13), which the list filters by.

use omni_protocol::{Channel, InteractionPage, InteractionSummary, SetTagsRequest};

use crate::{
    db::interaction_list,
    error::ApiError,
    work::permissions::{self, Action, Caller},
    work::summaries,
    AppState,
};

pub use crate::db::interaction_list::ListQuery;

const DEFAULT_PAGE: u32 = 50;
const MAX_PAGE: u32 = 200;

/// One page in one statement: the ids chosen and counted on the plain table, summaries
/// built for the page only (one row more than asked, to know whether more follow).
pub async fn page(
    app: &AppState,
    viewer: i64,
    query: &ListQuery,
) -> Result<InteractionPage, ApiError> {
    if let Some(channel) = query.channel.as_deref() {
        if Channel::parse(channel).is_none() {
            return Err(ApiError::validation(
                "channel",
                format!("\"{channel}\" is not a channel; use email or chat."),
            ));
        }
    }
    let limit = match query.limit {
        None => DEFAULT_PAGE,
        Some(limit) if (1..=MAX_PAGE).contains(&limit) => limit,
        Some(_) => {
            return Err(ApiError::validation(
                "limit",
                format!("Ask for 1 to {MAX_PAGE} interactions a page."),
            ))
        }
    };
    // One row more than asked: whether more follow.
    let (mut rows, total) = interaction_list::select_page(app, viewer, query, limit + 1).await?;
    let total = match total {
        Some(total) => total,
        None if query.cursor.is_none() => 0,
        None => interaction_list::count(app, viewer, query).await?,
    };
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let items: Vec<InteractionSummary> = rows.into_iter().map(|row| row.into_summary()).collect();
    let next_cursor = more.then(|| items.last().map(cursor_of)).flatten();
    Ok(InteractionPage {
        items,
        next_cursor,
        total: total.max(0) as u64,
    })
}

fn cursor_of(item: &InteractionSummary) -> String {
    let at = item
        .last_message
        .as_ref()
        .map_or(item.created_at, |last| last.at);
    format!("{at}:{}", item.id)
}

/// Replaces interaction `id`'s tags; answers its summary as `viewer` sees it.
pub async fn set_tags(
    app: &AppState,
    viewer: i64,
    id: i64,
    request: &SetTagsRequest,
) -> Result<InteractionSummary, ApiError> {
    let summary = summaries::summary(app, id).await?;
    let caller = Caller::load(app, viewer).await?;
    permissions::check(&caller, Action::Tag, &summary)?;
    let mut tags: Vec<String> = request
        .tags
        .iter()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    tags.sort();
    tags.dedup();
    if tags.len() > 20 || tags.iter().any(|tag| tag.chars().count() > 40) {
        return Err(ApiError::validation(
            "tags",
            "Use at most 20 tags of at most 40 characters each.",
        ));
    }
    interaction_list::replace_tags(app, id, &tags).await?;
    summaries::announce_to(app, id, viewer).await
}
