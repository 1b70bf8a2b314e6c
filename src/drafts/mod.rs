//! Drafts that need no browser (PRODUCT B20): the stored record and its schema versions,
//! the storage keys that keep one agent's drafts apart from another's, the names of the
//! minimized boxes, and which of two copies of a draft wins.

pub mod keys;
pub mod naming;
pub mod record;

pub use record::{Draft, DraftKind};
