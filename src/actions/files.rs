//! Protected files as the page may use them: attachments, uploads, transcripts, sources.

use super::Actions;
use crate::api::ApiError;

impl Actions {
    /// A protected file as a `blob:` URL (links, images); revoke when done.
    pub async fn file_url(self, path: String, content_type: String) -> Result<String, ApiError> {
        let token = self.token()?;
        let answer = self.api.file_url(&token, &path, &content_type).await;
        self.answered(&token, answer)
    }

    /// A protected text (a message's raw source).
    pub async fn text(self, path: String) -> Result<String, ApiError> {
        let token = self.token()?;
        let answer = self.api.text(&token, &path).await;
        self.answered(&token, answer)
    }
}
