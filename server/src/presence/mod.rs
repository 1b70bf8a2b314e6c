//! Who is at work: sign-in and sessions, each agent's status, "Stop new", and the profile.

pub mod agents;
pub mod auth;
