//! Post-processing: notes and disposition kept on the server as chosen, Wrap up.

use omni_protocol::{EventBody, WrapUpRequest};

use super::Actions;
use crate::api::ApiError;

impl Actions {
    pub async fn save_wrap_up(self, id: i64, request: WrapUpRequest) -> Result<(), ApiError> {
        let token = self.token()?;
        let answer = self.api.save_wrap_up(&token, id, &request).await;
        let wrap_up = self.answered(&token, answer)?;
        self.apply(&token, EventBody::WrapUpChanged(wrap_up));
        Ok(())
    }

    pub async fn complete_wrap_up(self, id: i64, request: WrapUpRequest) -> Result<(), ApiError> {
        let token = self.token()?;
        let answer = self.api.complete_wrap_up(&token, id, &request).await;
        let summary = self.answered(&token, answer)?;
        self.apply(&token, EventBody::InteractionChanged(summary));
        Ok(())
    }
}
