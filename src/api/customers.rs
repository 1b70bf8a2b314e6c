//! Customer records: the screen pop's lookup, create / edit / delete, the journey, and the
//! link of an interaction to its customer.

use omni_protocol::{
    paths, Customer, CustomerCase, CustomerInput, CustomerPage, CustomerTask, HistoryEntry,
    InteractionSummary, LinkCustomerRequest,
};

use super::{no_content, Api, ApiError, Extras};
use crate::customers::pop::Lookup;

fn encoded(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

impl Api {
    /// The records `lookup` matches (drafts never do), oldest first.
    pub async fn look_up(&self, token: &str, lookup: &Lookup) -> Result<Vec<Customer>, ApiError> {
        let query = match lookup {
            Lookup::Email(email) => format!("email={}", encoded(email)),
            Lookup::Phone(phone) => format!("phone={}", encoded(phone)),
        };
        let page: CustomerPage = self
            .get(&format!("{}?{query}", paths::CUSTOMERS), token)
            .await?;
        Ok(page.items)
    }

    /// One page of the Local CRM's Customers tab: by name, company, account or email
    /// containing `q` (drafts included), `limit` from `offset`.
    pub async fn customers(
        &self,
        token: &str,
        q: &str,
        limit: u32,
        offset: u64,
    ) -> Result<CustomerPage, ApiError> {
        let path = format!(
            "{}?q={}&limit={limit}&offset={offset}",
            paths::CUSTOMERS,
            encoded(q)
        );
        self.get(&path, token).await
    }

    pub async fn customer_cases(
        &self,
        token: &str,
        id: i64,
    ) -> Result<Vec<CustomerCase>, ApiError> {
        self.get(&paths::customer_cases(id), token).await
    }

    pub async fn customer_tasks(
        &self,
        token: &str,
        id: i64,
    ) -> Result<Vec<CustomerTask>, ApiError> {
        self.get(&paths::customer_tasks(id), token).await
    }

    pub async fn customer_history(
        &self,
        token: &str,
        id: i64,
    ) -> Result<Vec<HistoryEntry>, ApiError> {
        self.get(&paths::customer_history(id), token).await
    }

    pub async fn customer(&self, token: &str, id: i64) -> Result<Customer, ApiError> {
        self.get(&paths::customer(id), token).await
    }

    pub async fn create_customer(
        &self,
        token: &str,
        input: &CustomerInput,
    ) -> Result<Customer, ApiError> {
        self.with_json("POST", paths::CUSTOMERS, token, input).await
    }

    pub async fn update_customer(
        &self,
        token: &str,
        id: i64,
        input: &CustomerInput,
    ) -> Result<Customer, ApiError> {
        self.with_json("PUT", &paths::customer(id), token, input)
            .await
    }

    pub async fn delete_customer(&self, token: &str, id: i64) -> Result<(), ApiError> {
        let extras = Extras {
            token: Some(token),
            ..Extras::default()
        };
        no_content(self.exchange("DELETE", &paths::customer(id), extras)).await
    }

    /// Customer `id`'s interactions, newest first: of `channel` ("email", "chat") and from
    /// `from` to `to` (ms) when given.
    pub async fn journey(
        &self,
        token: &str,
        id: i64,
        channel: Option<&str>,
        from: Option<i64>,
        to: Option<i64>,
    ) -> Result<Vec<InteractionSummary>, ApiError> {
        let mut query = vec![];
        if let Some(channel) = channel {
            query.push(format!("channel={channel}"));
        }
        if let Some(from) = from {
            query.push(format!("from={from}"));
        }
        if let Some(to) = to {
            query.push(format!("to={to}"));
        }
        let path = format!("{}?{}", paths::customer_journey(id), query.join("&"));
        self.get(&path, token).await
    }

    pub async fn link_customer(
        &self,
        token: &str,
        interaction_id: i64,
        customer_id: i64,
    ) -> Result<InteractionSummary, ApiError> {
        self.with_json(
            "PUT",
            &paths::interaction_customer(interaction_id),
            token,
            &LinkCustomerRequest { customer_id },
        )
        .await
    }
}
