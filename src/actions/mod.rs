//! What a view may ask for: sign in, accept, send, mark read … Each action calls the API and
//! hands the answer to the stores' `apply`; views never talk to the API themselves.

pub mod compose;
pub mod customers;
pub mod drafts;
pub mod files;
pub mod host;
pub mod interactions;
pub mod list;
pub mod offers;
pub mod presence;
pub mod search;
pub mod session;
pub mod sync;
pub mod thread;
pub mod wrap_up;

use leptos::prelude::*;
use omni_protocol::EventBody;

pub use crate::api::{stream::StreamHandle, ApiError};
use crate::{
    api::Api,
    host::{Host, PanelBridge},
    store::{clock::now_ms, Stores},
};

/// The desk's actions: the backend and every store. `Copy`, provided as a context.
#[derive(Clone, Copy)]
pub struct Actions {
    pub api: Api,
    pub stores: Stores,
    /// The CRM page around the desk, once `host::connect` found an allowed one.
    pub bridge: StoredValue<Option<PanelBridge>, LocalStorage>,
}

impl Actions {
    pub fn new(api: Api) -> Self {
        Self {
            api,
            stores: Stores::default(),
            bridge: StoredValue::new_local(None),
        }
    }

    /// Actions against the backend at `api_base` (from `config.json`), with empty stores.
    pub fn for_backend(api_base: String) -> Self {
        Self::new(Api::new(api_base))
    }

    /// Where records are searched, opened and created: the CRM page around the desk, or the
    /// local CRM.
    pub fn host(self) -> Host {
        match self.bridge.get_value() {
            Some(bridge) => Host::Embedded(bridge),
            None => Host::Local(Box::new(self)),
        }
    }

    pub fn set_bridge(self, bridge: PanelBridge) {
        self.bridge.set_value(Some(bridge));
    }

    /// The token, or the sentence the host's caller shows.
    pub(crate) fn token_for_host(&self) -> Result<String, String> {
        self.token().map_err(|error| error.message)
    }

    /// The signed-in session's token.
    fn token(&self) -> Result<String, ApiError> {
        self.stores
            .session
            .token
            .get_untracked()
            .ok_or_else(ApiError::signed_out)
    }

    /// Passes an answer on; one that says the session is over (401, 403) signs out, if it
    /// is still the session that asked.
    fn answered<T>(&self, token: &str, answer: Result<T, ApiError>) -> Result<T, ApiError> {
        if let Err(error) = &answer {
            self.check_session(token, error);
        }
        answer
    }

    fn check_session(&self, token: &str, error: &ApiError) {
        if error.ends_session() && self.stores.session.is_current(token) {
            // What was typed in the last moment is kept for the agent's return.
            self.save_drafts();
            self.stores.forget_everything(Some(error.message.clone()));
        }
    }

    /// An answer of the same shape as an event reaches the stores as one, unless the
    /// session that asked is over.
    fn apply(&self, token: &str, change: EventBody) {
        if self.stores.session.is_current(token) {
            self.stores.apply(&change, now_ms());
        }
    }
}
