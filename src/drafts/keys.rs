//! Where drafts live in local storage. Every key names the backend's origin and the agent,
//! so two backends or two agents sharing a browser never see each other's drafts.
//!
//! - `omni-desk.draft|<origin>|<agent id>|<draft id>`: one draft (see [`super::record`]);
//! - `omni-desk.autosave|<origin>|<agent id>`: `on` or `off`, the agent's Autosave switch.
//!
//! An origin (`scheme://host:port`) never holds `|`, and ids are digits and letters.

/// Whose drafts: the backend's origin and the signed-in agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub origin: String,
    pub agent_id: i64,
}

const DRAFT: &str = "omni-desk.draft|";
const AUTOSAVE: &str = "omni-desk.autosave|";

impl Scope {
    /// What every key of this scope's drafts starts with.
    pub fn prefix(&self) -> String {
        format!("{DRAFT}{}|{}|", self.origin, self.agent_id)
    }

    pub fn draft_key(&self, draft_id: &str) -> String {
        format!("{}{draft_id}", self.prefix())
    }

    pub fn autosave_key(&self) -> String {
        format!("{AUTOSAVE}{}|{}", self.origin, self.agent_id)
    }

    /// The draft id a key names, when it is one of this scope's drafts.
    pub fn draft_id<'a>(&self, key: &'a str) -> Option<&'a str> {
        key.strip_prefix(&self.prefix())
            .filter(|id| !id.is_empty() && !id.contains('|'))
    }
}

/// The draft id of an interaction's draft (there is at most one).
pub fn of_interaction(interaction_id: i64) -> String {
    format!("i{interaction_id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anna() -> Scope {
        Scope {
            origin: "https://desk.example:8443".into(),
            agent_id: 1,
        }
    }

    #[test]
    fn keys_name_the_backend_and_the_agent() {
        let key = anna().draft_key("i42");
        assert_eq!(key, "omni-desk.draft|https://desk.example:8443|1|i42");
        assert_eq!(anna().draft_id(&key), Some("i42"));
        let ben = Scope {
            agent_id: 11,
            ..anna()
        };
        assert_eq!(ben.draft_id(&key), None, "agent 11 is not agent 1");
        let other_backend = Scope {
            origin: "https://desk.example".into(),
            ..anna()
        };
        assert_eq!(other_backend.draft_id(&key), None);
        assert_eq!(anna().draft_id(&anna().autosave_key()), None);
        assert_eq!(anna().draft_id(&anna().prefix()), None);
    }
}
