//! The Local CRM's screens: the Customers list, the New Customer form, the record view with
//! its four tabs, and the desk panel beside them.

mod app;
mod cases_tab;
mod customer_list;
mod desk_panel;
mod details_tab;
mod history_tab;
mod record_view;
mod table;
mod tasks_tab;

pub use app::{CrmApp, CrmAppProps};
