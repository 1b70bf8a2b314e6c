//! Offer toasts: what is offered, for how long, Accept and Reject.

pub mod alert;
mod offer_card;
mod offer_toasts;

pub use offer_toasts::OfferToasts;
