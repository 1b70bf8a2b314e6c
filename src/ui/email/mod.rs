//! Email and chat threads: messages, safe HTML, plain text, attachments, original source.

mod attachment_list;
mod message_view;
mod original_source;
mod plain_text_body;
mod safe_html_frame;
mod thread_view;

pub use safe_html_frame::SafeHtmlFrame;
pub use thread_view::ThreadView;
