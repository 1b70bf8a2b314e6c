//! Pure functions over text from the network and from agents: email HTML prepared for the
//! desk, and the composer's Markdown. No I/O and no domain state; every parser here is
//! property-tested.

pub mod email_body;
pub mod markdown;
