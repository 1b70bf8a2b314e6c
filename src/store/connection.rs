//! The link to the backend: stream state and the id of the last event applied.

use leptos::prelude::*;

pub use crate::api::stream::LinkState;

#[derive(Clone, Copy)]
pub struct Connection {
    pub link: RwSignal<LinkState>,
    /// 0 until the first profile read says where the log stands.
    pub last_event_id: RwSignal<u64>,
}

impl Default for Connection {
    fn default() -> Self {
        Self {
            link: RwSignal::new(LinkState::Connecting),
            last_event_id: RwSignal::new(0),
        }
    }
}

impl Connection {
    /// Back to before any stream (sign-out).
    pub fn reset(&self) {
        self.link.set(LinkState::Connecting);
        self.last_event_id.set(0);
    }
}
