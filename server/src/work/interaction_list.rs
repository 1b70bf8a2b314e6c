//! The interaction list: filters or a search, and cursor paging (their SQL is
//! `db::interaction_list` and `db::search`),
//! newest activity first; and tags (B13), which the list filters by.

use omni_protocol::{
    search::rule::Viewer, Channel, InteractionPage, InteractionSummary, ListFilters, SetTagsRequest,
};

use crate::{
    clock::now_ms,
    db::interaction_list::{self, parse_cursor, ListPlan},
    error::ApiError,
    work::permissions::{self, Action, Caller},
    work::search,
    work::summaries,
    AppState,
};

pub use crate::db::interaction_list::ListQuery;

/// At most this many ids in `ids`.
const MAX_IDS: usize = 100;

/// Reads and checks `query` for `viewer`: the search if there is one, else the filters as
/// conditions (the same language, so the same SQL).
pub fn plan(viewer: i64, query: &ListQuery) -> Result<ListPlan, ApiError> {
    let quick = query.q.clone().unwrap_or_default();
    let searching = query.search.is_some() || !quick.trim().is_empty();
    let search = match &query.search {
        Some(json) => search::read(json)?,
        None if searching => Default::default(),
        None => filters_of(query)?.conditions(),
    };
    let utc_offset_minutes = query.tz.unwrap_or(0);
    if !omni_protocol::search::utc_offset_is_valid(utc_offset_minutes) {
        return Err(ApiError::validation(
            "tz",
            "The time zone must be within 14 hours of UTC.",
        ));
    }
    if quick.chars().count() > omni_protocol::search::MAX_TEXT_CHARS {
        return Err(ApiError::validation(
            "q",
            format!(
                "Search for at most {} characters.",
                omni_protocol::search::MAX_TEXT_CHARS
            ),
        ));
    }
    let ids = match &query.ids {
        None => None,
        Some(ids) => {
            let ids: Option<Vec<i64>> = ids
                .split(',')
                .filter(|id| !id.trim().is_empty())
                .map(|id| id.trim().parse().ok())
                .collect();
            match ids {
                Some(ids) if ids.len() <= MAX_IDS => Some(ids),
                _ => {
                    return Err(ApiError::validation(
                        "ids",
                        format!(
                            "Ask about at most {MAX_IDS} interactions by id, separated by commas."
                        ),
                    ))
                }
            }
        }
    };
    Ok(ListPlan {
        channel: query.channel.clone(),
        search,
        quick,
        viewer: Viewer {
            me: viewer,
            now_ms: now_ms(),
            utc_offset_minutes,
        },
        ids,
        cursor: query.cursor.as_deref().map(parse_cursor).transpose()?,
    })
}

/// The list filters of `query`, their words checked.
fn filters_of(query: &ListQuery) -> Result<ListFilters, ApiError> {
    let word =
        |field: &str, value: &Option<String>, words: &[&str], what: &str| match value.as_deref() {
            None => Ok(String::new()),
            Some(v) if words.contains(&v) => Ok(v.to_owned()),
            Some(other) => Err(ApiError::validation(
                field,
                format!("Unknown {what} filter \"{other}\"."),
            )),
        };
    let account = word(
        "account",
        &query.account,
        &["me", "unassigned", "all"],
        "account",
    )?;
    Ok(ListFilters {
        account: if account == "all" {
            String::new()
        } else {
            account
        },
        status: word("status", &query.status, &["open", "closed"], "status")?,
        read: word("read", &query.read, &["read", "unread"], "read")?,
        tags: query.tags.clone().unwrap_or_default(),
        agent: query.agent,
        from: query.from,
        to: query.to,
        ..ListFilters::default()
    })
}

const DEFAULT_PAGE: u32 = 50;
const MAX_PAGE: u32 = 200;

/// One page: the ids chosen and counted on the plain table (in one statement; a quick
/// search counts first), summaries built for the page only (one row more than asked, to know
/// whether more follow).
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
    let plan = plan(viewer, query)?;
    // One row more than asked: whether more follow.
    let (mut rows, total) = interaction_list::select_page(app, &plan, limit + 1).await?;
    let total = match total {
        Some(total) => total,
        None if plan.cursor.is_none() => 0,
        None => interaction_list::count(app, &plan).await?,
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
