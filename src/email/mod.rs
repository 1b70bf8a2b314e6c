//! Email logic that needs no browser: the frame's document, plain-text links, the composer's
//! rules. Bodies arrive prepared by the backend (quotes split, remote resources held).

pub mod compose;
pub mod copy_notice;
pub mod delivery;
pub mod plain_text;
pub mod safe_html;
