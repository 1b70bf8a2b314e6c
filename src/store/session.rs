//! The signed-in agent: token, profile and presence status.

use leptos::prelude::*;
use omni_protocol::{AgentProfile, AgentStatus, Event, EventBody, InteractionSummary};

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

    /// Applies one server event to the session's state.
    pub fn apply(&self, event: &Event) {
        match &event.body {
            EventBody::StatusChanged(changed) => self.agent.update(|agent| {
                if let Some(agent) = agent.as_mut().filter(|agent| agent.id == changed.agent_id) {
                    agent.status = changed.status.clone();
                }
            }),
            EventBody::StopNewChanged(changed) => self.agent.update(|agent| {
                if let Some(agent) = agent.as_mut().filter(|agent| agent.id == changed.agent_id) {
                    agent.stop_new = changed.stop_new;
                }
            }),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use omni_protocol::{AgentSettings, Permissions, StatusChanged};

    fn anna() -> AgentProfile {
        AgentProfile {
            id: 1,
            username: "anna".into(),
            display_name: "Anna".into(),
            status: AgentStatus::WorkingOffline,
            statuses: vec![],
            permissions: Permissions::default(),
            settings: AgentSettings::default(),
            capacity: vec![],
            stop_new: false,
            signature: String::new(),
            sub_statuses: vec![],
            last_event_id: 0,
        }
    }

    fn changed(agent_id: i64, status: AgentStatus) -> Event {
        Event {
            id: 1,
            body: EventBody::StatusChanged(StatusChanged {
                agent_id,
                status,
                changed_at: 0,
            }),
        }
    }

    #[test]
    fn status_events_of_this_agent_apply_others_do_not() {
        let session = Session::new();
        session.begin("t".into(), anna());
        session.apply(&changed(2, AgentStatus::Busy));
        assert_eq!(session.status(), Some(AgentStatus::WorkingOffline));
        session.apply(&changed(1, AgentStatus::OnBreak));
        assert_eq!(session.status(), Some(AgentStatus::OnBreak));
        session.end(Some("bye".into()));
        assert_eq!(session.status(), None);
        assert_eq!(session.ended_notice.get_untracked().as_deref(), Some("bye"));
    }
}
