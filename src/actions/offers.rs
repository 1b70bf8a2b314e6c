//! Accepting and rejecting offers.

use leptos::prelude::*;
use omni_protocol::{EventBody, Offer};

use super::Actions;
use crate::{api::ApiError, store::clock::now_ms};

impl Actions {
    /// Accepts an offer: the interaction opens in the work pane. A lost answer is asked for
    /// once more with the same key (one click never accepts twice); an offer already gone
    /// leaves a note in its place.
    pub async fn accept(self, offer: Offer) -> Result<(), ApiError> {
        let token = self.token()?;
        let key = format!(
            "accept-{}-{}",
            offer.id,
            (js_sys::Math::random() * 1e12) as u64
        );
        let mut answer = self.api.accept(&token, offer.id, &key).await;
        if matches!(&answer, Err(failure) if failure.status == 0) {
            answer = self.api.accept(&token, offer.id, &key).await;
        }
        match self.answered(&token, answer) {
            Ok(summary) => {
                let id = summary.id;
                self.apply(&token, EventBody::InteractionChanged(summary));
                if self.stores.session.is_current(&token) {
                    self.stores.work.selected.set(Some(id));
                }
                Ok(())
            }
            Err(failure) if failure.status == 409 => {
                if self.stores.session.is_current(&token) {
                    self.stores.work.note(&offer, failure.message, now_ms());
                }
                Ok(())
            }
            Err(failure) => Err(failure),
        }
    }

    pub async fn reject(self, offer_id: i64) -> Result<(), ApiError> {
        let token = self.token()?;
        let answer = self.api.reject(&token, offer_id).await;
        self.answered(&token, answer)
    }
}
