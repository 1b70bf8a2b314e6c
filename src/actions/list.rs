//! The interaction list: its pages, its count, and the Agent filter's choices.

use leptos::prelude::*;

use super::Actions;
use crate::ui::perf::mark;

/// Rows a page asks for: a tall viewport's rows plus overscan (about 19); more come on scroll.
pub const PAGE: u32 = 30;

/// Performance marks around a first page (the bench measures between them).
pub const LIST_REQUEST_MARK: &str = "omni:list-request";
pub const LIST_RENDERED_MARK: &str = "omni:list-rendered";
/// Set when a first page's answer is read and decoded, before it is rendered.
pub const LIST_ANSWER_MARK: &str = "omni:list-answer";

impl Actions {
    /// Loads the list's first page for the filters now; a newer request makes this one's
    /// answer stale. Sent before this returns (at sign-in, before the desk is built).
    pub fn load_first_page(self) -> impl std::future::Future<Output = ()> {
        let list = self.stores.list;
        let token = self.token().ok();
        let asked = token.as_ref().map(|token| {
            mark(LIST_REQUEST_MARK);
            let query = list.filters.with_untracked(|f| f.query(None, PAGE));
            (
                list.begin_first_page(),
                self.api.interactions(token, &query),
            )
        });
        async move {
            let (Some(token), Some((ticket, asked))) = (token, asked) else {
                return;
            };
            let answer = self.answered(&token, asked.await);
            if !self.stores.session.is_current(&token) {
                return;
            }
            match answer {
                Ok(page) => {
                    mark(LIST_ANSWER_MARK);
                    let me = self.stores.session.agent_id().unwrap_or_default();
                    list.take_first_page(ticket, page, me);
                    leptos::task::tick().await;
                    mark(LIST_RENDERED_MARK);
                }
                Err(failure) => list.fail(ticket, failure.message),
            }
            list.first_page_answered(&self.stores.session, &token);
        }
    }

    /// Loads the next page, unless one is on its way or none is left.
    pub async fn load_next_page(self) {
        let list = self.stores.list;
        let Ok(token) = self.token() else { return };
        let Some((ticket, cursor)) = list.begin_next_page() else {
            return;
        };
        let query = list
            .filters
            .with_untracked(|f| f.query(Some(&cursor), PAGE));
        let answer = self.api.interactions(&token, &query).await;
        match self.answered(&token, answer) {
            Ok(page) => {
                let me = self.stores.session.agent_id().unwrap_or_default();
                list.take_next_page(ticket, page, me);
            }
            Err(failure) => list.fail(ticket, failure.message),
        }
    }

    /// Asks the server how many match in all, when changes beyond the loaded rows made the
    /// count uncertain.
    pub async fn recount(self) {
        let list = self.stores.list;
        let Ok(token) = self.token() else { return };
        let ticket = list.ticket();
        let changes = list.begin_recount();
        let query = list.filters.with_untracked(|f| f.query(None, 1));
        match self.answered(&token, self.api.interactions(&token, &query).await) {
            Ok(page) => list.take_recount(ticket, changes, page.total),
            // Still uncertain: asked again after the next pause.
            Err(_) => list.recount_failed(ticket),
        }
    }

    /// Loads the Agent filter's choices, unless an earlier opening already did.
    pub async fn load_agents(self) {
        let list = self.stores.list;
        if list.agents.with_untracked(|agents| !agents.is_empty()) {
            return;
        }
        let Ok(token) = self.token() else { return };
        if let Ok(agents) = self.answered(&token, self.api.agents(&token).await) {
            if self.stores.session.is_current(&token) {
                list.agents.set(agents);
            }
        }
    }
}
