//! The desk's frame: top bar, interaction rail, list, work and context panes.

mod connection_indicator;
mod desk;

pub use connection_indicator::ConnectionIndicator;
pub use desk::Desk;
