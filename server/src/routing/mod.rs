//! Queues, and the dispatcher that offers their interactions to agents.

pub mod dispatcher;
pub mod queues;
