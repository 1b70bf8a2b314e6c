//! The screen pop and the contact beside an interaction: look the customer up (on offer and
//! on accept), link the interaction to a record, create one from the New Contact form, edit
//! or delete it, read the journey; and the agent's "My Profile → Interactions" settings.

use leptos::prelude::*;
use omni_protocol::{AgentSettings, Customer, CustomerInput, EventBody, InteractionSummary};

use super::Actions;
use crate::{api::ApiError, customers::pop::Lookup, store::customers::Journey};

/// What a customer form's Save does with the typed record (create it and link an
/// interaction, or update it), as the desk's and the Local CRM's actions each define it.
pub type SaveContact = std::rc::Rc<
    dyn Fn(CustomerInput) -> futures::future::LocalBoxFuture<'static, Result<(), ApiError>>,
>;

impl Actions {
    /// Looks up the customer of `interaction` by its email or phone, once per address (the
    /// events keep the answer current). A failure is only logged: the panel says it is
    /// still looking, and the next offer or selection asks again.
    pub async fn pop(self, interaction: InteractionSummary) {
        let Some(lookup) = Lookup::of(&interaction) else {
            return;
        };
        let customers = self.stores.customers;
        customers.failures.update(|all| {
            all.remove(&lookup);
        });
        if customers
            .matches
            .with_untracked(|all| all.contains_key(&lookup))
        {
            return;
        }
        let Ok(token) = self.token() else { return };
        self.look_up(&token, lookup).await;
    }

    async fn look_up(self, token: &str, lookup: Lookup) {
        let customers = self.stores.customers;
        let answer = self.api.look_up(token, &lookup).await;
        if !self.stores.session.is_current(token) {
            return;
        }
        match self.answered(token, answer) {
            Ok(found) => customers.found(lookup, found),
            Err(failure) => customers.failed(lookup, failure.message),
        }
    }

    /// After a resync: every lookup held is asked again (records may have been created,
    /// changed or deleted while events were missed).
    pub async fn reload_lookups(self) {
        let Ok(token) = self.token() else { return };
        for lookup in self.stores.customers.lookups() {
            self.look_up(&token, lookup).await;
        }
    }

    /// Reads record `id` unless it is held already (a linked customer the pop did not find).
    pub async fn load_customer(self, id: i64) -> Result<(), ApiError> {
        if self.stores.customers.record(id).is_some() {
            return Ok(());
        }
        let token = self.token()?;
        let customer = self.answered(&token, self.api.customer(&token, id).await)?;
        self.stores.customers.keep(customer);
        Ok(())
    }

    /// Links interaction `interaction_id` to customer `customer_id`.
    pub async fn link_customer(
        self,
        interaction_id: i64,
        customer_id: i64,
    ) -> Result<(), ApiError> {
        let token = self.token()?;
        let answer = self
            .api
            .link_customer(&token, interaction_id, customer_id)
            .await;
        let summary = self.answered(&token, answer)?;
        self.apply(&token, EventBody::InteractionChanged(summary));
        Ok(())
    }

    /// The New Contact form's Save: creates the record, then links the interaction to it.
    /// An error names its field; the form keeps what was typed.
    pub async fn create_contact(
        self,
        interaction_id: Option<i64>,
        input: CustomerInput,
    ) -> Result<Customer, ApiError> {
        let token = self.token()?;
        let customer = self.answered(&token, self.api.create_customer(&token, &input).await)?;
        self.apply(&token, EventBody::CustomerChanged(customer.clone()));
        if let Some(interaction_id) = interaction_id {
            self.link_customer(interaction_id, customer.id).await?;
        }
        Ok(customer)
    }

    pub async fn update_customer(self, id: i64, input: CustomerInput) -> Result<(), ApiError> {
        let token = self.token()?;
        let answer = self.api.update_customer(&token, id, &input).await;
        let customer = self.answered(&token, answer)?;
        self.apply(&token, EventBody::CustomerChanged(customer));
        Ok(())
    }

    pub async fn delete_customer(self, id: i64) -> Result<(), ApiError> {
        let token = self.token()?;
        let answer = self.api.delete_customer(&token, id).await;
        self.answered(&token, answer)?;
        self.apply(
            &token,
            EventBody::CustomerDeleted(omni_protocol::CustomerDeleted { id }),
        );
        Ok(())
    }

    /// The customer journey of `customer_id`, filtered by channel and by the days `from` to
    /// `to` (ms, inclusive).
    pub async fn load_journey(
        self,
        customer_id: i64,
        channel: Option<String>,
        from: Option<i64>,
        to: Option<i64>,
    ) -> Result<(), ApiError> {
        let token = self.token()?;
        let answer = self
            .api
            .journey(&token, customer_id, channel.as_deref(), from, to)
            .await;
        let items = self.answered(&token, answer)?;
        if self.stores.session.is_current(&token) {
            self.stores
                .customers
                .journey
                .set(Some(Journey { customer_id, items }));
        }
        Ok(())
    }

    /// Saves the agent's settings on the server; the answer (and the agent's other tabs,
    /// through `settings_changed`) take them at once. Shown before the answer, so a second
    /// quick change builds on the first; put back if refused.
    pub async fn save_settings(self, settings: AgentSettings) -> Result<(), ApiError> {
        let token = self.token()?;
        let before = self
            .stores
            .session
            .agent
            .with_untracked(|agent| agent.as_ref().map(|a| a.settings.clone()));
        self.apply(&token, EventBody::SettingsChanged(settings.clone()));
        match self.answered(&token, self.api.set_settings(&token, &settings).await) {
            Ok(profile) => {
                self.apply(&token, EventBody::SettingsChanged(profile.settings));
                Ok(())
            }
            Err(failure) => {
                if let Some(before) = before {
                    self.apply(&token, EventBody::SettingsChanged(before));
                }
                Err(failure)
            }
        }
    }
}
