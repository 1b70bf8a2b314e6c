//! The HTTP surface beside the handlers: serving the desk, the API's layers, the error
//! body, the `Session` extractor, and `Idempotency-Key`.

pub mod desk;
pub mod error_body;
pub mod idempotency;
pub mod session;
pub mod sign_in;
