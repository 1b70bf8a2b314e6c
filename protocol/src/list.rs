//! The interaction list's filters (`GET /api/v1/interactions`) and the rule by which an
//! interaction matches them: the desk judges events by it, and the reference server's SQL is
//! tested against it case by case (server/tests/api/list_rules.rs).

use crate::{Channel, InteractionState, InteractionSummary};

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

    /// `?…` for the list endpoint: the email list, these filters, a page of `limit` after
    /// `cursor`.
    pub fn query(&self, cursor: Option<&str>, limit: u32) -> String {
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
        if let Some(cursor) = cursor {
            pairs.push(("cursor".into(), cursor.to_owned()));
        }
        let encoded: Vec<String> = pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={}", encode(&v)))
            .collect();
        format!("?{}", encoded.join("&"))
    }

    /// Whether `item`, as agent `me` sees it (its `unread` is `me`'s own count), belongs in
    /// the email list so filtered.
    pub fn matches(&self, item: &InteractionSummary, me: i64) -> bool {
        let account = match self.account.as_str() {
            "me" => item.agent_id == Some(me),
            "unassigned" => item.agent_id.is_none(),
            _ => true,
        };
        let status = match self.status.as_str() {
            "open" => item.state != InteractionState::Closed,
            "closed" => item.state == InteractionState::Closed,
            _ => true,
        };
        let read = match self.read.as_str() {
            "unread" => item.unread > 0,
            "read" => item.unread == 0,
            _ => true,
        };
        let agent = self.agent.is_none_or(|agent| item.agent_id == Some(agent));
        let arrived = self.from.is_none_or(|from| item.created_at >= from)
            && self.to.is_none_or(|to| item.created_at <= to);
        let tags = self.tag_list();
        let tagged = tags.is_empty() || item.tags.iter().any(|tag| tags.contains(&tag.as_str()));
        item.channel == Channel::Email && account && status && read && agent && arrived && tagged
    }
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
