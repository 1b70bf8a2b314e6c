//! An agent's work: offers, interactions from arrival to close, their threads and files, the
//! list, and wrap-up.

pub mod customers;
pub mod interaction_actions;
pub mod interaction_list;
pub mod interactions;
pub mod messages;
pub mod offers;
pub mod pending_offers;
pub mod permissions;
pub mod search;
pub mod status;
pub mod summaries;
pub mod uploads;
pub mod wrap_ups;
pub mod wrapup;
