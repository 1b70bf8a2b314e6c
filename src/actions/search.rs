//! Searching (B18, B19): the quick search, applying and clearing the advanced search, saved
//! searches, the "search as I type" setting, asking the server about rows only it can
//! judge, and the search in the page's address (shareable, kept by a reload).

use leptos::prelude::*;
use omni_protocol::{SaveSearchRequest, SavedSearch, Search};
use wasm_bindgen::JsValue;

use super::Actions;
use crate::text::lowercase;

/// The page address's parameters that carry the search.
const QUICK_PARAM: &str = "q";
const SEARCH_PARAM: &str = "search";

impl Actions {
    /// Loads the fields and the saved searches, unless they are loaded.
    pub async fn load_search(self) {
        let builder = self.stores.search;
        let Ok(token) = self.token() else { return };
        if builder.fields.with_untracked(Vec::is_empty) {
            match self.answered(&token, self.api.search_fields(&token).await) {
                Ok(fields) if self.stores.session.is_current(&token) => builder.fields.set(fields),
                Ok(_) => return,
                Err(failure) => builder.notice.set(Some(failure.message)),
            }
        }
        if let Ok(saved) = self.answered(&token, self.api.saved_searches(&token).await) {
            if self.stores.session.is_current(&token) {
                builder.saved.set(saved);
            }
        }
    }

    /// The quick search box's text becomes what the list shows ("" shows the list again).
    /// The same text again asks nothing.
    pub fn quick_search(self, text: String) {
        let text = text.trim().to_owned();
        let filters = self.stores.list.filters;
        if filters.with_untracked(|f| f.quick != text) {
            filters.update(|f| f.quick = text);
        }
    }

    /// Apply: the conditions built become the list's search, over all interactions. A chip
    /// the desk knows is wrong keeps the search from running; its problem shows by it.
    pub fn apply_search(self) -> bool {
        let builder = self.stores.search;
        if builder.fields.with_untracked(Vec::is_empty) {
            builder.notice.set(Some(
                "The search fields have not loaded yet; open the search again in a moment.".into(),
            ));
            return false;
        }
        if !builder.problems().is_empty() {
            builder
                .notice
                .set(Some("Correct the marked conditions first.".into()));
            return false;
        }
        builder.notice.set(None);
        let search = builder.draft.get_untracked();
        let quick = builder.typed.get_untracked().trim().to_owned();
        self.stores.list.filters.update(|filters| {
            filters.search = search;
            filters.quick = quick;
        });
        builder.open.set(false);
        true
    }

    /// X / Clear search: the full list again; the conditions stay in the builder.
    pub fn end_search(self) {
        self.stores.search.typed.set(String::new());
        if !self.stores.list.filters.with_untracked(|f| f.searching()) {
            return;
        }
        self.stores.list.filters.update(|filters| {
            filters.search = Search::default();
            filters.quick.clear();
        });
    }

    /// A saved search is built and applied; whether it runs.
    pub fn pick_saved(self, saved: SavedSearch) -> bool {
        self.stores.search.take(saved.search, saved.quick);
        self.apply_search()
    }

    /// Saves what is being built under `name`; an error is shown in the panel.
    pub async fn save_search(self, name: String) -> bool {
        let builder = self.stores.search;
        let Ok(token) = self.token() else {
            return false;
        };
        let request = SaveSearchRequest {
            name,
            search: builder.draft.get_untracked(),
            quick: builder.typed.get_untracked().trim().to_owned(),
        };
        let answer = self.answered(&token, self.api.save_search(&token, &request).await);
        if !self.stores.session.is_current(&token) {
            return false;
        }
        match answer {
            Ok(saved) => {
                builder.saved.update(|all| {
                    all.retain(|s| s.id != saved.id);
                    all.push(saved.clone());
                    all.sort_by_key(|s| lowercase(&s.name));
                });
                builder
                    .notice
                    .set(Some(format!("Saved as \"{}\".", saved.name)));
                true
            }
            Err(failure) => {
                builder.notice.set(Some(failure.message));
                false
            }
        }
    }

    /// Deletes saved search `id`; whether it is gone (a failure is shown in the panel).
    pub async fn delete_saved(self, id: i64) -> bool {
        let builder = self.stores.search;
        let Ok(token) = self.token() else {
            return false;
        };
        let answer = self.answered(&token, self.api.delete_search(&token, id).await);
        if !self.stores.session.is_current(&token) {
            return false;
        }
        match answer {
            Ok(()) => {
                builder.saved.update(|all| all.retain(|s| s.id != id));
                true
            }
            Err(failure) => {
                builder.notice.set(Some(failure.message));
                false
            }
        }
    }

    /// "Search as I type": the profile setting, kept on the server.
    pub async fn set_search_as_you_type(self, on: bool) {
        let session = self.stores.session;
        let Ok(token) = self.token() else { return };
        let Some(mut settings) = session
            .agent
            .with_untracked(|agent| agent.as_ref().map(|a| a.settings.clone()))
        else {
            return;
        };
        settings.search_on_enter_only = !on;
        match self.answered(&token, self.api.set_settings(&token, &settings).await) {
            Ok(profile) => session.agent.update(|agent| {
                if let Some(agent) = agent.as_mut().filter(|a| a.id == profile.id) {
                    agent.settings = profile.settings;
                }
            }),
            Err(failure) => {
                self.stores.search.notice.set(Some(failure.message));
                // The box the agent ticked shows the setting as it still is.
                session.agent.notify();
            }
        }
    }

    /// Asks the server whether the rows the desk could not judge match the search,
    /// [`UNSURE_BATCH`] at a time. Rows not answered because the server was not reached, or
    /// failed, are asked again a little later; a search the server refuses is said in the
    /// list and not asked again.
    pub async fn check_unsure(self) {
        let list = self.stores.list;
        let Ok(token) = self.token() else { return };
        let asked: Vec<(i64, u64)> = list.unsure.try_update(std::mem::take).unwrap_or_default();
        let ticket = list.ticket();
        let query = list
            .filters
            .with_untracked(|f| f.query(None, UNSURE_BATCH as u32));
        for (at, batch) in asked.chunks(UNSURE_BATCH).enumerate() {
            let ids: Vec<String> = batch.iter().map(|(id, _)| id.to_string()).collect();
            let query = format!("{query}&ids={}", ids.join(","));
            match self.answered(&token, self.api.interactions(&token, &query).await) {
                Ok(page) => list.take_checked(ticket, batch, page.items),
                Err(failure) if (400..500).contains(&failure.status) => {
                    if list.is_current(ticket) {
                        list.error.set(Some(failure.message));
                    }
                    return;
                }
                Err(_) => {
                    gloo_timers::future::TimeoutFuture::new(UNSURE_RETRY_MS).await;
                    if list.is_current(ticket) {
                        let unanswered = &asked[at * UNSURE_BATCH..];
                        list.unsure.update(|ids| ids.extend_from_slice(unanswered));
                    }
                    return;
                }
            }
        }
    }
}

/// Rows asked about in one request (the server's limit for `ids`).
const UNSURE_BATCH: usize = 100;

/// Rows the server could not be asked about are asked again after this pause.
const UNSURE_RETRY_MS: u32 = 3_000;

/// The search in the page's address, read at start: the list opens with it.
pub fn read_from_address(actions: Actions) {
    let Some(params) = address_params() else {
        return;
    };
    let quick = params.get(QUICK_PARAM).unwrap_or_default();
    let search = match params.get(SEARCH_PARAM) {
        None => Search::default(),
        Some(json) => serde_json::from_str::<Search>(&json).unwrap_or_else(|_| {
            let builder = actions.stores.search;
            // Said when the agent opens the search.
            builder.notice.set(Some(
                "The search in this page's address could not be read; the full list shows.".into(),
            ));
            Search::default()
        }),
    };
    let offset = -(js_sys::Date::new_0().get_timezone_offset() as i32);
    actions.stores.search.take(search.clone(), quick.clone());
    actions.stores.list.filters.update(|filters| {
        filters.utc_offset_minutes = offset;
        filters.quick = quick;
        filters.search = search;
    });
}

/// Writes the list's search into the page's address (without a new history entry).
pub fn write_to_address(quick: &str, search: &Search) {
    let Some(params) = address_params() else {
        return;
    };
    params.delete(QUICK_PARAM);
    params.delete(SEARCH_PARAM);
    if !quick.trim().is_empty() {
        params.set(QUICK_PARAM, quick.trim());
    }
    if search.is_active() {
        params.set(
            SEARCH_PARAM,
            &serde_json::to_string(search).unwrap_or_default(),
        );
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let query = String::from(params.to_string());
    let path = location.pathname().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let address = if query.is_empty() {
        format!("{path}{hash}")
    } else {
        format!("{path}?{query}{hash}")
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&address));
    }
}

fn address_params() -> Option<web_sys::UrlSearchParams> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()
}
