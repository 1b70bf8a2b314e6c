//! The HTTP surface beside the handlers: serving the desk, the API's layers, the error
//! body, the `Session` extractor, and `Idempotency-Key`.

pub mod agents;
pub mod customers;
pub mod desk;
pub mod early_errors;
pub mod email_accounts;
pub mod error_body;
pub mod events;
pub mod extract;
pub mod files;
pub mod idempotency;
pub mod inbound_email;
pub mod inbound_key;
pub mod interaction_actions;
pub mod interaction_list;
pub mod interactions;
pub mod markdown;
pub mod messages;
pub mod offers;
pub mod queues;
pub mod search;
pub mod sending;
pub mod serve;
pub mod session;
pub mod sign_in;
pub mod transcript;
pub mod uploads;
pub mod wrap_up;
