//! The thread in the work pane: loaded when an interaction opens, earlier messages on
//! request, and read marks (docs/api.md, "Unread").

use leptos::prelude::*;

use super::Actions;
use crate::{
    store::{
        rows::RowsStoreFields,
        thread::{EARLIER_PAGE, THREAD_PAGE},
    },
    ui::perf::mark,
};

/// Performance marks around loading a thread (the bench measures between them).
pub const THREAD_REQUEST_MARK: &str = "omni:thread-request";
pub const THREAD_RENDERED_MARK: &str = "omni:thread-rendered";

fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}

impl Actions {
    /// Opens interaction `id`'s thread at its newest messages.
    pub fn open_thread(self, id: i64) -> impl std::future::Future<Output = ()> {
        let thread = self.stores.thread;
        let ticket = thread.begin_load(id);
        let wanted = thread.wanted.get_untracked().max(THREAD_PAGE);
        self.load_thread(id, ticket, wanted)
    }

    /// Loads `EARLIER_PAGE` more messages of the open thread.
    pub fn show_earlier(self) -> impl std::future::Future<Output = ()> {
        let thread = self.stores.thread;
        let id = thread.interaction_id.get_untracked();
        let held = thread.messages.rows().with_untracked(Vec::len);
        thread
            .wanted
            .update(|wanted| *wanted = (*wanted).max(held) + EARLIER_PAGE);
        let wanted = thread.wanted.get_untracked();
        let ticket = id.map(|id| thread.begin_load(id));
        let load = id
            .zip(ticket)
            .map(|(id, ticket)| self.load_thread(id, ticket, wanted));
        async move {
            if let Some(load) = load {
                load.await;
            }
        }
    }

    /// Loads the open thread again (resync), as many messages as are shown.
    pub fn reload_thread(self) -> impl std::future::Future<Output = ()> {
        let thread = self.stores.thread;
        let id = thread.interaction_id.get_untracked();
        let held = thread.messages.rows().with_untracked(Vec::len);
        let wanted = thread.wanted.get_untracked().max(held);
        let load = id.map(|id| self.load_thread(id, thread.begin_load(id), wanted));
        async move {
            if let Some(load) = load {
                load.await;
            }
        }
    }

    /// Asks for the newest `wanted` messages now; applies them when answered.
    fn load_thread(
        self,
        id: i64,
        ticket: u64,
        wanted: usize,
    ) -> impl std::future::Future<Output = ()> {
        let token = self.token();
        mark(THREAD_REQUEST_MARK);
        let asked = token
            .as_ref()
            .ok()
            .map(|token| self.api.messages(token, id, wanted));
        async move {
            let (Ok(token), Some(asked)) = (token, asked) else {
                return;
            };
            let answer = self.answered(&token, asked.await);
            if !self.stores.session.is_current(&token) {
                return;
            }
            let thread = self.stores.thread;
            match answer {
                Ok(messages) => {
                    thread.take(ticket, wanted, messages);
                    // The thread view reads it now that it is loaded (one request).
                    leptos::task::tick().await;
                    mark(THREAD_RENDERED_MARK);
                }
                Err(failure) => thread.fail(ticket, failure.message),
            }
        }
    }

    /// The rule of docs/api.md ("Unread"): an interaction open in the work pane, from the
    /// list or the rail, is read while the page is visible, also as new messages arrive.
    pub async fn read_if_unread(self, id: i64) {
        let unread = untrack(|| self.stores.work.interaction(id))
            .or_else(|| {
                self.stores
                    .list
                    .rows
                    .rows()
                    .with_untracked(|rows| rows.iter().find(|r| r.id == id).cloned())
            })
            .is_some_and(|summary| summary.unread > 0);
        let thread = self.stores.thread;
        let open = thread.interaction_id.get_untracked() == Some(id);
        if unread && open && !thread.kept_unread.get_untracked() && page_visible() {
            let _ = self.mark_read(id).await;
        }
    }
}
