//! The agent's status and "Stop new"; the answer (and its event) is the truth.

use omni_protocol::AgentStatus;

use super::Actions;
use crate::api::ApiError;

impl Actions {
    pub async fn set_status(self, status: AgentStatus) -> Result<(), ApiError> {
        let token = self.token()?;
        let answer = self.api.set_status(&token, status).await;
        let profile = self.answered(&token, answer)?;
        if self.stores.session.is_current(&token) {
            self.stores.session.apply_profile(profile);
        }
        Ok(())
    }

    pub async fn set_stop_new(self, stop_new: bool) -> Result<(), ApiError> {
        let token = self.token()?;
        let answer = self.api.set_stop_new(&token, stop_new).await;
        let profile = self.answered(&token, answer)?;
        if self.stores.session.is_current(&token) {
            self.stores.session.apply_profile(profile);
        }
        Ok(())
    }
}
