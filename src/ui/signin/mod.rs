//! The sign-in screen.

mod sign_in;

pub use sign_in::{SignIn, INTERACTIVE_MARK};
