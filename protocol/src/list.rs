//! The interaction list's filters and searches (`GET /api/v1/interactions`) and the rule by
//! which an interaction matches them. The filters are conditions of the search language
//! ([`ListFilters::conditions`]): the desk judges events by them, the reference server writes
//! them as SQL, and the two are tested against each other row by row
//! (server/tests/api/list_rules.rs, server/tests/api/search_rules.rs).

use crate::search::{
    fields,
    judge::{judge, Verdict},
    rule::Viewer,
    Condition, ConditionValue, Join, Operator, Search,
};
use crate::{Channel, InteractionSummary};

/// The list's filters, as `GET /api/v1/interactions` takes them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilters {
    /// `me`, `unassigned` or empty (all).
    pub account: String,
    /// `open`, `closed` or empty (any).
    pub status: String,
    /// `read`, `unread` or empty (any): by the viewer's own unread count.
    pub read: String,
    /// Comma-separated tags (any of).
    pub tags: String,
    /// Assigned to this agent.
    pub agent: Option<i64>,
    /// Arrived at or after this instant (the start of the chosen day), ms.
    pub from: Option<i64>,
    /// Arrived at or before this instant (the end of the chosen day), ms.
    pub to: Option<i64>,
    /// The quick search's text (B18). With it or an active `search`, the list shows what
    /// they find among all interactions, and the filters above rest.
    pub quick: String,
    /// The advanced search (B19).
    pub search: Search,
    /// The agent's time zone, minutes east of UTC: where a searched day begins.
    pub utc_offset_minutes: i32,
}

impl ListFilters {
    pub fn tag_list(&self) -> Vec<&str> {
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

    /// Whether a quick or advanced search is what the list shows.
    pub fn searching(&self) -> bool {
        !self.quick.trim().is_empty() || self.search.is_active()
    }

    /// The filters as conditions, all of which must match.
    pub fn conditions(&self) -> Search {
        let choice = |field: &str, op, id: &str| {
            Condition::new(field, op, ConditionValue::Choice(id.into()))
        };
        let mut conditions = Vec::new();
        match self.account.as_str() {
            "me" => conditions.push(choice(fields::AGENT, Operator::Is, fields::ME)),
            "unassigned" => conditions.push(choice(fields::AGENT, Operator::Is, fields::NOBODY)),
            _ => {}
        }
        match self.status.as_str() {
            "open" => conditions.push(choice(fields::STATUS, Operator::IsNot, "closed")),
            "closed" => conditions.push(choice(fields::STATUS, Operator::Is, "closed")),
            _ => {}
        }
        if let read @ ("read" | "unread") = self.read.as_str() {
            conditions.push(choice(fields::READ, Operator::Is, read));
        }
        if let Some(agent) = self.agent {
            conditions.push(choice(fields::AGENT, Operator::Is, &agent.to_string()));
        }
        let instant = |op, at: i64| Condition::new(fields::ARRIVED, op, ConditionValue::At(at));
        if let Some(from) = self.from {
            conditions.push(instant(Operator::After, from));
        }
        if let Some(to) = self.to {
            conditions.push(instant(Operator::Before, to.saturating_add(1)));
        }
        let tags = self.tag_list();
        if !tags.is_empty() {
            conditions.push(Condition::new(
                fields::TAG,
                Operator::IsAnyOf,
                ConditionValue::Choices(tags.into_iter().map(str::to_owned).collect()),
            ));
        }
        Search {
            join: Join::All,
            conditions,
        }
    }

    /// `?…` for the list endpoint: the email list and these filters, or the search over
    /// every channel; a page of `limit` after `cursor`.
    pub fn query(&self, cursor: Option<&str>, limit: u32) -> String {
        if self.searching() {
            // A search looks at every channel (its conditions may name one).
            return self.search_query(vec![("limit".to_owned(), limit.to_string())], cursor);
        }
        let mut pairs = vec![
            ("channel".to_owned(), "email".to_owned()),
            ("limit".to_owned(), limit.to_string()),
        ];
        for (key, value) in [
            ("account", &self.account),
            ("status", &self.status),
            ("read", &self.read),
        ] {
            if !value.is_empty() {
                pairs.push((key.into(), value.clone()));
            }
        }
        let tags = self.tag_list().join(",");
        if !tags.is_empty() {
            pairs.push(("tags".into(), tags));
        }
        for (key, value) in [("agent", self.agent), ("from", self.from), ("to", self.to)] {
            if let Some(value) = value {
                pairs.push((key.into(), value.to_string()));
            }
        }
        query_text(pairs, cursor)
    }

    fn search_query(&self, mut pairs: Vec<(String, String)>, cursor: Option<&str>) -> String {
        let quick = self.quick.trim();
        if !quick.is_empty() {
            pairs.push(("q".into(), quick.to_owned()));
        }
        if self.search.is_active() {
            let json = serde_json::to_string(&self.search).unwrap_or_default();
            pairs.push(("search".into(), json));
            pairs.push(("tz".into(), self.utc_offset_minutes.to_string()));
        }
        query_text(pairs, cursor)
    }

    /// Whether `item`, as agent `me` sees it at `now_ms` (its `unread` is `me`'s own count),
    /// belongs in the email list so filtered or searched. A quick search, and conditions a
    /// summary cannot settle, leave it to the server.
    pub fn judge(&self, item: &InteractionSummary, me: i64, now_ms: i64) -> Verdict {
        if item.channel != Channel::Email && !self.searching() {
            return Verdict::No;
        }
        let viewer = Viewer {
            me,
            now_ms,
            utc_offset_minutes: self.utc_offset_minutes,
        };
        if !self.searching() {
            return judge(&self.conditions(), item, &viewer);
        }
        match judge(&self.search, item, &viewer) {
            Verdict::No => Verdict::No,
            _ if !self.quick.trim().is_empty() => Verdict::AskServer,
            verdict => verdict,
        }
    }

    /// [`Self::judge`] where the filters alone decide (no search): a plain yes or no.
    pub fn matches(&self, item: &InteractionSummary, me: i64) -> bool {
        self.judge(item, me, 0) == Verdict::Yes
    }
}

/// `?k=v&…` of `pairs`, then the cursor, every value percent-encoded.
fn query_text(mut pairs: Vec<(String, String)>, cursor: Option<&str>) -> String {
    if let Some(cursor) = cursor {
        pairs.push(("cursor".into(), cursor.to_owned()));
    }
    let encoded: Vec<String> = pairs
        .into_iter()
        .map(|(k, v)| format!("{k}={}", query_value(&v)))
        .collect();
    format!("?{}", encoded.join("&"))
}

/// `value` percent-encoded for a query string, as the desk sends it (letters, digits and
/// `-_.~,:` stay as they are).
pub fn query_value(value: &str) -> String {
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

/// When a row last saw activity; the list is ordered by `(activity, id)`, newest first.
pub fn activity_key(item: &InteractionSummary) -> (i64, i64) {
    let at = item
        .last_message
        .as_ref()
        .map_or(item.created_at, |last| last.at);
    (at, item.id)
}

#[cfg(test)]
mod tests {
    use super::*;

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
            filters.query(Some("12:34"), 50),
            "?channel=email&limit=50&account=me&tags=vip,billing%20team&agent=3&from=5&to=9&cursor=12:34"
        );
        assert_eq!(
            ListFilters::default().query(None, 10),
            "?channel=email&limit=10"
        );
    }
}
