//! The HTTP surface beside the handlers: serving the desk, the API's layers, and
//! `Idempotency-Key`.

pub mod desk;
pub mod idempotency;
