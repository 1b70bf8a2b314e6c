//! The interaction list: its filters, the rows loaded so far (filtered and paged by the
//! server), and in-place updates from changes. A keyed store: one change updates one row.

use leptos::prelude::*;
use omni_protocol::{
    activity_key, AgentRef, EventBody, InteractionPage, InteractionSummary, Verdict,
};
use reactive_stores::Store;

pub use omni_protocol::ListFilters;

use super::{
    rows::{Rows, RowsStoreFields},
    versions::{is_newer, Tombstones},
};

#[derive(Clone, Copy)]
pub struct InteractionList {
    pub filters: RwSignal<ListFilters>,
    /// Newest activity first.
    pub rows: Store<Rows<InteractionSummary>>,
    /// How many interactions match the filters in all (the server's count, kept by changes).
    pub total: RwSignal<u64>,
    pub next_cursor: RwSignal<Option<String>>,
    pub loading: RwSignal<bool>,
    pub error: RwSignal<Option<String>>,
    /// Everyone the Agent filter offers (loaded when that filter is first shown).
    pub agents: RwSignal<Vec<AgentRef>>,
    /// This sign-in's first page has been answered (rows or an error), or the wait for it
    /// ran out. The event stream and the work snapshot wait for it: see `ui::app::Root`.
    pub first_page_in: RwSignal<bool>,
    /// A change concerned a row beyond the loaded pages: whether it entered or left the
    /// filtered set is unknown, so `total` is asked for again.
    pub total_uncertain: RwSignal<bool>,
    /// The first page asked for last: answers to older ones are stale.
    generation: StoredValue<u64>,
    /// Changes heard while a page is on its way, applied again on top of it.
    heard: StoredValue<Option<Vec<InteractionSummary>>>,
    /// `changes` when the next page was asked for: if it moved, the page's `total` is
    /// older than what the list knows.
    next_page_from: StoredValue<u64>,
    /// Changes that moved `total` or made it uncertain, counted (see [`Self::take_recount`]).
    changes: StoredValue<u64>,
    /// Rows that left the list, and at which version.
    left: StoredValue<Tombstones>,
    /// Interactions heard of whose fit only the server can tell (a quick search, message
    /// text), with the version heard: asked about together (see `Actions::check_unsure`).
    pub unsure: RwSignal<Vec<(i64, u64)>>,
}

impl Default for InteractionList {
    fn default() -> Self {
        Self {
            filters: RwSignal::new(ListFilters::default()),
            rows: Store::new(Rows::default()),
            total: RwSignal::new(0),
            next_cursor: RwSignal::new(None),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            agents: RwSignal::new(Vec::new()),
            first_page_in: RwSignal::new(false),
            total_uncertain: RwSignal::new(false),
            generation: StoredValue::new(0),
            heard: StoredValue::new(None),
            next_page_from: StoredValue::new(0),
            changes: StoredValue::new(0),
            left: StoredValue::new(Tombstones::default()),
            unsure: RwSignal::new(Vec::new()),
        }
    }
}

/// Where a row goes among `rows` (newest activity first).
fn position_of(rows: &[InteractionSummary], item: &InteractionSummary) -> usize {
    let key = activity_key(item);
    rows.iter()
        .position(|row| activity_key(row) < key)
        .unwrap_or(rows.len())
}

impl InteractionList {
    /// Forgets everything (sign-out): rows, filters, the agents it offered.
    pub fn clear(&self) {
        self.generation.update_value(|g| *g += 1);
        self.heard.set_value(None);
        let utc_offset_minutes = self.filters.with_untracked(|f| f.utc_offset_minutes);
        self.filters.set(ListFilters {
            utc_offset_minutes,
            ..ListFilters::default()
        });
        self.unsure.set(Vec::new());
        self.rows.rows().set(Vec::new());
        self.total.set(0);
        self.next_cursor.set(None);
        self.loading.set(false);
        self.error.set(None);
        self.agents.set(Vec::new());
        self.total_uncertain.set(false);
        self.left.set_value(Tombstones::default());
        self.set_first_page_in(false);
    }

    /// The first page asked for with `token` is answered (or no longer awaited). Ignored once
    /// that session is over: a late answer must not cut the next sign-in's wait short.
    pub fn first_page_answered(&self, session: &super::Session, token: &str) {
        if session.is_current(token) {
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

    /// A first page is asked for (the filters changed, sign-in, resync): returns its ticket.
    pub fn begin_first_page(&self) -> u64 {
        self.generation.update_value(|g| *g += 1);
        self.heard.set_value(Some(Vec::new()));
        self.loading.set(true);
        self.generation.get_value()
    }

    /// The ticket of the rows shown now (for a recount of them).
    pub fn ticket(&self) -> u64 {
        self.generation.get_value()
    }

    /// The next page, if one is due: its ticket and cursor.
    pub fn begin_next_page(&self) -> Option<(u64, String)> {
        if self.loading.get_untracked() {
            return None;
        }
        let cursor = self.next_cursor.get_untracked()?;
        self.loading.set(true);
        self.heard.set_value(Some(Vec::new()));
        self.next_page_from.set_value(self.changes.get_value());
        Some((self.generation.get_value(), cursor))
    }

    /// Whether `ticket` is still the list's: the filters have not changed since.
    pub fn is_current(&self, ticket: u64) -> bool {
        self.generation.try_get_value() == Some(ticket)
    }

    /// A first page replaces the rows; what changed while it was on its way is applied on
    /// top (the newer version of each row wins).
    pub fn take_first_page(&self, ticket: u64, page: InteractionPage, me: i64) {
        if !self.is_current(ticket) {
            return;
        }
        self.total.set(page.total);
        self.next_cursor.set(page.next_cursor);
        self.rows.rows().set(page.items);
        self.left.set_value(Tombstones::default());
        self.error.set(None);
        self.loading.set(false);
        self.total_uncertain.set(false);
        let heard = self.heard.try_update_value(Option::take).flatten();
        for summary in heard.unwrap_or_default() {
            self.apply_summary(&summary, me);
        }
    }

    /// A later page joins the end (rows already shown, or that left since, are not
    /// brought back); what changed while it was on its way is applied on top. Its `total`
    /// is taken only if nothing moved the count meanwhile; else it is asked for again.
    pub fn take_next_page(&self, ticket: u64, page: InteractionPage, me: i64) {
        if !self.is_current(ticket) {
            return;
        }
        self.next_cursor.set(page.next_cursor);
        if self.changes.get_value() == self.next_page_from.get_value() {
            self.total.set(page.total);
        } else {
            self.make_total_uncertain();
        }
        let fresh: Vec<InteractionSummary> = self.rows.rows().with_untracked(|rows| {
            self.left.with_value(|left| {
                page.items
                    .into_iter()
                    .filter(|item| !rows.iter().any(|row| row.id == item.id))
                    .filter(|item| !left.outlived(item.id, item.version))
                    .collect()
            })
        });
        if !fresh.is_empty() {
            self.rows.rows().write().extend(fresh);
        }
        self.loading.set(false);
        let heard = self.heard.try_update_value(Option::take).flatten();
        for summary in heard.unwrap_or_default() {
            self.apply_summary(&summary, me);
        }
    }

    /// A page could not be loaded.
    pub fn fail(&self, ticket: u64, message: String) {
        if self.is_current(ticket) {
            self.error.set(Some(message));
            self.loading.set(false);
            self.heard.set_value(None);
        }
    }

    /// A recount is asked for: returns the count of changes so far.
    pub fn begin_recount(&self) -> u64 {
        self.total_uncertain.set(false);
        self.changes.get_value()
    }

    /// The server's count, asked for when `begin_recount` returned `changes_then`. A change
    /// that arrived meanwhile may be in it or not: then it is asked for once more.
    pub fn take_recount(&self, ticket: u64, changes_then: u64, total: u64) {
        if !self.is_current(ticket) || self.loading.get_untracked() {
            return;
        }
        self.total.set(total);
        if self.changes.get_value() != changes_then {
            self.make_total_uncertain();
        }
    }

    /// A recount got no answer: the total is as uncertain as before.
    pub fn recount_failed(&self, ticket: u64) {
        if self.is_current(ticket) {
            self.make_total_uncertain();
        }
    }

    /// Marks the total uncertain, telling its watchers only when it was not already (a busy
    /// list makes it uncertain with every change).
    fn make_total_uncertain(&self) {
        if !self.total_uncertain.get_untracked() {
            self.total_uncertain.set(true);
        }
    }

    /// Applies one change (a server event, or a REST answer of the same shape).
    pub fn apply(&self, change: &EventBody, me: i64) {
        if let EventBody::InteractionChanged(summary) = change {
            self.heard.update_value(|heard| {
                if let Some(heard) = heard {
                    heard.push(summary.clone());
                }
            });
            self.apply_summary(summary, me);
        }
    }

    /// An interaction changed: its row is updated where it stands (or moves, if its activity
    /// did), added where it belongs if it now matches, dropped if it no longer does. `total`
    /// follows what is known; a row beyond the loaded pages makes it uncertain.
    fn apply_summary(&self, item: &InteractionSummary, me: i64) {
        let verdict = self
            .filters
            .with_untracked(|f| f.judge(item, me, super::clock::now_ms()));
        let fits = match verdict {
            Verdict::Yes => true,
            Verdict::No => false,
            Verdict::AskServer => {
                self.unsure.update(|unsure| {
                    match unsure.iter_mut().find(|(id, _)| *id == item.id) {
                        Some((_, version)) => *version = (*version).max(item.version),
                        None => unsure.push((item.id, item.version)),
                    }
                });
                // A row shown stays (updated) until the server says; a new one waits.
                self.rows
                    .rows()
                    .with_untracked(|rows| rows.iter().any(|row| row.id == item.id))
            }
        };
        self.place(item, fits);
    }

    /// The server's answer about `asked` rows (each with the version the desk had heard):
    /// those it `found` match as they are now. One it did not find leaves, unless the desk
    /// holds a newer version than it asked about (that one was judged on its own since).
    pub fn take_checked(&self, ticket: u64, asked: &[(i64, u64)], found: Vec<InteractionSummary>) {
        if !self.is_current(ticket) {
            return;
        }
        for (id, asked_version) in asked {
            if let Some(item) = found.iter().find(|item| item.id == *id) {
                self.place(item, true);
                continue;
            }
            let rows = self.rows.rows();
            let held = rows.with_untracked(|rows| {
                rows.iter()
                    .position(|row| row.id == *id)
                    .map(|index| (index, rows[index].version))
            });
            if let Some((index, version)) = held.filter(|(_, v)| *v <= *asked_version) {
                rows.write().remove(index);
                self.left.update_value(|left| left.bury(*id, version));
                self.changes.update_value(|c| *c += 1);
                self.total.update(|total| *total = total.saturating_sub(1));
            }
        }
    }

    /// Puts a changed interaction where it belongs given whether it `fits`.
    fn place(&self, item: &InteractionSummary, fits: bool) {
        let complete = self.next_cursor.with_untracked(Option::is_none);
        let rows = self.rows.rows();
        let (held, place) = rows.with_untracked(|rows| {
            let index = rows.iter().position(|row| row.id == item.id);
            let held = index.map(|i| (i, rows[i].version, activity_key(&rows[i])));
            (held, position_of(rows, item))
        });
        let counted = |delta: i64| {
            self.changes.update_value(|c| *c += 1);
            self.total
                .update(|total| *total = total.saturating_add_signed(delta));
        };
        let uncertain = || {
            self.changes.update_value(|c| *c += 1);
            self.make_total_uncertain();
        };
        let outlived = held.is_none()
            && self
                .left
                .with_value(|left| left.outlived(item.id, item.version));
        match held {
            Some((_, version, _)) if !is_newer(item.version, version) => {}
            None if outlived => {}
            Some((_, _, key)) if fits && key == activity_key(item) => {
                rows.at_key(item.id).try_update(|row| *row = item.clone());
            }
            Some((index, _, _)) if fits => {
                // Its activity changed: it moves. Past the loaded rows it waits for its page.
                rows.write().remove(index);
                let place = rows.with_untracked(|rows| position_of(rows, item));
                if complete || place < rows.with_untracked(Vec::len) {
                    rows.write().insert(place, item.clone());
                }
            }
            Some((index, _, _)) => {
                rows.write().remove(index);
                self.left
                    .update_value(|left| left.bury(item.id, item.version));
                counted(-1);
            }
            None if fits && complete => {
                rows.write().insert(place, item.clone());
                counted(1);
            }
            None if fits => {
                if place < rows.with_untracked(Vec::len) {
                    rows.write().insert(place, item.clone());
                }
                uncertain();
            }
            None if !complete => uncertain(),
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use omni_protocol::{Channel, Direction, InteractionState, LastMessage};

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

    fn versioned(mut summary: InteractionSummary, version: u64) -> InteractionSummary {
        summary.version = version;
        summary
    }

    fn ids(list: &InteractionList) -> Vec<i64> {
        list.rows
            .rows()
            .with_untracked(|rows| rows.iter().map(|r| r.id).collect())
    }

    fn page(items: Vec<InteractionSummary>, more: bool, total: u64) -> InteractionPage {
        InteractionPage {
            items,
            next_cursor: more.then(|| "next".to_owned()),
            total,
        }
    }

    fn changed(summary: InteractionSummary) -> EventBody {
        EventBody::InteractionChanged(summary)
    }

    #[test]
    fn a_first_page_counts_only_for_the_session_that_asked() {
        let _owner = crate::store::fixtures::owner();
        let (session, list) = (super::super::Session::new(), InteractionList::default());
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
    fn changes_update_in_place_insert_in_order_and_drop_what_no_longer_fits() {
        let _owner = crate::store::fixtures::owner();
        let list = InteractionList::default();
        let ticket = list.begin_first_page();
        list.take_first_page(
            ticket,
            page(
                vec![
                    item(3, 300, None, InteractionState::Queued),
                    item(1, 100, None, InteractionState::Queued),
                ],
                false,
                2,
            ),
            7,
        );
        list.apply(&changed(item(2, 200, None, InteractionState::Queued)), 7);
        assert_eq!(ids(&list), vec![3, 2, 1]);
        assert_eq!(list.total.get_untracked(), 3);

        // Accepted by me: the row changes where it stands, nothing moves.
        let accepted = versioned(item(1, 100, Some(7), InteractionState::Active), 2);
        list.apply(&changed(accepted.clone()), 7);
        assert_eq!(list.rows.rows().with_untracked(|r| r[2].agent_id), Some(7));

        list.filters.set(ListFilters {
            account: "unassigned".into(),
            ..ListFilters::default()
        });
        list.apply(&changed(versioned(accepted, 3)), 7);
        assert_eq!(ids(&list), vec![3, 2]);
        assert_eq!(list.total.get_untracked(), 2);
        // A late answer older than the change that took it out does not bring it back.
        list.apply(
            &changed(versioned(item(1, 100, None, InteractionState::Queued), 2)),
            7,
        );
        assert_eq!(ids(&list), vec![3, 2]);
    }

    #[test]
    fn while_a_search_is_on_only_matching_events_show_and_the_server_settles_the_rest() {
        use omni_protocol::{Condition, ConditionValue, Operator, Search};
        let _owner = crate::store::fixtures::owner();
        let list = InteractionList::default();
        let on_subject = |text: &str| Condition {
            field: "subject".into(),
            op: Operator::Contains,
            value: ConditionValue::Text(text.into()),
            enabled: true,
        };
        list.filters.set(ListFilters {
            search: Search {
                conditions: vec![on_subject("order")],
                ..Search::default()
            },
            ..ListFilters::default()
        });
        let ticket = list.begin_first_page();
        list.take_first_page(ticket, page(vec![], false, 0), 7);
        let titled = |id: i64, subject: &str| InteractionSummary {
            subject: Some(subject.into()),
            ..item(id, 100 + id, None, InteractionState::Queued)
        };
        list.apply(&changed(titled(1, "Order 5 late")), 7);
        list.apply(&changed(titled(2, "Password reset")), 7);
        assert_eq!(
            ids(&list),
            vec![1],
            "the matching one shows, the other does not"
        );
        assert!(list.unsure.get_untracked().is_empty());

        // Message text: only the server can tell. A new row waits; a row shown stays.
        list.filters.update(|f| {
            f.search.conditions = vec![Condition {
                field: "message".into(),
                ..on_subject("refund")
            }]
        });
        let ticket = list.begin_first_page();
        list.take_first_page(ticket, page(vec![titled(1, "Order 5 late")], false, 1), 7);
        list.apply(&changed(versioned(titled(1, "Order 5 later"), 2)), 7);
        list.apply(&changed(titled(3, "Hello")), 7);
        list.apply(&changed(titled(4, "Hi")), 7);
        assert_eq!(ids(&list), vec![1]);
        assert_eq!(list.unsure.get_untracked(), vec![(1, 2), (3, 1), (4, 1)]);
        // The server found 3 (not 1 any more, nor 4).
        list.take_checked(ticket, &[(1, 2), (3, 1), (4, 1)], vec![titled(3, "Hello")]);
        assert_eq!(ids(&list), vec![3]);
        assert_eq!(list.total.get_untracked(), 1);
        // An answer for an older list is ignored.
        list.take_checked(ticket - 1, &[(3, 1)], vec![]);
        assert_eq!(ids(&list), vec![3]);
        // A late answer about an older version does not take out a row changed since.
        list.apply(&changed(versioned(titled(3, "Hello again"), 5)), 7);
        list.take_checked(ticket, &[(3, 1)], vec![]);
        assert_eq!(ids(&list), vec![3]);
    }

    /// A list filtered to open interactions.
    fn open_list() -> InteractionList {
        let list = InteractionList::default();
        list.filters.set(ListFilters {
            status: "open".into(),
            ..ListFilters::default()
        });
        list
    }

    #[test]
    fn a_late_first_page_gives_way_to_what_changed_meanwhile() {
        let _owner = crate::store::fixtures::owner();
        let list = open_list();
        let ticket = list.begin_first_page();
        // While the page is on its way: 1 is closed (version 9), 2 gets a new tag (version 8).
        list.apply(
            &changed(versioned(
                item(1, 100, Some(7), InteractionState::Closed),
                9,
            )),
            7,
        );
        let mut tagged = versioned(item(2, 200, None, InteractionState::Queued), 8);
        tagged.tags = vec!["vip".into()];
        list.apply(&changed(tagged), 7);
        // The page was read before both.
        list.take_first_page(
            ticket,
            page(
                vec![
                    versioned(item(2, 200, None, InteractionState::Queued), 5),
                    versioned(item(1, 100, Some(7), InteractionState::Active), 4),
                ],
                false,
                2,
            ),
            7,
        );
        assert_eq!(ids(&list), vec![2], "the closed one is gone");
        assert_eq!(
            list.rows.rows().with_untracked(|r| r[0].tags.clone()),
            ["vip"]
        );
        assert_eq!(list.total.get_untracked(), 1);
        // An answer to filters since changed is dropped.
        let old = list.begin_first_page();
        let _new = list.begin_first_page();
        list.take_first_page(old, page(vec![], false, 0), 7);
        assert_eq!(ids(&list), vec![2]);
    }

    #[test]
    fn a_next_page_read_before_a_change_neither_undoes_it_nor_resets_the_count() {
        let _owner = crate::store::fixtures::owner();
        let list = open_list();
        let ticket = list.begin_first_page();
        list.take_first_page(
            ticket,
            page(
                vec![versioned(
                    item(9, 900, Some(7), InteractionState::Active),
                    3,
                )],
                true,
                10,
            ),
            7,
        );
        let (ticket, _) = list.begin_next_page().expect("a next page is due");
        // Meanwhile: 9 (loaded) is closed; 4 (not loaded yet) is closed too.
        list.apply(
            &changed(versioned(
                item(9, 900, Some(7), InteractionState::Closed),
                20,
            )),
            7,
        );
        list.apply(
            &changed(versioned(
                item(4, 400, Some(7), InteractionState::Closed),
                21,
            )),
            7,
        );
        assert_eq!(list.total.get_untracked(), 9);
        // The page was read before both: it still has 4 open and counts 10.
        list.take_next_page(
            ticket,
            page(
                vec![versioned(
                    item(4, 400, Some(7), InteractionState::Active),
                    5,
                )],
                false,
                10,
            ),
            7,
        );
        assert!(
            ids(&list).is_empty(),
            "neither closed row comes back: {:?}",
            ids(&list)
        );
        assert_ne!(list.total.get_untracked(), 10, "the page's count is older");
        assert!(
            list.total_uncertain.get_untracked(),
            "so it is asked for again"
        );
    }

    #[test]
    fn rows_beyond_the_loaded_pages_make_the_total_uncertain_not_wrong() {
        let _owner = crate::store::fixtures::owner();
        let list = InteractionList::default();
        let ticket = list.begin_first_page();
        list.take_first_page(
            ticket,
            page(vec![item(9, 900, None, InteractionState::Queued)], true, 60),
            7,
        );
        // Ten accepts and closes of rows not loaded: the old desk counted each as new.
        for id in 101..=110 {
            list.apply(
                &changed(versioned(
                    item(id, id, Some(7), InteractionState::Active),
                    2,
                )),
                7,
            );
            list.apply(
                &changed(versioned(
                    item(id, id, Some(7), InteractionState::Closed),
                    3,
                )),
                7,
            );
        }
        assert_eq!(list.total.get_untracked(), 60);
        assert_eq!(ids(&list), vec![9], "older rows wait for their page");
        assert!(list.total_uncertain.get_untracked());
        let asked = list.begin_recount();
        list.take_recount(ticket, asked, 60);
        assert!(!list.total_uncertain.get_untracked());
        // A recount that got no answer leaves it uncertain.
        list.begin_recount();
        list.recount_failed(ticket);
        assert!(list.total_uncertain.get_untracked());
        // A change while the recount was on its way asks once more.
        let asked = list.begin_recount();
        list.apply(&changed(item(111, 11, None, InteractionState::Queued)), 7);
        list.take_recount(ticket, asked, 61);
        assert!(list.total_uncertain.get_untracked());
    }

    #[test]
    fn read_filters_judge_the_viewers_own_count() {
        let mut theirs = item(1, 1, Some(8), InteractionState::Active);
        theirs.unread = 2;
        let unread = ListFilters {
            read: "unread".into(),
            ..ListFilters::default()
        };
        assert!(unread.matches(&theirs, 7), "unread for me, whoever has it");
        let mut chat = theirs.clone();
        chat.channel = Channel::Chat;
        assert!(
            !ListFilters::default().matches(&chat, 7),
            "the email list holds emails"
        );
    }

    #[test]
    fn agent_dates_and_tags_filter_changes_as_the_server_would() {
        let mut row = item(1, 1, Some(7), InteractionState::Active);
        row.created_at = 1_000;
        row.tags = vec!["vip".into()];
        let fits = |filters: ListFilters| filters.matches(&row, 7);
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
