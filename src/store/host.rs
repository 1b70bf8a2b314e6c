//! The CRM around the desk, as the desk knows it: whether it is embedded, the record the
//! host has in focus, what the pop already asked of the host, and the host's last failure.

use std::collections::HashMap;

use leptos::prelude::*;
use omni_protocol::host_bridge::HostRecord;

#[derive(Clone, Copy)]
pub struct HostState {
    /// A CRM page embeds the desk and the bridge is on.
    pub embedded: RwSignal<bool>,
    /// The record the agent looks at in the CRM (`recordFocused`).
    pub focused: RwSignal<Option<HostRecord>>,
    /// Why the CRM could not do what the desk asked, for the agent (dismissable).
    pub failure: RwSignal<Option<String>>,
    /// (interaction, what) pairs already popped in the host: each happens once, also
    /// across reloads of the panel (sessionStorage, [`super::saved_pops`]).
    popped: StoredValue<Vec<(i64, String)>>,
    /// `createRecord` requests by id, and the interaction each is for.
    creating: StoredValue<HashMap<String, i64>>,
}

impl Default for HostState {
    fn default() -> Self {
        Self {
            embedded: RwSignal::new(false),
            focused: RwSignal::new(None),
            failure: RwSignal::new(None),
            popped: StoredValue::new(super::saved_pops::load()),
            creating: StoredValue::new(HashMap::new()),
        }
    }
}

impl HostState {
    /// True the first time `what` is popped for `interaction_id`.
    pub fn first_pop(&self, interaction_id: i64, what: String) -> bool {
        let pop = (interaction_id, what);
        if self.popped.with_value(|popped| popped.contains(&pop)) {
            return false;
        }
        self.popped.update_value(|popped| {
            popped.push(pop);
            super::saved_pops::save(popped);
        });
        true
    }

    pub fn creating(&self, request_id: String, interaction_id: i64) {
        self.creating.update_value(|creating| {
            creating.insert(request_id, interaction_id);
        });
    }

    /// The interaction a saved `createRecord` form was for (once).
    pub fn created(&self, request_id: &str) -> Option<i64> {
        let mut interaction = None;
        self.creating
            .update_value(|creating| interaction = creating.remove(request_id));
        interaction
    }

    pub fn clear(&self) {
        self.focused.set(None);
        self.failure.set(None);
        self.popped.set_value(Vec::new());
        super::saved_pops::save(&[]);
        self.creating.set_value(HashMap::new());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_pop_happens_once() {
        let host = HostState::default();
        assert!(host.first_pop(7, "open 3".into()));
        assert!(!host.first_pop(7, "open 3".into()));
        assert!(host.first_pop(7, "create".into()));
        assert!(host.first_pop(8, "open 3".into()));
        assert!(!host.first_pop(8, "open 3".into()));
    }

    #[test]
    fn a_created_record_names_its_interaction_once() {
        let host = HostState::default();
        host.creating("desk-4".into(), 11);
        assert_eq!(host.created("desk-5"), None);
        assert_eq!(host.created("desk-4"), Some(11));
        assert_eq!(host.created("desk-4"), None);
    }
}
