//! The signed-in agent: token, profile and presence status.

use leptos::prelude::*;
use omni_protocol::{AgentProfile, AgentStatus, EventBody, InteractionSummary};

use super::versions::is_newer;

#[derive(Clone, Copy)]
pub struct Session {
    pub token: RwSignal<Option<String>>,
    pub agent: RwSignal<Option<AgentProfile>>,
    /// Why the agent was sent back to sign-in (e.g. the session expired).
    pub ended_notice: RwSignal<Option<String>>,
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

impl Session {
    pub fn new() -> Self {
        Self {
            token: RwSignal::new(None),
            agent: RwSignal::new(None),
            ended_notice: RwSignal::new(None),
        }
    }

    /// The signed-in agent's id (untracked: who is signed in does not change under a view).
    pub fn agent_id(&self) -> Option<i64> {
        self.agent
            .with_untracked(|agent| agent.as_ref().map(|a| a.id))
    }

    /// Whether `interaction` is assigned to the signed-in agent.
    pub fn is_assigned(&self, interaction: &InteractionSummary) -> bool {
        let me = self.agent_id();
        me.is_some() && interaction.agent_id == me
    }

    /// Whether the signed-in person is a supervisor (docs/api.md, "Permissions").
    pub fn is_supervisor(&self) -> bool {
        self.agent.with_untracked(|agent| {
            agent
                .as_ref()
                .is_some_and(|agent| agent.role == omni_protocol::Role::Supervisor)
        })
    }

    /// Whether `token` is still the session's: an answer to an earlier session's request
    /// must not change this one.
    pub fn is_current(&self, token: &str) -> bool {
        self.token
            .with_untracked(|now| now.as_deref() == Some(token))
    }

    pub fn begin(&self, token: String, agent: AgentProfile) {
        self.ended_notice.set(None);
        self.agent.set(Some(agent));
        self.token.set(Some(token));
    }

    pub fn end(&self, notice: Option<String>) {
        self.token.set(None);
        self.agent.set(None);
        self.ended_notice.set(notice);
    }

    pub fn status(&self) -> Option<AgentStatus> {
        self.agent
            .with(|agent| agent.as_ref().map(|agent| agent.status.clone()))
    }

    /// A profile from the server (sign-in, reload, a status answer): taken unless the desk
    /// already holds a newer one (a late answer after an event).
    pub fn apply_profile(&self, profile: AgentProfile) {
        self.agent.maybe_update(|agent| match agent {
            Some(now) if now.id == profile.id && !is_newer(profile.version, now.version) => false,
            Some(_) => {
                *agent = Some(profile);
                true
            }
            None => false,
        });
    }

    /// Applies one change to the agent's presence.
    pub fn apply(&self, change: &EventBody) {
        self.agent.maybe_update(|agent| {
            let Some(agent) = agent.as_mut() else {
                return false;
            };
            match change {
                EventBody::StatusChanged(changed)
                    if changed.agent_id == agent.id && is_newer(changed.version, agent.version) =>
                {
                    agent.status = changed.status.clone();
                    agent.version = changed.version;
                    true
                }
                EventBody::StopNewChanged(changed)
                    if changed.agent_id == agent.id && is_newer(changed.version, agent.version) =>
                {
                    agent.stop_new = changed.stop_new;
                    agent.version = changed.version;
                    true
                }
                // Settings carry no version: the last one saved, from any tab, is the one.
                EventBody::SettingsChanged(settings) if &agent.settings != settings => {
                    agent.settings = settings.clone();
                    true
                }
                _ => false,
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use omni_protocol::{StatusChanged, StopNewChanged};

    fn anna(version: u64) -> AgentProfile {
        AgentProfile {
            version,
            ..crate::store::fixtures::agent(1)
        }
    }

    fn changed(agent_id: i64, status: AgentStatus, version: u64) -> EventBody {
        EventBody::StatusChanged(StatusChanged {
            agent_id,
            status,
            changed_at: 0,
            version,
        })
    }

    #[test]
    fn status_events_of_this_agent_apply_others_do_not() {
        let session = Session::new();
        session.begin("t".into(), anna(1));
        session.apply(&changed(2, AgentStatus::Busy, 5));
        assert_eq!(session.status(), Some(AgentStatus::WorkingOffline));
        session.apply(&changed(1, AgentStatus::OnBreak, 6));
        assert_eq!(session.status(), Some(AgentStatus::OnBreak));
        session.end(Some("bye".into()));
        assert_eq!(session.status(), None);
        assert_eq!(session.ended_notice.get_untracked().as_deref(), Some("bye"));
    }

    #[test]
    fn a_late_answer_does_not_undo_a_newer_event() {
        let session = Session::new();
        session.begin("t".into(), anna(1));
        // Accepting an email made the agent Busy (event 12) while the answer to an earlier
        // "Available" (version 10) was still on its way.
        session.apply(&changed(1, AgentStatus::Busy, 12));
        let mut late = anna(10);
        late.status = AgentStatus::Available;
        session.apply_profile(late);
        assert_eq!(session.status(), Some(AgentStatus::Busy));
        // Stop new, answered late the same way.
        session.apply(&EventBody::StopNewChanged(StopNewChanged {
            agent_id: 1,
            stop_new: true,
            version: 13,
        }));
        let mut late = anna(12);
        late.status = AgentStatus::Busy;
        late.stop_new = false;
        session.apply_profile(late);
        assert!(session.agent.get_untracked().unwrap().stop_new);
        // A newer profile wins.
        let mut newer = anna(20);
        newer.status = AgentStatus::Available;
        session.apply_profile(newer);
        assert_eq!(session.status(), Some(AgentStatus::Available));
    }

    #[test]
    fn settings_saved_in_another_tab_apply_at_once() {
        let session = Session::new();
        session.begin("t".into(), anna(1));
        let settings = omni_protocol::AgentSettings {
            auto_multi_match_pop: true,
            ..Default::default()
        };
        session.apply(&EventBody::SettingsChanged(settings));
        assert!(
            session
                .agent
                .get_untracked()
                .unwrap()
                .settings
                .auto_multi_match_pop
        );
    }
}
