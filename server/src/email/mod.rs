//! The email channel: ingest of raw MIME, bodies as the desk shows them, sending, delivery,
//! the composer's Markdown, accounts, and transcripts.

pub mod delivery;
pub mod email_accounts;
pub mod email_body;
pub mod mail_ingest;
pub mod markdown;
pub mod outbound;
pub mod sending;
pub mod transcript;
