//! What the Local CRM does: views call these, these call the API (and the desk panel through
//! the bridge), and the answers land in [`CrmStore`].

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::{
    host_bridge::{ClickAction, ClickToAct, HostRecord, PanelBound, RecordCreated},
    Customer, CustomerInput,
};

use super::{
    columns::{self, Column},
    store::{CrmStore, ListPage, Loaded, Page, RecordTab, PAGE_SIZE},
};
use crate::{
    api::{Api, ApiError},
    host::HostBridge,
    store::saved_session,
};

/// The Local CRM's entity name on the bridge.
pub const CUSTOMER: &str = "customer";

#[derive(Clone, Copy)]
pub struct CrmActions {
    pub api: Api,
    pub store: CrmStore,
    pub bridge: StoredValue<Option<HostBridge>, LocalStorage>,
}

/// How the record names itself to the desk panel.
pub fn host_record(customer: &Customer) -> HostRecord {
    HostRecord {
        entity: CUSTOMER.into(),
        id: customer.id.to_string(),
        name: format!("{} {}", customer.first_name, customer.last_name)
            .trim()
            .to_owned(),
        detail: customer.emails.first().cloned().unwrap_or_default(),
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

impl CrmActions {
    pub fn new(api: Api, store: CrmStore) -> Self {
        Self {
            api,
            store,
            bridge: StoredValue::new_local(None),
        }
    }

    fn token(&self) -> Result<String, ApiError> {
        self.store
            .token
            .get_untracked()
            .ok_or_else(ApiError::signed_out)
    }

    /// Takes the desk's session from this tab's sessionStorage (the panel saves it there on
    /// sign-in): a new one loads the agent and the list, none shows the sign-in hint.
    pub fn sync_session(self) {
        let token = saved_session::load();
        if token == self.store.token.get_untracked() {
            return;
        }
        self.store.token.set(token.clone());
        self.store.agent.set(None);
        self.store.forget();
        let Some(token) = token else {
            return;
        };
        spawn_local(async move {
            let answer = self.api.me(&token).await;
            if self.store.token.get_untracked().as_deref() != Some(token.as_str()) {
                return; // signed out, or another agent signed in, meanwhile
            }
            match answer {
                Ok(agent) => {
                    self.store.columns.set(saved_columns(agent.id));
                    self.store.agent.set(Some(agent));
                    self.store.failure.set(None);
                    self.reload_list().await;
                }
                Err(error) if error.ends_session() => self.store.token.set(None),
                Err(error) => self.store.failure.set(Some(error.message)),
            }
        });
    }

    pub async fn load_list(self, query: String, offset: u64) {
        let Ok(token) = self.token() else { return };
        match self.api.customers(&token, &query, PAGE_SIZE, offset).await {
            Ok(page) => {
                self.store.list.set(ListPage {
                    query,
                    offset,
                    items: page.items,
                    total: page.total,
                    matched: None,
                });
                self.store.failure.set(None);
            }
            Err(error) => self.store.failure.set(Some(error.message)),
        }
    }

    pub async fn reload_list(self) {
        let ListPage { query, offset, .. } = self.store.list.get_untracked();
        self.load_list(query, offset).await;
    }

    pub fn show_customers(self) {
        self.store.editing.set(false);
        self.store.page.set(Page::Customers);
        spawn_local(self.reload_list());
    }

    pub fn new_customer(self, prefill: CustomerInput, request_id: Option<String>) {
        self.store.page.set(Page::NewCustomer {
            prefill: Box::new(prefill),
            request_id,
        });
    }

    /// Opens record `id` at `tab`, and loads its cases, tasks and history.
    pub async fn open_record(self, id: i64, tab: RecordTab) -> Result<Customer, String> {
        let same = self.store.record_id() == Some(id);
        self.store.page.set(Page::Record { id, tab });
        if !same {
            self.store.record.set(None);
            self.store.cases.set(Loaded::Loading);
            self.store.tasks.set(Loaded::Loading);
            self.store.history.set(Loaded::Loading);
        }
        let token = self.token().map_err(|e| e.message)?;
        let answer = self.api.customer(&token, id).await;
        let still_open =
            matches!(self.store.page.get_untracked(), Page::Record { id: open, .. } if open == id);
        if !still_open {
            // The agent (or the desk) opened something else meanwhile: that page stays.
            return answer.map_err(|error| error.message);
        }
        let customer = match answer {
            Ok(customer) => customer,
            Err(error) => {
                let why = if error.status == 404 {
                    format!(
                        "There is no customer {id} in the Local CRM (it may have been deleted)."
                    )
                } else {
                    error.message
                };
                self.store.failure.set(Some(why.clone()));
                return Err(why);
            }
        };
        self.store.failure.set(None);
        self.store.record.set(Some(customer.clone()));
        self.tell_focused(&customer);
        spawn_local(self.load_related(id));
        Ok(customer)
    }

    /// The record's Cases, Tasks and History.
    pub async fn load_related(self, id: i64) {
        let Ok(token) = self.token() else { return };
        let (cases, tasks, history) = futures::join!(
            self.api.customer_cases(&token, id),
            self.api.customer_tasks(&token, id),
            self.api.customer_history(&token, id)
        );
        if self.store.record_id() != Some(id) {
            return; // another record opened meanwhile
        }
        self.store.cases.set(loaded(cases));
        self.store.tasks.set(loaded(tasks));
        self.store.history.set(loaded(history));
    }

    /// Shows `page` for the desk (its pop, its New Customer), unless the agent is typing in
    /// a form: then the CRM offers it ("The desk opened …: Open") and keeps the form.
    pub async fn show_for_desk(self, page: Page, label: String) -> Result<(), String> {
        if self.store.busy() && self.store.page.get_untracked() != page {
            self.store.waiting.set(Some((label, page)));
            return Ok(());
        }
        self.store.waiting.set(None);
        self.go(page).await
    }

    /// How to name customer `id` in "The desk opened …" (only needed while a form is open).
    pub async fn label_of(self, id: i64) -> String {
        let fallback = format!("customer {id}");
        if !self.store.busy() {
            return fallback;
        }
        let Ok(token) = self.token() else {
            return fallback;
        };
        match self.api.customer(&token, id).await {
            Ok(customer) => format!("{} ({})", host_record(&customer).name, customer.account),
            Err(_) => fallback,
        }
    }

    /// Goes to `page` (the agent's own navigation, or a waiting one the agent opens).
    pub async fn go(self, page: Page) -> Result<(), String> {
        self.store.editing.set(false);
        match page {
            Page::Record { id, tab } => self.open_record(id, tab).await.map(drop),
            other => {
                self.store.page.set(other);
                Ok(())
            }
        }
    }

    pub fn show_tab(self, tab: RecordTab) {
        self.store.page.maybe_update(|page| match page {
            Page::Record { tab: open, .. } if *open != tab => {
                *open = tab;
                true
            }
            _ => false,
        });
    }

    /// Saves the New Customer form; when the desk's `createRecord` opened it, the panel
    /// learns the new record's id (`recordCreated`) and links its interaction to it.
    pub async fn create_customer(
        self,
        input: CustomerInput,
        request_id: Option<String>,
    ) -> Result<(), ApiError> {
        let token = self.token()?;
        let customer = self.api.create_customer(&token, &input).await?;
        if let (Some(request_id), Some(bridge)) = (request_id, self.bridge.get_value()) {
            bridge.tell(PanelBound::RecordCreated(RecordCreated {
                request_id,
                record: host_record(&customer),
            }));
        }
        let _ = self.open_record(customer.id, RecordTab::Details).await;
        Ok(())
    }

    pub async fn update_customer(self, id: i64, input: CustomerInput) -> Result<(), ApiError> {
        let token = self.token()?;
        let customer = self.api.update_customer(&token, id, &input).await?;
        self.store.record.set(Some(customer));
        spawn_local(self.load_related(id));
        Ok(())
    }

    pub async fn delete_customer(self, id: i64) -> Result<(), ApiError> {
        let token = self.token()?;
        self.api.delete_customer(&token, id).await?;
        self.store.record.set(None);
        self.show_customers();
        Ok(())
    }

    /// An email's raw source, for View source.
    pub async fn message_source(self, message_id: i64) -> Result<String, ApiError> {
        let token = self.token()?;
        self.api
            .text(&token, &omni_protocol::paths::message_source(message_id))
            .await
    }

    /// Click-to-email: the desk panel starts a new email to `address`.
    pub async fn email_from_desk(self, address: String, customer: &Customer) {
        let Some(bridge) = self.bridge.get_value() else {
            self.store
                .failure
                .set(Some("The desk panel is not connected yet.".into()));
            return;
        };
        let click = ClickToAct {
            action: ClickAction::Email,
            address,
            record: Some(host_record(customer)),
        };
        let answer = bridge.request(PanelBound::ClickToAct(click)).await;
        self.store.failure.set(answer.err());
    }

    /// Tells the panel which record the agent is looking at.
    fn tell_focused(&self, customer: &Customer) {
        if let Some(bridge) = self.bridge.get_value() {
            bridge.tell(PanelBound::RecordFocused(host_record(customer)));
        }
    }

    /// The columns in a new order, remembered for this agent in this browser.
    pub fn arrange_columns(self, order: Vec<Column>) {
        if let (Some(agent_id), Some(storage)) = (
            self.store
                .agent
                .with_untracked(|a| a.as_ref().map(|a| a.id)),
            local_storage(),
        ) {
            // A refused write only costs the order after a reload.
            let _ = storage.set_item(&columns::storage_key(agent_id), &columns::to_text(&order));
        }
        self.store.columns.set(order);
    }
}

fn loaded<T>(answer: Result<Vec<T>, ApiError>) -> Loaded<T> {
    match answer {
        Ok(items) => Loaded::Items(items),
        Err(error) => Loaded::Failed(error.message),
    }
}

fn saved_columns(agent_id: i64) -> Vec<Column> {
    let saved = local_storage()
        .and_then(|storage| {
            storage
                .get_item(&columns::storage_key(agent_id))
                .ok()
                .flatten()
        })
        .unwrap_or_default();
    columns::parse(&saved)
}
