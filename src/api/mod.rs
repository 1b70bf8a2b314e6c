//! The backend: the only module that knows URLs. REST calls here, the event stream in `stream`.

mod compose;
pub mod stream;

use gloo_net::http::{Request, RequestBuilder, Response};
use omni_protocol::{
    paths, AgentProfile, AgentRef, AgentStatus, Disposition, ErrorBody, ErrorCode, InteractionPage,
    InteractionSummary, Message, SetStatusRequest, SignInRequest, SignInResponse, StopNewRequest,
    WorkSnapshot, WrapUp, WrapUpRequest,
};
use serde::{de::DeserializeOwned, Serialize};

/// A failed call, in words the agent can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status, 0 when the server was not reached.
    pub status: u16,
    pub code: Option<ErrorCode>,
    pub message: String,
    pub field: Option<String>,
}

impl ApiError {
    pub(crate) fn unreachable() -> Self {
        Self {
            status: 0,
            code: None,
            message: "Cannot reach the server. Check your connection and try again.".into(),
            field: None,
        }
    }

    /// Asked for while nobody is signed in (the session ended meanwhile).
    pub fn signed_out() -> Self {
        Self {
            status: 401,
            code: None,
            message: "You are signed out.".into(),
            field: None,
        }
    }

    /// The token was refused (401) or the account disabled (403): the session is over.
    pub fn ends_session(&self) -> bool {
        matches!(self.status, 401 | 403)
    }
}

/// `fetch(request)` now.
fn send_now(request: &web_sys::Request) -> Result<js_sys::Promise, gloo_net::Error> {
    web_sys::window()
        .map(|window| window.fetch_with_request(request))
        .ok_or_else(|| gloo_net::Error::GlooError("no window to fetch from".into()))
}

/// Turns a non-success answer into an [`ApiError`], preferring the server's own message.
pub fn error_from(status: u16, body: &str) -> ApiError {
    match serde_json::from_str::<ErrorBody>(body) {
        Ok(ErrorBody { error }) => ApiError {
            status,
            code: Some(error.code),
            message: error.message,
            field: error.field,
        },
        Err(_) => ApiError {
            status,
            code: None,
            message: format!("The server answered with an error ({status})."),
            field: None,
        },
    }
}

/// The backend at one address. `Copy`: the address is read once per page load and kept for
/// the page's life, so handlers and tasks take the API without cloning it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Api {
    base: &'static str,
}

impl Api {
    pub fn new(base: impl Into<String>) -> Self {
        let base: String = base.into().trim_end_matches('/').to_owned();
        Self {
            base: Box::leak(base.into_boxed_str()),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A `GET` that the browser sends before this returns; its answer is read when awaited.
    /// (An async fn would first run after the current task, so a request made while the desk
    /// is being built — the list at sign-in — would leave only once the building is done.)
    pub(crate) fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
    ) -> impl std::future::Future<Output = Result<T, ApiError>> {
        let sent = authorized(Request::get(&self.url(path)), token)
            .build()
            .and_then(|request| send_now(&request.into()));
        async move {
            let answer = match sent {
                Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise)
                    .await
                    .map(|value| Response::from(web_sys::Response::from(value)))
                    .map_err(|_| gloo_net::Error::GlooError("fetch failed".into())),
                Err(error) => Err(error),
            };
            decode(answer).await
        }
    }

    /// A bodiless `POST` (an action on a resource).
    pub(crate) async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
    ) -> Result<T, ApiError> {
        decode(
            authorized(Request::post(&self.url(path)), token)
                .send()
                .await,
        )
        .await
    }

    pub(crate) async fn with_json<T: DeserializeOwned>(
        &self,
        request: RequestBuilder,
        token: &str,
        body: &impl Serialize,
    ) -> Result<T, ApiError> {
        let call = authorized(request, token)
            .json(body)
            .map_err(|_| ApiError::unreachable())?;
        decode(call.send().await).await
    }

    pub async fn sign_in(&self, request: &SignInRequest) -> Result<SignInResponse, ApiError> {
        let call = Request::post(&self.url(paths::SIGN_IN))
            .json(request)
            .map_err(|_| ApiError::unreachable())?;
        decode(call.send().await).await
    }

    pub async fn sign_out(&self, token: &str) -> Result<(), ApiError> {
        no_content(
            authorized(Request::delete(&self.url(paths::SIGN_OUT)), token)
                .send()
                .await,
        )
        .await
    }

    pub async fn me(&self, token: &str) -> Result<AgentProfile, ApiError> {
        self.get(paths::ME, token).await
    }

    pub async fn set_status(
        &self,
        token: &str,
        status: AgentStatus,
    ) -> Result<AgentProfile, ApiError> {
        self.with_json(
            Request::put(&self.url(paths::MY_STATUS)),
            token,
            &SetStatusRequest { status },
        )
        .await
    }

    /// Offers, open interactions and wrap-ups at one instant (reload, resync).
    pub async fn work(&self, token: &str) -> Result<WorkSnapshot, ApiError> {
        self.get(paths::MY_WORK, token).await
    }

    pub async fn dispositions(&self, token: &str) -> Result<Vec<Disposition>, ApiError> {
        self.get(paths::DISPOSITIONS, token).await
    }

    pub async fn set_stop_new(
        &self,
        token: &str,
        stop_new: bool,
    ) -> Result<AgentProfile, ApiError> {
        self.with_json(
            Request::put(&self.url(paths::MY_STOP_NEW)),
            token,
            &StopNewRequest { stop_new },
        )
        .await
    }

    /// Accepts an offer; `attempt_key` is the same for retries of one click.
    pub async fn accept(
        &self,
        token: &str,
        offer_id: i64,
        attempt_key: &str,
    ) -> Result<InteractionSummary, ApiError> {
        let call = authorized(
            Request::post(&self.url(&paths::offer_accept(offer_id))),
            token,
        )
        .header("Idempotency-Key", attempt_key);
        decode(call.send().await).await
    }

    pub async fn reject(&self, token: &str, offer_id: i64) -> Result<(), ApiError> {
        no_content(
            authorized(
                Request::post(&self.url(&paths::offer_reject(offer_id))),
                token,
            )
            .send()
            .await,
        )
        .await
    }

    pub async fn end(
        &self,
        token: &str,
        interaction_id: i64,
    ) -> Result<InteractionSummary, ApiError> {
        self.post(&paths::interaction_end(interaction_id), token)
            .await
    }

    pub async fn save_wrap_up(
        &self,
        token: &str,
        interaction_id: i64,
        request: &WrapUpRequest,
    ) -> Result<WrapUp, ApiError> {
        self.with_json(
            Request::put(&self.url(&paths::wrap_up(interaction_id))),
            token,
            request,
        )
        .await
    }

    /// One page of the interaction list; `query` comes from `store::list::list_query`.
    /// (Sent when called, like every GET.)
    pub fn interactions(
        &self,
        token: &str,
        query: &str,
    ) -> impl std::future::Future<Output = Result<InteractionPage, ApiError>> {
        self.get(&format!("{}{query}", paths::INTERACTIONS), token)
    }

    /// Every active agent, for the list's Agent filter.
    pub async fn agents(&self, token: &str) -> Result<Vec<AgentRef>, ApiError> {
        self.get(paths::AGENTS, token).await
    }

    /// The newest `limit` messages of the thread, oldest first.
    pub fn messages(
        &self,
        token: &str,
        interaction_id: i64,
        limit: usize,
    ) -> impl std::future::Future<Output = Result<Vec<Message>, ApiError>> {
        let path = format!(
            "{}?limit={limit}",
            paths::interaction_messages(interaction_id)
        );
        self.get(&path, token)
    }

    pub async fn mark_read(
        &self,
        token: &str,
        interaction_id: i64,
    ) -> Result<InteractionSummary, ApiError> {
        self.post(&paths::interaction_read(interaction_id), token)
            .await
    }

    pub async fn mark_unread(
        &self,
        token: &str,
        interaction_id: i64,
    ) -> Result<InteractionSummary, ApiError> {
        self.post(&paths::interaction_unread(interaction_id), token)
            .await
    }

    /// A protected file as a `blob:` URL the page may use (links, images); revoke when done.
    pub async fn file_url(
        &self,
        token: &str,
        path: &str,
        content_type: &str,
    ) -> Result<String, ApiError> {
        let response = authorized(Request::get(&self.url(path)), token)
            .send()
            .await
            .map_err(|_| ApiError::unreachable())?;
        if !response.ok() {
            return Err(error_from(
                response.status(),
                &response.text().await.unwrap_or_default(),
            ));
        }
        let bytes = response
            .binary()
            .await
            .map_err(|_| ApiError::unreachable())?;
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(&bytes[..]));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(content_type);
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
            .map_err(|_| ApiError::unreachable())?;
        web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| ApiError::unreachable())
    }

    /// A protected text resource (a message's raw source).
    pub async fn text(&self, token: &str, path: &str) -> Result<String, ApiError> {
        let response = authorized(Request::get(&self.url(path)), token)
            .send()
            .await
            .map_err(|_| ApiError::unreachable())?;
        let status = response.status();
        let body = response.text().await.map_err(|_| ApiError::unreachable())?;
        if (200..300).contains(&status) {
            Ok(body)
        } else {
            Err(error_from(status, &body))
        }
    }

    pub async fn complete_wrap_up(
        &self,
        token: &str,
        interaction_id: i64,
        request: &WrapUpRequest,
    ) -> Result<InteractionSummary, ApiError> {
        self.with_json(
            Request::post(&self.url(&paths::wrap_up_complete(interaction_id))),
            token,
            request,
        )
        .await
    }
}

pub(crate) async fn no_content(sent: Result<Response, gloo_net::Error>) -> Result<(), ApiError> {
    let response = sent.map_err(|_| ApiError::unreachable())?;
    if response.ok() {
        Ok(())
    } else {
        Err(error_from(
            response.status(),
            &response.text().await.unwrap_or_default(),
        ))
    }
}

pub(crate) fn authorized(request: RequestBuilder, token: &str) -> RequestBuilder {
    request.header("Authorization", &format!("Bearer {token}"))
}

pub(crate) async fn decode<T: DeserializeOwned>(
    sent: Result<Response, gloo_net::Error>,
) -> Result<T, ApiError> {
    let response = sent.map_err(|_| ApiError::unreachable())?;
    let status = response.status();
    let body = response.text().await.map_err(|_| ApiError::unreachable())?;
    if !(200..300).contains(&status) {
        return Err(error_from(status, &body));
    }
    serde_json::from_str(&body).map_err(|error| ApiError {
        status,
        code: None,
        message: format!("The server's answer could not be read: {error}"),
        field: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_message_is_kept_and_garbage_is_worded() {
        let error = error_from(
            422,
            r#"{"error":{"code":"validation","message":"Unknown status","field":"status"}}"#,
        );
        assert_eq!(error.message, "Unknown status");
        assert_eq!(error.field.as_deref(), Some("status"));
        assert_eq!(error.code, Some(ErrorCode::Validation));
        let error = error_from(502, "<html>Bad gateway</html>");
        assert_eq!(error.message, "The server answered with an error (502).");
        assert!(!error.ends_session());
        assert!(error_from(401, "").ends_session());
        assert!(error_from(403, "").ends_session());
    }

    #[test]
    fn urls_join_without_double_slashes() {
        assert_eq!(
            Api::new("https://x.example/").url(paths::ME),
            "https://x.example/api/v1/me"
        );
        assert_eq!(Api::new("").url(paths::ME), "/api/v1/me");
    }
}
