//! Who may do what to whose interaction: the one place that decides (docs/api.md,
//! "Permissions", whose table the API tests are built from). Agents work what is assigned to
//! them; any agent reads, tags and reopens; supervisors also add notes to any interaction
//! and close the ones waiting in a queue or for the customer (seed 003).

use omni_protocol::{InteractionState, InteractionSummary, Role};

use crate::{error::ApiError, presence::agents, AppState};

/// The person asking, with what their role and permissions allow.
pub struct Caller {
    pub agent_id: i64,
    pub role: Role,
    pub may_transfer: bool,
}

impl Caller {
    pub async fn load(app: &AppState, agent_id: i64) -> Result<Self, ApiError> {
        let (role, may_transfer) = crate::db::agents::role_and_transfer(app, agent_id)
            .await?
            .ok_or_else(|| ApiError::not_found("This agent no longer exists."))?;
        Ok(Caller {
            agent_id,
            role: agents::role_of(&role),
            may_transfer,
        })
    }

    pub fn is_supervisor(&self) -> bool {
        self.role == Role::Supervisor
    }

    fn owns(&self, summary: &InteractionSummary) -> bool {
        summary.agent_id == Some(self.agent_id)
    }
}

/// What the caller wants to do to an interaction.
#[derive(Clone, Copy, Debug)]
pub enum Action {
    /// See it, its thread, its files and its transcript.
    Read,
    Tag,
    /// An internal note; `wraps_it_up`: the caller has an open wrap-up of it (they
    /// transferred it and finish their part).
    Note {
        wraps_it_up: bool,
    },
    /// Reply, forward, set the sub-status: only while it is in the caller's hands.
    Write,
    Transfer,
    Close,
    Reopen,
    /// Say which customer it is with: the screen pop's choice is the handling agent's.
    LinkCustomer,
}

/// Allowed, or the 403/409 that says why not.
pub fn check(
    caller: &Caller,
    action: Action,
    summary: &InteractionSummary,
) -> Result<(), ApiError> {
    match action {
        Action::Read | Action::Tag => Ok(()),
        Action::Note { wraps_it_up } => {
            if caller.is_supervisor() || caller.owns(summary) || wraps_it_up {
                Ok(())
            } else {
                Err(ApiError::forbidden(
                    "Only the agent working this interaction, or a supervisor, can add notes to it.",
                ))
            }
        }
        Action::Write => workable_by(summary, caller.agent_id),
        Action::Transfer => {
            if !caller.may_transfer {
                return Err(ApiError::forbidden("You may not transfer interactions."));
            }
            workable_by(summary, caller.agent_id)
        }
        Action::Close => {
            let waiting = matches!(
                summary.state,
                InteractionState::Queued | InteractionState::Open
            );
            if caller.is_supervisor() && waiting && !caller.owns(summary) {
                return Ok(());
            }
            workable_by(summary, caller.agent_id)
        }
        Action::LinkCustomer => {
            if caller.is_supervisor() || caller.owns(summary) {
                Ok(())
            } else {
                Err(ApiError::forbidden(
                    "Only the agent working this interaction, or a supervisor, can link it to a customer.",
                ))
            }
        }
        Action::Reopen => match summary.state {
            InteractionState::Closed => Ok(()),
            _ => Err(ApiError::conflict(
                "Only a closed interaction can be reopened.",
            )),
        },
    }
}

/// The interaction must be the caller's and in their hands (working it, or open).
pub fn workable_by(summary: &InteractionSummary, agent_id: i64) -> Result<(), ApiError> {
    if summary.agent_id != Some(agent_id) {
        return Err(ApiError::forbidden(
            "This interaction is assigned to someone else.",
        ));
    }
    match summary.state {
        InteractionState::Active | InteractionState::Open => Ok(()),
        InteractionState::Closed => Err(ApiError::conflict(
            "This interaction is closed; reopen it to write again.",
        )),
        _ => Err(ApiError::conflict(
            "This interaction is not open for writing now.",
        )),
    }
}
