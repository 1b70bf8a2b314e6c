//! The demo: seed data for an empty database (and, for `cargo xtask run`, a history of
//! interactions), and simulated customer traffic.

pub mod history;
pub mod mime;
pub mod png;
pub mod seed;
pub mod simulator;
pub mod stories;
