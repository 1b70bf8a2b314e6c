//! The search's fields, saved searches, and the agent's settings (search as I type).

use omni_protocol::{
    paths, AgentProfile, AgentSettings, SaveSearchRequest, SavedSearch, SearchField,
};

use super::{no_content, Api, ApiError, Extras};

impl Api {
    pub async fn search_fields(&self, token: &str) -> Result<Vec<SearchField>, ApiError> {
        self.get(paths::SEARCH_FIELDS, token).await
    }

    pub async fn saved_searches(&self, token: &str) -> Result<Vec<SavedSearch>, ApiError> {
        self.get(paths::SEARCHES, token).await
    }

    pub async fn save_search(
        &self,
        token: &str,
        request: &SaveSearchRequest,
    ) -> Result<SavedSearch, ApiError> {
        self.with_json("POST", paths::SEARCHES, token, request)
            .await
    }

    pub async fn delete_search(&self, token: &str, id: i64) -> Result<(), ApiError> {
        let extras = Extras {
            token: Some(token),
            ..Extras::default()
        };
        no_content(self.exchange("DELETE", &paths::saved_search(id), extras)).await
    }

    pub async fn set_settings(
        &self,
        token: &str,
        settings: &AgentSettings,
    ) -> Result<AgentProfile, ApiError> {
        self.with_json("PUT", paths::MY_SETTINGS, token, settings)
            .await
    }
}
