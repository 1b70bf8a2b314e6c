//! Pure functions over text from the network and from agents: email HTML prepared for the
//! desk, the composer's Markdown, and previews. No I/O and no domain state; every parser here is
//! property-tested.

pub mod email_body;
pub mod markdown;
pub mod preview;

pub use preview::preview_of;
