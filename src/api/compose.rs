//! Writing and moving interactions on: sends, notes, uploads (with progress), transfer,
//! close, reopen, and the lists the composer picks from.

use futures::channel::oneshot;
use omni_protocol::{
    paths, CannedAnswer, CloseRequest, EmailAccount, ForwardRequest, InteractionSummary, Message,
    NewEmailRequest, NoteRequest, Queue, ReplyRequest, Sent, SubStatusRequest, TransferRequest,
    TransferTarget, Upload,
};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{closure::Closure, JsCast};

use super::{decode, error_from, no_content, Api, ApiError, Extras};

#[derive(Serialize)]
struct PreviewRequest<'a> {
    markdown: &'a str,
}

#[derive(Deserialize)]
struct PreviewResponse {
    html: String,
}

impl Api {
    pub async fn interaction(
        &self,
        token: &str,
        interaction_id: i64,
    ) -> Result<InteractionSummary, ApiError> {
        self.get(&format!("{}/{interaction_id}", paths::INTERACTIONS), token)
            .await
    }

    pub async fn email_accounts(&self, token: &str) -> Result<Vec<EmailAccount>, ApiError> {
        self.get(paths::EMAIL_ACCOUNTS, token).await
    }

    pub async fn queues(&self, token: &str) -> Result<Vec<Queue>, ApiError> {
        self.get(paths::QUEUES, token).await
    }

    pub async fn canned_answers(&self, token: &str) -> Result<Vec<CannedAnswer>, ApiError> {
        self.get(paths::CANNED_ANSWERS, token).await
    }

    pub async fn transfer_targets(&self, token: &str) -> Result<Vec<TransferTarget>, ApiError> {
        self.get(paths::TRANSFER_TARGETS, token).await
    }

    /// The HTML a Markdown body becomes when sent (the server renders both).
    pub async fn preview(&self, token: &str, markdown: &str) -> Result<String, ApiError> {
        let answer: PreviewResponse = self
            .with_json(
                "POST",
                paths::MARKDOWN_PREVIEW,
                token,
                &PreviewRequest { markdown },
            )
            .await?;
        Ok(answer.html)
    }

    /// A keyed `POST` whose repeats (same `key`) the server answers without acting twice.
    /// When the answer is lost on the way (the server may have acted), it is asked again
    /// with the same key a few times, so the agent gets the one true result.
    async fn send_keyed<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
        key: &str,
        body: &impl Serialize,
    ) -> Result<T, ApiError> {
        let mut pause_ms = 400;
        let json = serde_json::to_string(body).ok();
        for attempt in 0.. {
            let extras = Extras {
                token: Some(token),
                json: json.clone(),
                idempotency_key: Some(key),
            };
            match decode(self.exchange("POST", path, extras)).await {
                Err(error) if error.status == 0 && attempt < 3 => {
                    gloo_timers::future::TimeoutFuture::new(pause_ms).await;
                    pause_ms *= 2;
                }
                answer => return answer,
            }
        }
        unreachable!("the loop returns")
    }

    pub async fn reply(
        &self,
        token: &str,
        interaction_id: i64,
        key: &str,
        request: &ReplyRequest,
    ) -> Result<Sent, ApiError> {
        let path = paths::interaction_action(interaction_id, "replies");
        self.send_keyed(&path, token, key, request).await
    }

    pub async fn forward(
        &self,
        token: &str,
        interaction_id: i64,
        key: &str,
        request: &ForwardRequest,
    ) -> Result<Sent, ApiError> {
        let path = paths::interaction_action(interaction_id, "forwards");
        self.send_keyed(&path, token, key, request).await
    }

    pub async fn new_email(
        &self,
        token: &str,
        key: &str,
        request: &NewEmailRequest,
    ) -> Result<Sent, ApiError> {
        self.send_keyed(paths::EMAILS, token, key, request).await
    }

    pub async fn add_note(
        &self,
        token: &str,
        interaction_id: i64,
        request: &NoteRequest,
    ) -> Result<Message, ApiError> {
        let path = paths::interaction_action(interaction_id, "notes");
        self.with_json("POST", &path, token, request).await
    }

    pub async fn set_sub_status(
        &self,
        token: &str,
        interaction_id: i64,
        sub_status: Option<String>,
    ) -> Result<InteractionSummary, ApiError> {
        let path = paths::interaction_action(interaction_id, "sub-status");
        self.with_json("PUT", &path, token, &SubStatusRequest { sub_status })
            .await
    }

    pub async fn transfer(
        &self,
        token: &str,
        interaction_id: i64,
        request: &TransferRequest,
    ) -> Result<InteractionSummary, ApiError> {
        let path = paths::interaction_action(interaction_id, "transfer");
        self.with_json("POST", &path, token, request).await
    }

    pub async fn close(
        &self,
        token: &str,
        interaction_id: i64,
        disposition_id: Option<i64>,
    ) -> Result<InteractionSummary, ApiError> {
        let path = paths::interaction_action(interaction_id, "close");
        self.with_json("POST", &path, token, &CloseRequest { disposition_id })
            .await
    }

    pub async fn reopen(
        &self,
        token: &str,
        interaction_id: i64,
    ) -> Result<InteractionSummary, ApiError> {
        self.post(&paths::interaction_action(interaction_id, "reopen"), token)
            .await
    }

    /// Whether upload `id` is still on the server (a `HEAD`: the file is not fetched).
    pub async fn upload_exists(&self, token: &str, upload_id: i64) -> Result<bool, ApiError> {
        let extras = Extras {
            token: Some(token),
            ..Extras::default()
        };
        match self
            .exchange("HEAD", &paths::upload(upload_id), extras)
            .await?
        {
            (200..=299, _) => Ok(true),
            (404, _) => Ok(false),
            (status, body) => Err(error_from(status, &body)),
        }
    }

    pub async fn remove_upload(&self, token: &str, upload_id: i64) -> Result<(), ApiError> {
        let extras = Extras {
            token: Some(token),
            ..Extras::default()
        };
        no_content(self.exchange("DELETE", &paths::upload(upload_id), extras)).await
    }

    /// Uploads one file; `progress` hears (bytes sent, bytes total) as it goes. Uses
    /// XMLHttpRequest: `fetch` reports no upload progress.
    pub async fn upload(
        &self,
        token: &str,
        file: &web_sys::File,
        progress: impl Fn(f64, f64) + 'static,
    ) -> Result<Upload, ApiError> {
        let xhr = web_sys::XmlHttpRequest::new().map_err(|_| ApiError::unreachable())?;
        let url = format!(
            "{}?filename={}",
            self.url(paths::UPLOADS),
            String::from(js_sys::encode_uri_component(&file.name()))
        );
        xhr.open("POST", &url)
            .map_err(|_| ApiError::unreachable())?;
        let _ = xhr.set_request_header("Authorization", &format!("Bearer {token}"));
        let kind = file.type_();
        let _ = xhr.set_request_header(
            "Content-Type",
            if kind.is_empty() {
                "application/octet-stream"
            } else {
                &kind
            },
        );
        let on_progress =
            Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |event: web_sys::ProgressEvent| {
                progress(event.loaded(), event.total());
            });
        if let Ok(upload) = xhr.upload() {
            upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        }
        let (done, finished) = oneshot::channel::<bool>();
        let done = std::cell::RefCell::new(Some(done));
        let on_end = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
            if let Some(done) = done.borrow_mut().take() {
                let _ = done.send(event.type_() == "load");
            }
        });
        xhr.set_onload(Some(on_end.as_ref().unchecked_ref()));
        xhr.set_onerror(Some(on_end.as_ref().unchecked_ref()));
        xhr.set_onabort(Some(on_end.as_ref().unchecked_ref()));
        xhr.send_with_opt_blob(Some(file))
            .map_err(|_| ApiError::unreachable())?;
        let loaded = finished.await.unwrap_or(false);
        drop((on_progress, on_end));
        if !loaded {
            return Err(ApiError::unreachable());
        }
        let status = xhr.status().unwrap_or(0);
        let body = xhr.response_text().ok().flatten().unwrap_or_default();
        if !(200..300).contains(&status) {
            return Err(error_from(status, &body));
        }
        serde_json::from_str(&body).map_err(|_| error_from(status, ""))
    }
}
