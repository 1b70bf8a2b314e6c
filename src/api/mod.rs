//! The backend: the only module that knows URLs. REST calls here, the event stream in `stream`.

mod compose;
mod customers;
mod search;
pub mod stream;

use futures::future::LocalBoxFuture;
use omni_protocol::{
    paths, AgentProfile, AgentRef, AgentStatus, Disposition, ErrorBody, ErrorCode, InteractionPage,
    InteractionSummary, Message, SetStatusRequest, SignInRequest, SignInResponse, StopNewRequest,
    WorkSnapshot, WrapUp, WrapUpRequest, THREAD_PAGE_MAX,
};
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

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

    /// The token was refused (401) or the account disabled (403 `account_disabled`, or a
    /// 403 without the error body): the session is over. Any other 403 refuses one action
    /// (a note on a colleague's interaction) and is shown where it happened.
    pub fn ends_session(&self) -> bool {
        match self.status {
            401 => true,
            403 => matches!(self.code, None | Some(ErrorCode::AccountDisabled)),
            _ => false,
        }
    }
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

/// A request on its way: the answer's status and body. Boxed, so that every call shares one
/// copy of the code that sends and reads, not one per answer type (the desk's size).
pub(crate) type Exchange = LocalBoxFuture<'static, Result<(u16, String), ApiError>>;

/// What a request carries besides its method and path.
#[derive(Default)]
pub(crate) struct Extras<'a> {
    pub token: Option<&'a str>,
    pub json: Option<String>,
    pub idempotency_key: Option<&'a str>,
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

    /// The backend's origin (`scheme://host:port`): what keeps one backend's drafts apart
    /// from another's in this browser.
    pub fn origin(&self) -> String {
        let here = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        if self.base.is_empty() {
            return here;
        }
        web_sys::Url::new_with_base(self.base, &here)
            .map(|url| url.origin())
            .unwrap_or_else(|_| self.base.to_owned())
    }

    /// Sends `method path` now (before this returns: a request made while the desk is being
    /// built, as the list's at sign-in, leaves at once) and reads the answer when awaited.
    pub(crate) fn exchange(&self, method: &str, path: &str, extras: Extras<'_>) -> Exchange {
        let sent = self.fetch(method, path, extras);
        Box::pin(async move {
            let response: web_sys::Response = JsFuture::from(sent?)
                .await
                .map_err(|_| ApiError::unreachable())?
                .unchecked_into();
            let status = response.status();
            let text = response.text().map_err(|_| ApiError::unreachable())?;
            let body = JsFuture::from(text)
                .await
                .map_err(|_| ApiError::unreachable())?
                .as_string()
                .unwrap_or_default();
            Ok((status, body))
        })
    }

    fn fetch(
        &self,
        method: &str,
        path: &str,
        extras: Extras<'_>,
    ) -> Result<js_sys::Promise, ApiError> {
        let headers = web_sys::Headers::new().map_err(|_| ApiError::unreachable())?;
        if let Some(token) = extras.token {
            let _ = headers.set("Authorization", &format!("Bearer {token}"));
        }
        if let Some(key) = extras.idempotency_key {
            let _ = headers.set("Idempotency-Key", key);
        }
        let init = web_sys::RequestInit::new();
        init.set_method(method);
        if let Some(json) = &extras.json {
            let _ = headers.set("Content-Type", "application/json");
            init.set_body(&wasm_bindgen::JsValue::from_str(json));
        }
        init.set_headers(&headers);
        let window = web_sys::window().ok_or_else(ApiError::unreachable)?;
        Ok(window.fetch_with_str_and_init(&self.url(path), &init))
    }

    /// A call whose answer is JSON of type `T`.
    pub(crate) fn call<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        extras: Extras<'_>,
    ) -> impl std::future::Future<Output = Result<T, ApiError>> {
        decode(self.exchange(method, path, extras))
    }

    /// A `GET` with the bearer token, answered with JSON.
    pub(crate) fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
    ) -> impl std::future::Future<Output = Result<T, ApiError>> {
        self.call(
            "GET",
            path,
            Extras {
                token: Some(token),
                ..Extras::default()
            },
        )
    }

    /// A bodiless `POST` (an action on a resource).
    pub(crate) fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
    ) -> impl std::future::Future<Output = Result<T, ApiError>> {
        self.call(
            "POST",
            path,
            Extras {
                token: Some(token),
                ..Extras::default()
            },
        )
    }

    /// `method path` with `body` as JSON.
    pub(crate) fn with_json<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: &impl Serialize,
    ) -> impl std::future::Future<Output = Result<T, ApiError>> {
        self.call(
            method,
            path,
            Extras {
                token: Some(token),
                json: serde_json::to_string(body).ok(),
                ..Extras::default()
            },
        )
    }

    pub async fn sign_in(&self, request: &SignInRequest) -> Result<SignInResponse, ApiError> {
        let json = serde_json::to_string(request).ok();
        let extras = Extras {
            json,
            ..Extras::default()
        };
        self.call("POST", paths::SIGN_IN, extras).await
    }

    pub async fn sign_out(&self, token: &str) -> Result<(), ApiError> {
        let extras = Extras {
            token: Some(token),
            ..Extras::default()
        };
        no_content(self.exchange("DELETE", paths::SIGN_OUT, extras)).await
    }

    pub async fn me(&self, token: &str) -> Result<AgentProfile, ApiError> {
        self.get(paths::ME, token).await
    }

    pub async fn set_status(
        &self,
        token: &str,
        status: AgentStatus,
    ) -> Result<AgentProfile, ApiError> {
        let request = SetStatusRequest { status };
        self.with_json("PUT", paths::MY_STATUS, token, &request)
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
        let request = StopNewRequest { stop_new };
        self.with_json("PUT", paths::MY_STOP_NEW, token, &request)
            .await
    }

    /// Accepts an offer; `attempt_key` is the same for retries of one click.
    pub async fn accept(
        &self,
        token: &str,
        offer_id: i64,
        attempt_key: &str,
    ) -> Result<InteractionSummary, ApiError> {
        let extras = Extras {
            token: Some(token),
            idempotency_key: Some(attempt_key),
            ..Extras::default()
        };
        self.call("POST", &paths::offer_accept(offer_id), extras)
            .await
    }

    pub async fn reject(&self, token: &str, offer_id: i64) -> Result<(), ApiError> {
        let extras = Extras {
            token: Some(token),
            ..Extras::default()
        };
        no_content(self.exchange("POST", &paths::offer_reject(offer_id), extras)).await
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
        self.with_json("PUT", &paths::wrap_up(interaction_id), token, request)
            .await
    }

    /// One page of the interaction list; `query` comes from `ListFilters::query`.
    /// (Sent when called, like every request.)
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

    /// The newest `wanted` messages of the thread, oldest first. The backend gives at most
    /// `THREAD_PAGE_MAX` a page: more come page by page, each before the oldest so far.
    /// (The first page is asked for when called.)
    pub fn messages(
        &self,
        token: &str,
        interaction_id: i64,
        wanted: usize,
    ) -> impl std::future::Future<Output = Result<Vec<Message>, ApiError>> {
        let page = move |before: Option<i64>, limit: usize| {
            let mut path = format!(
                "{}?limit={limit}",
                paths::interaction_messages(interaction_id)
            );
            if let Some(before) = before {
                path.push_str(&format!("&before={before}"));
            }
            path
        };
        let first = self.get::<Vec<Message>>(&page(None, wanted.min(THREAD_PAGE_MAX)), token);
        let (api, token) = (*self, token.to_owned());
        async move {
            let mut messages = first.await?;
            let mut last_page = messages.len();
            while messages.len() < wanted && last_page == THREAD_PAGE_MAX {
                let Some(oldest) = messages.first().map(|m| m.id) else {
                    break;
                };
                let limit = (wanted - messages.len()).min(THREAD_PAGE_MAX);
                let mut earlier: Vec<Message> = api.get(&page(Some(oldest), limit), &token).await?;
                last_page = if limit == THREAD_PAGE_MAX {
                    earlier.len()
                } else {
                    0
                };
                earlier.append(&mut messages);
                messages = earlier;
            }
            Ok(messages)
        }
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
        let extras = Extras {
            token: Some(token),
            ..Extras::default()
        };
        let sent = self.fetch("GET", path, extras)?;
        let response: web_sys::Response = JsFuture::from(sent)
            .await
            .map_err(|_| ApiError::unreachable())?
            .unchecked_into();
        let read = |promise: Result<js_sys::Promise, _>| async move {
            JsFuture::from(promise.map_err(|_| ApiError::unreachable())?)
                .await
                .map_err(|_| ApiError::unreachable())
        };
        if !response.ok() {
            let body = read(response.text()).await?.as_string().unwrap_or_default();
            return Err(error_from(response.status(), &body));
        }
        let file: web_sys::Blob = read(response.blob()).await?.unchecked_into();
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(content_type);
        let typed =
            web_sys::Blob::new_with_blob_sequence_and_options(&js_sys::Array::of1(&file), &options)
                .map_err(|_| ApiError::unreachable())?;
        web_sys::Url::create_object_url_with_blob(&typed).map_err(|_| ApiError::unreachable())
    }

    /// A protected text resource (a message's raw source).
    pub async fn text(&self, token: &str, path: &str) -> Result<String, ApiError> {
        let extras = Extras {
            token: Some(token),
            ..Extras::default()
        };
        let (status, body) = self.exchange("GET", path, extras).await?;
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
        let path = paths::wrap_up_complete(interaction_id);
        self.with_json("POST", &path, token, request).await
    }
}

/// An answer without a body: success or the server's error.
pub(crate) async fn no_content(exchange: Exchange) -> Result<(), ApiError> {
    let (status, body) = exchange.await?;
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(error_from(status, &body))
    }
}

/// Reads an answer as JSON of type `T`, or the server's error.
pub(crate) async fn decode<T: DeserializeOwned>(exchange: Exchange) -> Result<T, ApiError> {
    let (status, body) = exchange.await?;
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
        let disabled =
            r#"{"error":{"code":"account_disabled","message":"This account is disabled."}}"#;
        assert!(error_from(403, disabled).ends_session());
        let refused = r#"{"error":{"code":"forbidden","message":"Only the agent working this interaction can add notes."}}"#;
        assert!(
            !error_from(403, refused).ends_session(),
            "one refused action is not a sign-out"
        );
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
