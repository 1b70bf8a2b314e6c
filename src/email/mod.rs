//! Email logic that needs no browser: the safe HTML document, plain-text links, quote trimming.

pub mod compose;
pub mod copy_notice;
pub mod delivery;
pub mod plain_text;
pub mod quoted_html;
pub mod safe_html;
