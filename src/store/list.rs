//! The interaction list: its filters, the rows loaded so far (server-side filtering and
//! cursor paging), and in-place updates from events.

use leptos::prelude::*;
use omni_protocol::{AgentRef, InteractionPage, InteractionState, InteractionSummary};

use super::Session;

/// The list's filters, as `GET /api/v1/interactions` takes them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilters {
    /// `me`, `unassigned` or empty (all).
    pub account: String,
    /// `open`, `closed` or empty (any).
    pub status: String,
    /// `read`, `unread` or empty (any).
    pub read: String,
    /// Comma-separated tags (any of).
    pub tags: String,
    /// Assigned to this agent.
    pub agent: Option<i64>,
    /// Arrived at or after this instant (the start of the chosen day), ms.
    pub from: Option<i64>,
    /// Arrived at or before this instant (the end of the chosen day), ms.
    pub to: Option<i64>,
}

impl ListFilters {
    fn tag_list(&self) -> Vec<&str> {
        self.tags
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect()
    }

    /// How many of the filters behind "More filters" (dates, agent, tags) are in use.
    pub fn more_in_use(&self) -> usize {
        [
            self.from.is_some(),
            self.to.is_some(),
            self.agent.is_some(),
            !self.tag_list().is_empty(),
        ]
        .into_iter()
        .filter(|in_use| *in_use)
        .count()
    }
}

/// `?…` for the list endpoint.
pub fn list_query(filters: &ListFilters, cursor: Option<&str>, limit: u32) -> String {
    let mut pairs = vec![
        ("channel".to_owned(), "email".to_owned()),
        ("limit".to_owned(), limit.to_string()),
    ];
    for (key, value) in [
        ("account", &filters.account),
        ("status", &filters.status),
        ("read", &filters.read),
    ] {
        if !value.is_empty() {
            pairs.push((key.into(), value.clone()));
        }
    }
    let tags = filters.tag_list().join(",");
    if !tags.is_empty() {
        pairs.push(("tags".into(), tags));
    }
    for (key, value) in [
        ("agent", filters.agent),
        ("from", filters.from),
        ("to", filters.to),
    ] {
        if let Some(value) = value {
            pairs.push((key.into(), value.to_string()));
        }
    }
    if let Some(cursor) = cursor {
        pairs.push(("cursor".into(), cursor.to_owned()));
    }
    let encoded: Vec<String> = pairs
        .into_iter()
        .map(|(k, v)| format!("{k}={}", encode(&v)))
        .collect();
    format!("?{}", encoded.join("&"))
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' | b':' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Whether an updated interaction belongs in the list as filtered (the server's rules).
pub fn matches(filters: &ListFilters, item: &InteractionSummary, me: i64) -> bool {
    let account = match filters.account.as_str() {
        "me" => item.agent_id == Some(me),
        "unassigned" => item.agent_id.is_none(),
        _ => true,
    };
    let status = match filters.status.as_str() {
        "open" => item.state != InteractionState::Closed,
        "closed" => item.state == InteractionState::Closed,
        _ => true,
    };
    let mine = item.agent_id == Some(me);
    let read = match filters.read.as_str() {
        "unread" => mine && item.unread > 0,
        "read" => !mine || item.unread == 0,
        _ => true,
    };
    let agent = filters
        .agent
        .is_none_or(|agent| item.agent_id == Some(agent));
    let arrived = filters.from.is_none_or(|from| item.created_at >= from)
        && filters.to.is_none_or(|to| item.created_at <= to);
    let tags = filters.tag_list();
    let tagged = tags.is_empty() || item.tags.iter().any(|tag| tags.contains(&tag.as_str()));
    item.channel == omni_protocol::Channel::Email
        && account
        && status
        && read
        && agent
        && arrived
        && tagged
}

/// When a row last saw activity: the list's order, newest first.
pub fn activity_at(item: &InteractionSummary) -> i64 {
    item.last_message
        .as_ref()
        .map_or(item.created_at, |last| last.at)
}

#[derive(Clone, Copy)]
pub struct InteractionList {
    pub filters: RwSignal<ListFilters>,
    pub rows: RwSignal<Vec<InteractionSummary>>,
    pub total: RwSignal<u64>,
    pub next_cursor: RwSignal<Option<String>>,
    pub loading: RwSignal<bool>,
    pub error: RwSignal<Option<String>>,
    /// Everyone the Agent filter offers (loaded when that filter is first shown).
    pub agents: RwSignal<Vec<AgentRef>>,
    /// This sign-in's first page has been answered (rows or an error), or the wait for it
    /// ran out. The event stream and the work snapshot wait for it: see `ui::app::Root`.
    pub first_page_in: RwSignal<bool>,
}

impl Default for InteractionList {
    fn default() -> Self {
        Self {
            filters: RwSignal::new(ListFilters::default()),
            rows: RwSignal::new(Vec::new()),
            total: RwSignal::new(0),
            next_cursor: RwSignal::new(None),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            agents: RwSignal::new(Vec::new()),
            first_page_in: RwSignal::new(false),
        }
    }
}

impl InteractionList {
    /// The first page asked for with `token` is answered (or no longer awaited). Ignored once
    /// that session is over: a late answer must not cut the next sign-in's wait short.
    pub fn first_page_answered(&self, session: &Session, token: &str) {
        if session
            .token
            .with_untracked(|now| now.as_deref() == Some(token))
        {
            self.set_first_page_in(true);
        }
    }

    /// Sets `first_page_in`, telling its readers only when it changes.
    pub fn set_first_page_in(&self, value: bool) {
        self.first_page_in.maybe_update(|now| {
            let changed = *now != value;
            *now = value;
            changed
        });
    }

    /// A first page replaces the rows; a later one appends.
    pub fn take_page(&self, page: InteractionPage, first: bool) {
        self.total.set(page.total);
        self.next_cursor.set(page.next_cursor);
        self.rows.update(|rows| {
            if first {
                rows.clear();
            }
            for item in page.items {
                if !rows.iter().any(|row| row.id == item.id) {
                    rows.push(item);
                }
            }
        });
    }

    /// An interaction changed: update its row where it is, add it in order if it now
    /// matches, drop it if it no longer does. The rest of the list keeps its place.
    pub fn apply(&self, item: &InteractionSummary, me: i64) {
        let fits = self
            .filters
            .with_untracked(|filters| matches(filters, item, me));
        let mut added = 0i64;
        self.rows
            .update(|rows| match rows.iter().position(|row| row.id == item.id) {
                Some(index) if fits => rows[index] = item.clone(),
                Some(index) => {
                    rows.remove(index);
                    added = -1;
                }
                None if fits => {
                    let at = rows
                        .iter()
                        .position(|row| (activity_at(row), row.id) < (activity_at(item), item.id));
                    rows.insert(at.unwrap_or(rows.len()), item.clone());
                    added = 1;
                }
                None => {}
            });
        if added != 0 {
            self.total
                .update(|total| *total = (*total as i64 + added).max(0) as u64);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use omni_protocol::{Channel, Direction, LastMessage};

    fn item(id: i64, at: i64, agent: Option<i64>, state: InteractionState) -> InteractionSummary {
        InteractionSummary {
            agent_id: agent,
            accepted_at: None,
            awaiting_reply_since: None,
            last_message: Some(LastMessage {
                at,
                direction: Direction::Inbound,
                preview: "Hello".into(),
            }),
            ..crate::store::fixtures::interaction(id, state)
        }
    }

    #[test]
    fn a_first_page_counts_only_for_the_session_that_asked() {
        let owner = Owner::new();
        owner.set();
        let (session, list) = (Session::new(), InteractionList::default());
        session.token.set(Some("second".into()));
        list.first_page_answered(&session, "first");
        assert!(
            !list.first_page_in.get_untracked(),
            "a late answer from the last session"
        );
        list.first_page_answered(&session, "second");
        assert!(list.first_page_in.get_untracked());
        session.token.set(None);
        list.set_first_page_in(false);
        list.first_page_answered(&session, "second");
        assert!(!list.first_page_in.get_untracked(), "signed out");
    }

    #[test]
    fn more_filters_in_use_counts_dates_agent_and_tags_only() {
        let mut filters = ListFilters {
            status: "open".into(),
            account: "me".into(),
            tags: " , ".into(),
            ..ListFilters::default()
        };
        assert_eq!(filters.more_in_use(), 0, "blank tags are no filter");
        filters.tags = "vip".into();
        filters.from = Some(1);
        filters.agent = Some(2);
        assert_eq!(filters.more_in_use(), 3);
        filters.to = Some(3);
        assert_eq!(filters.more_in_use(), 4);
    }

    #[test]
    fn query_carries_only_set_filters_encoded() {
        let filters = ListFilters {
            account: "me".into(),
            tags: " vip , billing team ".into(),
            agent: Some(3),
            from: Some(5),
            to: Some(9),
            ..ListFilters::default()
        };
        assert_eq!(
            list_query(&filters, Some("12:34"), 50),
            "?channel=email&limit=50&account=me&tags=vip,billing%20team&agent=3&from=5&to=9&cursor=12:34"
        );
        assert_eq!(
            list_query(&ListFilters::default(), None, 10),
            "?channel=email&limit=10"
        );
    }

    #[test]
    fn events_update_in_place_insert_in_order_and_drop_what_no_longer_fits() {
        let list = InteractionList::default();
        list.take_page(
            InteractionPage {
                items: vec![
                    item(3, 300, None, InteractionState::Queued),
                    item(1, 100, None, InteractionState::Queued),
                ],
                next_cursor: None,
                total: 2,
            },
            true,
        );
        list.apply(&item(2, 200, None, InteractionState::Queued), 7);
        assert_eq!(
            list.rows
                .get_untracked()
                .iter()
                .map(|r| r.id)
                .collect::<Vec<_>>(),
            vec![3, 2, 1]
        );
        assert_eq!(list.total.get_untracked(), 3);

        // Accepted by me: the row changes where it stands, nothing moves.
        list.apply(&item(1, 100, Some(7), InteractionState::Active), 7);
        assert_eq!(list.rows.get_untracked()[2].agent_id, Some(7));

        list.filters.set(ListFilters {
            account: "unassigned".into(),
            ..ListFilters::default()
        });
        list.apply(&item(1, 100, Some(7), InteractionState::Active), 7);
        assert_eq!(
            list.rows
                .get_untracked()
                .iter()
                .map(|r| r.id)
                .collect::<Vec<_>>(),
            vec![3, 2]
        );
        assert_eq!(list.total.get_untracked(), 2);
    }

    #[test]
    fn read_filters_judge_only_my_own_counts() {
        let mut mine = item(1, 1, Some(7), InteractionState::Active);
        mine.unread = 2;
        let unread = ListFilters {
            read: "unread".into(),
            ..ListFilters::default()
        };
        assert!(matches(&unread, &mine, 7));
        assert!(!matches(&unread, &mine, 8));
        let mut chat = mine.clone();
        chat.channel = Channel::Chat;
        assert!(
            !matches(&ListFilters::default(), &chat, 7),
            "the email list holds emails"
        );
    }

    #[test]
    fn agent_dates_and_tags_filter_events_as_the_server_would() {
        let mut row = item(1, 1, Some(7), InteractionState::Active);
        row.created_at = 1_000;
        row.tags = vec!["vip".into()];
        let fits = |filters: ListFilters| matches(&filters, &row, 7);
        assert!(fits(ListFilters {
            agent: Some(7),
            from: Some(1_000),
            to: Some(1_000),
            tags: "billing, vip".into(),
            ..ListFilters::default()
        }));
        assert!(!fits(ListFilters {
            agent: Some(8),
            ..ListFilters::default()
        }));
        assert!(!fits(ListFilters {
            from: Some(1_001),
            ..ListFilters::default()
        }));
        assert!(!fits(ListFilters {
            to: Some(999),
            ..ListFilters::default()
        }));
        assert!(!fits(ListFilters {
            tags: "billing".into(),
            ..ListFilters::default()
        }));
    }
}
