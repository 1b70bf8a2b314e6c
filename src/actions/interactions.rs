//! Acting on an interaction: end, close, transfer, reopen, sub-status, read marks, and
//! opening one in the work pane.

use leptos::prelude::*;
use omni_protocol::{EventBody, InteractionSummary, TransferRequest, TransferTarget};

use super::Actions;
use crate::api::ApiError;

impl Actions {
    /// Applies an answer that is the interaction's new summary.
    fn take_summary(
        &self,
        token: &str,
        answer: Result<InteractionSummary, ApiError>,
    ) -> Result<InteractionSummary, ApiError> {
        let summary = self.answered(token, answer)?;
        self.apply(token, EventBody::InteractionChanged(summary.clone()));
        Ok(summary)
    }

    pub async fn end(self, id: i64) -> Result<(), ApiError> {
        let token = self.token()?;
        let answer = self.api.end(&token, id).await;
        self.take_summary(&token, answer).map(drop)
    }

    pub async fn close(self, id: i64, disposition_id: Option<i64>) -> Result<(), ApiError> {
        let token = self.token()?;
        let answer = self.api.close(&token, id, disposition_id).await;
        self.take_summary(&token, answer).map(drop)
    }

    pub async fn transfer(self, id: i64, request: TransferRequest) -> Result<(), ApiError> {
        let token = self.token()?;
        let answer = self.api.transfer(&token, id, &request).await;
        self.take_summary(&token, answer).map(drop)
    }

    pub async fn reopen(self, id: i64) -> Result<InteractionSummary, ApiError> {
        let token = self.token()?;
        let answer = self.api.reopen(&token, id).await;
        self.take_summary(&token, answer)
    }

    pub async fn set_sub_status(self, id: i64, sub_status: Option<String>) -> Result<(), ApiError> {
        let token = self.token()?;
        let answer = self.api.set_sub_status(&token, id, sub_status).await;
        self.take_summary(&token, answer).map(drop)
    }

    pub async fn mark_read(self, id: i64) -> Result<(), ApiError> {
        let token = self.token()?;
        let answer = self.api.mark_read(&token, id).await;
        self.take_summary(&token, answer).map(drop)
    }

    /// Marks it unread; while it stays open it is not marked read again by itself. (Kept
    /// so before asking: the event that says it is unread may come before the answer.)
    pub async fn mark_unread(self, id: i64) -> Result<(), ApiError> {
        let token = self.token()?;
        let thread = self.stores.thread;
        let open = thread.interaction_id.get_untracked() == Some(id);
        if open {
            thread.kept_unread.set(true);
        }
        let answer = self.api.mark_unread(&token, id).await;
        if answer.is_err() && open {
            thread.kept_unread.set(false);
        }
        self.take_summary(&token, answer).map(drop)
    }

    /// Opens interaction `id` in the work pane (a link to where a conversation continues).
    pub async fn open_interaction(self, id: i64) -> Result<(), ApiError> {
        let token = self.token()?;
        let answer = self.api.interaction(&token, id).await;
        let summary = self.answered(&token, answer)?;
        if self.stores.session.is_current(&token) {
            self.stores.work.open(&summary);
        }
        Ok(())
    }

    /// Fetches the interaction browsed from the list again (resync: events about it may have
    /// been missed).
    pub async fn reload_browsed(self) {
        let work = self.stores.work;
        let Some(id) = work.browsing.with_untracked(|b| b.as_ref().map(|b| b.id)) else {
            return;
        };
        let Ok(token) = self.token() else { return };
        let answer = self.api.interaction(&token, id).await;
        if let Ok(summary) = self.answered(&token, answer) {
            if self.stores.session.is_current(&token) {
                work.take_browsed(&summary);
            }
        }
    }

    /// The queues and online agents a transfer may go to (queues are kept once loaded).
    pub async fn transfer_targets(self) -> Result<Vec<TransferTarget>, ApiError> {
        let token = self.token()?;
        let catalog = self.stores.catalog;
        if catalog.queues.with_untracked(Option::is_none) {
            let answer = self.api.queues(&token).await;
            let queues = self.answered(&token, answer)?;
            if self.stores.session.is_current(&token) {
                catalog.queues.set(Some(queues));
            }
        }
        let answer = self.api.transfer_targets(&token).await;
        self.answered(&token, answer)
    }
}
