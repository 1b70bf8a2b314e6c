//! The demo: seed data for an empty database, and simulated customer traffic.

pub mod seed;
pub mod simulator;
