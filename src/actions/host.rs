//! The screen pop in the CRM around the desk, and what the CRM asks of the desk: the pop's
//! outcome becomes `openRecord`, `createRecord` or `searchAndOpenRecords` in the host (once
//! per interaction), click-to-email starts an email, and a record saved from the host's form
//! is linked to its interaction.

use leptos::prelude::*;
use omni_protocol::{
    host_bridge::{HostRecord, NewRecord},
    InteractionState, InteractionSummary,
};

use super::Actions;
use crate::{
    customers::pop::{prefill, Lookup, Outcome},
    host::{Host, CUSTOMER},
};

impl Actions {
    /// Shows the pop's `outcome` for `interaction` in the CRM page: once the agent accepted
    /// it, and once per outcome (a record linked later opens that record). Standalone the
    /// context panel already shows it.
    pub async fn pop_in_host(self, interaction: InteractionSummary, outcome: Outcome) {
        let host = self.host();
        if !matches!(host, Host::Embedded(_))
            || interaction.state != InteractionState::Active
            || !self.stores.session.is_assigned(&interaction)
        {
            return;
        }
        let what = match outcome {
            Outcome::Looking => return,
            Outcome::Record(id) => format!("open {id}"),
            Outcome::NewContact => "create".to_owned(),
            Outcome::Choose => "search".to_owned(),
        };
        if !self.stores.host.first_pop(interaction.id, what) {
            return;
        }
        self.show_in_host(&host, &interaction, outcome).await;
    }

    /// "Show in CRM": the pop again, at the agent's request.
    pub async fn show_again_in_host(self, interaction: InteractionSummary, outcome: Outcome) {
        let host = self.host();
        if matches!(host, Host::Embedded(_)) {
            self.show_in_host(&host, &interaction, outcome).await;
        }
    }

    async fn show_in_host(&self, host: &Host, interaction: &InteractionSummary, outcome: Outcome) {
        let failure = self.stores.host.failure;
        let answer = match outcome {
            Outcome::Looking => return,
            Outcome::Record(id) => host
                .open_record(id)
                .await
                .map_err(|why| format!("{why} The customer's record did not open in the CRM.")),
            Outcome::NewContact => {
                let defaults = new_record_for(interaction);
                let host_state = self.stores.host;
                let sent_as = std::cell::RefCell::new(String::new());
                let opened = host
                    .create_record(defaults, |id| {
                        host_state.creating(id.to_owned(), interaction.id);
                        *sent_as.borrow_mut() = id.to_owned();
                    })
                    .await;
                if opened.is_err() {
                    host_state.created(&sent_as.borrow());
                }
                opened.map_err(|why| format!("{why} The CRM's New Customer form did not open."))
            }
            Outcome::Choose => match Lookup::of(interaction) {
                Some(lookup) => host
                    .search_and_open_records(&lookup, false)
                    .await
                    .map(drop)
                    .map_err(|why| format!("{why} The CRM did not show the matching customers.")),
                None => Ok(()),
            },
        };
        failure.set(answer.err());
    }

    /// The host's `recordCreated`: the interaction its form was for is linked to the record.
    pub async fn record_created_in_host(self, request_id: String, record: HostRecord) {
        let Some(interaction_id) = self.stores.host.created(&request_id) else {
            // A form opened before this panel reloaded, or by someone else: linking a guess
            // could tie the wrong customer to an interaction.
            self.stores.host.failure.set(Some(format!(
                "The CRM saved “{}”, but the desk no longer knows which interaction that form was for (the panel reloaded since). Link it from the Contact tab.",
                record.name
            )));
            return;
        };
        let Ok(customer_id) = record.id.parse::<i64>() else {
            self.stores.host.failure.set(Some(format!(
                "The CRM created “{}”, but this desk can only link records of its own CRM.",
                record.name
            )));
            return;
        };
        if let Err(error) = self.link_customer(interaction_id, customer_id).await {
            self.stores.host.failure.set(Some(format!(
                "“{}” was created in the CRM, but the interaction could not be linked to it: {}",
                record.name, error.message
            )));
        }
    }

    /// Click-to-email in the host: a new email to `address`. An email the agent is already
    /// writing is not overwritten; its To gets the address only while it has none.
    pub async fn start_email_to(self, address: String) -> Result<(), String> {
        let address = address.trim().to_owned();
        if let Err(problem) = omni_protocol::check_address(&address) {
            return Err(format!("“{address}” is not an email address: {problem}"));
        }
        self.token_for_host()?;
        self.start_new_email().await;
        let mut taken = true;
        self.stores.compositions.edit(None, |composition| {
            if composition.pristine || composition.to.trim().is_empty() {
                composition.to = address.clone();
                // Changed from outside the composer: it shows the new To.
                composition.revision += 1;
            } else if composition.to.trim() != address {
                taken = false;
            }
        });
        if taken {
            Ok(())
        } else {
            Err(
                "You are already writing a new email to someone else: send or discard it first."
                    .into(),
            )
        }
    }
}

/// The host's new-record form, filled as the desk's own New Contact form would be.
pub fn new_record_for(interaction: &InteractionSummary) -> NewRecord {
    let input = prefill(interaction);
    NewRecord {
        entity: CUSTOMER.into(),
        first_name: input.first_name,
        last_name: input.last_name,
        email: input.emails.into_iter().next().unwrap_or_default(),
        phone: input.phones.into_iter().next().unwrap_or_default(),
        interaction_id: Some(interaction.id),
    }
}
