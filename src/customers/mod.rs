//! Customer records beside an interaction, as plain functions: what a screen pop looks up and
//! what it shows (PRODUCT D1–D3), and the New Contact form's first values.

pub mod pop;
