//! Email and chat threads: messages, safe HTML, plain text, attachments, original source.

mod attachment_list;
mod interaction_list;
mod list_filters;
mod list_row;
mod message_view;
mod original_source;
mod plain_text_body;
mod safe_html_frame;
mod thread_view;

pub use attachment_list::save_file;
pub use interaction_list::{visible_window, InteractionListPane, ROW_HEIGHT};
pub use list_row::status_text;
pub use safe_html_frame::SafeHtmlFrame;
pub use thread_view::ThreadView;
