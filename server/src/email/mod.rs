//! The email channel: ingest of raw MIME, sending, delivery, accounts, and transcripts.

pub mod delivery;
pub mod email_accounts;
pub mod mail_ingest;
pub mod outbound;
pub mod sending;
pub mod transcript;
