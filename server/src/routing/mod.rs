//! The dispatcher: offers queued interactions to agents, and runs the clocks of offers and
//! wrap-ups.

pub mod dispatcher;
