//! The reference server through its HTTP API, one test binary (one link, less disk and time).

mod common;

mod auth;
mod compose;
mod corpus;
mod customers;
mod delivery;
mod demo;
mod email;
mod events;
mod input;
mod list;
mod list_rules;
mod nothing_doubled;
mod permissions;
mod routing;
mod saved_searches;
mod search_rules;
mod status;
mod versions;
mod web;
mod wrapup;
