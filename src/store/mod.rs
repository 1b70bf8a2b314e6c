//! Reactive stores: what the desk knows, changed only by API answers and server events.

pub mod connection;
pub mod saved_session;
pub mod session;
pub mod sync;

pub use connection::Connection;
pub use session::Session;
