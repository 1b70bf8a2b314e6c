//! Components, one area per folder. Views read stores and call actions; they never talk HTTP.

pub mod app;
pub mod layout;
pub mod presence;
pub mod signin;

pub use app::App;
