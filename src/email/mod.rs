//! Email logic that needs no browser: the safe HTML document, plain-text links, quote trimming.

pub mod plain_text;
pub mod safe_html;
