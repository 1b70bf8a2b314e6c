//! Wire types of the Omni Desk contract: every REST body and server-sent event, shared by
//! the desk and the reference server so neither can drift from `docs/api.md`.
//!
//! Times on the wire are milliseconds since the Unix epoch (UTC), named `*_at`.

pub mod agent;
pub mod auth;
pub mod compose;
pub mod customer;
pub mod error;
pub mod events;
pub mod host_bridge;
pub mod interaction;
pub mod list;
pub mod message;
pub mod offer;
pub mod paths;
pub mod phone;
pub mod queue;
pub mod search;
pub mod sse;
pub mod words;
pub mod wrapup;

pub use agent::{
    AgentProfile, AgentRef, AgentSettings, AgentStatus, Permissions, Role, SetStatusRequest,
    StatusOption, StopNewRequest, WorkSnapshot,
};
pub use auth::{SignInRequest, SignInResponse};
pub use compose::{
    check_address, split_addresses, AfterSend, CannedAnswer, CloseRequest, ForwardRequest,
    MailFormat, NewEmailRequest, NoteRequest, OutgoingEmail, ReplyRequest, Sent, SubStatusRequest,
    TransferRequest, TransferTarget, Upload, MAX_ATTACHMENT_BYTES,
};
pub use customer::{
    Customer, CustomerCase, CustomerDeleted, CustomerInput, CustomerPage, CustomerTask,
    FieldProblem, HistoryEntry, LinkCustomerRequest, TaskKind, TaskRequest,
};
pub use error::{ErrorBody, ErrorCode, ErrorDetail};
pub use events::{Event, EventBody, Resync, StatusChanged, StopNewChanged, WrapUpEnded};
pub use interaction::{
    CustomerRef, InboundRequest, InteractionPage, InteractionState, InteractionSummary,
    LastMessage, SetTagsRequest,
};
pub use list::{activity_key, ListFilters};
pub use message::{
    Attachment, Direction, EmailAccount, EmailAddress, HtmlBody, Message, MessageKind,
    RecipientRole, TextBody, HELD_PREFIX, THREAD_PAGE_MAX,
};
pub use offer::{Offer, OfferWithdrawn, WithdrawReason};
pub use queue::{
    disposition_ids_to, disposition_path, Channel, ChannelCapacity, Disposition, Queue,
};
pub use search::{
    judge::Verdict, Choice, Condition, ConditionValue, FieldType, Join, Operator,
    SaveSearchRequest, SavedSearch, Search, SearchField,
};
pub use wrapup::{WrapUp, WrapUpRequest};
