//! End-to-end suite: the release desk in real Chromium against the real reference server.

mod compose;
mod crash;
mod customers;
mod desk;
mod drafts;
mod email;
mod host;
mod layout;
mod local_crm;
mod offers;
mod panel;
mod robust;
mod search;
mod slow_clients;
mod sync;
