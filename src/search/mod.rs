//! The search's parts that need no browser (PRODUCT B18, B19): how a chip reads, what a
//! condition becomes when its field or operator changes, and where quick-search words are
//! highlighted in a row.

pub mod builder;
pub mod chip_text;
pub mod highlight;
