//! The interaction rail: one icon per open interaction.

mod interaction_rail;

pub use interaction_rail::InteractionRail;
