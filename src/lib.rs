//! Omni Desk: the contact-center agent desktop. Data flows one way: views call `actions`,
//! actions call `api`; answers and events reach the `store`s, which views read.

pub mod actions;
pub mod api;
pub mod config;
pub mod crm;
pub mod customers;
pub mod drafts;
pub mod email;
pub mod host;
pub mod search;
pub mod store;
pub mod text;
pub mod ui;

/// Mounts the desk on the page's `<body>`.
pub fn start() {
    leptos::mount::mount_to_body(ui::App);
}
