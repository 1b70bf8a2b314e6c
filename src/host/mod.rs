//! The CRM the desk works beside (PRODUCT D5): one interface, two implementations. Embedded
//! in a CRM page, the host bridge asks that page to search, open and create records, and tells
//! it what happens to interactions; standalone, the local CRM does the same work: its REST
//! API searches, and the desk's own context panel shows and creates records.

pub mod bridge;
pub mod hears;
pub mod notices;
pub mod origins;

use leptos::prelude::*;
use omni_protocol::host_bridge::{
    HostBound, HostRecord, InteractionNotice, NewRecord, PanelMode, PanelModeRequest, PanelReady,
    PanelWidth, RecordRef, RecordSearch,
};
use wasm_bindgen::JsCast;

pub use bridge::{Bridge, HostBridge, PanelBridge};

use crate::{
    actions::Actions, config::DeskConfig, customers::pop::Lookup, store::customers::ContextTab,
};

/// The entity the Local CRM keeps; a host maps it to its own (contact, lead, account).
pub const CUSTOMER: &str = "customer";

/// Where records are searched, opened and created.
pub enum Host {
    /// Standalone: the local CRM's API and the desk's own context panel.
    Local(Box<Actions>),
    /// Embedded: the CRM page around the desk.
    Embedded(PanelBridge),
}

impl Host {
    /// Finds the customer's records; unless `search_only`, shows them (one record, or the
    /// CRM's search results).
    pub async fn search_and_open_records(
        &self,
        lookup: &Lookup,
        search_only: bool,
    ) -> Result<Vec<HostRecord>, String> {
        match self {
            Host::Local(actions) => {
                let token = actions.token_for_host()?;
                let found = actions
                    .api
                    .look_up(&token, lookup)
                    .await
                    .map_err(|error| error.message)?;
                if !search_only {
                    actions.stores.customers.tab.set(ContextTab::Contact);
                }
                Ok(found
                    .iter()
                    .map(|customer| HostRecord {
                        entity: CUSTOMER.into(),
                        id: customer.id.to_string(),
                        name: customer.name(),
                        detail: lookup.text().to_owned(),
                    })
                    .collect())
            }
            Host::Embedded(bridge) => {
                let search = RecordSearch {
                    entity: CUSTOMER.into(),
                    query: lookup.text().to_owned(),
                    search_only,
                };
                let result = bridge
                    .request(HostBound::SearchAndOpenRecords(search))
                    .await?;
                Ok(result.records)
            }
        }
    }

    pub async fn open_record(&self, customer_id: i64) -> Result<(), String> {
        match self {
            Host::Local(actions) => {
                actions.stores.customers.tab.set(ContextTab::Contact);
                actions
                    .load_customer(customer_id)
                    .await
                    .map_err(|error| error.message)
            }
            Host::Embedded(bridge) => {
                let record = RecordRef {
                    entity: CUSTOMER.into(),
                    id: customer_id.to_string(),
                };
                bridge
                    .request(HostBound::OpenRecord(record))
                    .await
                    .map(drop)
            }
        }
    }

    /// Opens a new-record form filled with `defaults`. Embedded, `sending` gets the request's
    /// id first: the host's `recordCreated` names it once the agent saves.
    pub async fn create_record(
        &self,
        defaults: NewRecord,
        sending: impl FnOnce(&str),
    ) -> Result<(), String> {
        match self {
            // The Contact tab holds the New Contact form, prefilled the same way.
            Host::Local(actions) => {
                actions.stores.customers.tab.set(ContextTab::Contact);
                Ok(())
            }
            Host::Embedded(bridge) => bridge.create_record(defaults, sending).await,
        }
    }

    /// Tells the host what happened to an interaction. Standalone nobody needs telling:
    /// the reference server keeps the interaction's history itself.
    pub fn interaction_event(&self, notice: InteractionNotice) {
        if let Host::Embedded(bridge) = self {
            bridge.tell(HostBound::InteractionEvent(notice));
        }
    }

    pub async fn set_panel_mode(&self, mode: PanelMode) -> Result<(), String> {
        match self {
            Host::Local(_) => Ok(()),
            Host::Embedded(bridge) => bridge
                .request(HostBound::SetPanelMode(PanelModeRequest { mode }))
                .await
                .map(drop),
        }
    }

    pub async fn set_panel_width(&self, width: u32) -> Result<(), String> {
        match self {
            Host::Local(_) => Ok(()),
            Host::Embedded(bridge) => bridge
                .request(HostBound::SetPanelWidth(PanelWidth {
                    width: width.max(360),
                }))
                .await
                .map(drop),
        }
    }
}

/// Turns the bridge on when an allowed CRM page embeds the desk: hears it, and tells it the
/// panel is ready. Anything else leaves the desk standalone, with the reason on the console.
pub fn connect(actions: Actions, config: &DeskConfig) {
    let Some((parent, origin)) = embedding_parent() else {
        return;
    };
    let own = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    if !origins::is_host_allowed(&origin, &own, &config.host_origins) {
        web_sys::console::warn_1(
            &format!("Omni Desk is embedded by {origin}, which is not in config.json's host_origins: the CRM bridge is off.").into(),
        );
        return;
    }
    let bridge = PanelBridge::new(parent, origin);
    bridge.on_message(move |message| hears::hear(actions, message));
    bridge.tell(HostBound::Ready(PanelReady { origin: own }));
    actions.set_bridge(bridge);
    actions.stores.host.embedded.set(true);
    notices::watch(actions);
}

/// The window embedding the desk, and its origin; None at the top of its tab.
fn embedding_parent() -> Option<(web_sys::Window, String)> {
    let window = web_sys::window()?;
    let parent = window.parent().ok().flatten()?;
    if js_sys::Object::is(&window, &parent) {
        return None;
    }
    // `location.ancestorOrigins` (Chromium, Safari) is not in web-sys: Firefox lacks it.
    let ancestor = js_sys::Reflect::get(&window.location(), &"ancestorOrigins".into())
        .ok()
        .and_then(|list| list.dyn_into::<web_sys::DomStringList>().ok())
        .and_then(|list| list.item(0));
    let referrer = window.document().map(|d| d.referrer()).unwrap_or_default();
    let Some(origin) = origins::parent_origin(ancestor, &referrer) else {
        web_sys::console::warn_1(
            &"Omni Desk cannot tell which page embeds it (no ancestor origin, no referrer): the CRM bridge is off.".into(),
        );
        return None;
    };
    Some((parent, origin))
}
