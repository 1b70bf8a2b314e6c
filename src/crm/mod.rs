//! The Local CRM (PRODUCT D4, seed 004): its own page (`crm.html`) and its own wasm
//! (`src/bin/crm.rs`), so a panel that a Salesforce page loads carries none of this code.
//! It lists and keeps customer records, and embeds the desk panel in an iframe beside them,
//! speaking the host bridge to it exactly as an outside CRM would.
//!
//! Data flows as in the desk: views call [`actions`], actions call the API and the bridge,
//! answers land in the [`store`], views read it.

pub mod actions;
pub mod columns;
pub mod host;
pub mod store;
pub mod ui;

/// Mounts the Local CRM on the page's `<body>`, once `config.json` says where the backend is.
pub fn start() {
    // Before mounting, the executor Leptos tasks run on is not set up: a plain future.
    wasm_bindgen_futures::spawn_local(async {
        let (api_base, failure) = match crate::config::load().await {
            Ok(config) => (config.api_base, None),
            Err(why) => (String::new(), Some(why)),
        };
        let api = crate::api::Api::new(api_base);
        leptos::mount::mount_to_body(move || ui::CrmApp(ui::CrmAppProps { api, failure }));
    });
}
