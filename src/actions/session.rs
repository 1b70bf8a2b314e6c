//! Signing in and out, and taking up a saved session after a reload.

use leptos::prelude::*;
use omni_protocol::SignInRequest;

use super::Actions;
use crate::{api::ApiError, store::saved_session};

impl Actions {
    /// Signs in; the session is kept for reloads of this tab.
    pub async fn sign_in(self, request: SignInRequest) -> Result<(), ApiError> {
        let signed_in = self.api.sign_in(&request).await?;
        saved_session::save(&signed_in.token);
        self.stores.session.begin(signed_in.token, signed_in.agent);
        Ok(())
    }

    /// Takes up the session saved before a reload, if the server still knows it.
    pub async fn restore(self, token: String) {
        match self.api.me(&token).await {
            Ok(agent) => self.stores.session.begin(token, agent),
            Err(error) if error.ends_session() => {
                saved_session::clear();
                if error.status == 403 {
                    self.stores.session.ended_notice.set(Some(error.message));
                }
            }
            Err(error) => self.stores.session.ended_notice.set(Some(error.message)),
        }
    }

    /// Signs out: every store forgets this agent at once; the server forgets the token
    /// when it is reached.
    pub async fn sign_out(self) {
        // What was typed in the last moment is kept for the agent's return.
        self.save_drafts();
        let token = self.stores.session.token.get_untracked();
        self.stores.forget_everything(None);
        if let Some(token) = token {
            let _ = self.api.sign_out(&token).await;
        }
    }
}
