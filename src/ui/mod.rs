//! Components, one area per folder. Views read stores and call actions; they never talk HTTP.

pub mod app;
pub mod compose;
pub mod customers;
pub mod drafts;
pub mod email;
pub mod endless_rows;
pub mod focus;
pub mod icons;
pub mod layout;
pub mod offers;
pub mod perf;
pub mod presence;
pub mod rail;
pub mod search;
pub mod signin;
pub mod work;
pub mod wrapup;

pub use app::App;
