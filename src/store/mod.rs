//! Reactive stores: what the desk knows, changed only by API answers and server events.

pub mod clock;
pub mod compose;
pub mod connection;
#[cfg(test)]
mod fixtures;
pub mod list;
pub mod saved_session;
pub mod session;
pub mod sync;
pub mod work;

pub use connection::Connection;
pub use session::Session;
pub use work::Work;
