//! Reactive stores: what the desk knows. Each changes through its own `apply` (a server
//! event, or a REST answer of the same shape) and by loading snapshots; views only read.

pub mod clock;
pub mod compose;
pub mod connection;
pub mod customers;
pub mod drafts;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod host;
pub mod list;
pub mod page;
pub mod rows;
pub mod saved_pops;
pub mod saved_session;
pub mod search;
pub mod session;
pub mod thread;
pub mod versions;
pub mod work;

use leptos::prelude::*;
use omni_protocol::EventBody;

pub use connection::Connection;
pub use session::Session;
pub use thread::Thread;
pub use work::Work;

use compose::{Catalog, Compositions};
use customers::Customers;
use drafts::Drafts;
use host::HostState;
use list::InteractionList;
use search::SearchBuilder;

/// Every store of the desk, in one handle views and actions share.
#[derive(Clone, Copy, Default)]
pub struct Stores {
    pub session: Session,
    pub connection: Connection,
    pub work: Work,
    pub list: InteractionList,
    pub thread: Thread,
    pub compositions: Compositions,
    pub drafts: Drafts,
    pub catalog: Catalog,
    pub search: SearchBuilder,
    pub customers: Customers,
    pub host: HostState,
}

impl Stores {
    /// Applies one change to every store it concerns. `now` is the local clock.
    pub fn apply(&self, change: &EventBody, now: i64) {
        self.session.apply(change);
        let me = self.session.agent_id().unwrap_or_default();
        self.work.apply(change, now, me);
        self.list.apply(change, me);
        self.thread.apply(change);
        self.drafts.apply(change);
        self.compositions.apply(change);
        self.customers.apply(change);
    }

    /// Sign-out: nothing of this agent stays in memory for the next one on this tab.
    pub fn forget_everything(&self, notice: Option<String>) {
        saved_session::clear();
        self.session.end(notice);
        self.work.clear();
        self.list.clear();
        self.thread.clear();
        self.compositions.open.set(Vec::new());
        self.drafts.close();
        self.catalog.clear();
        self.search.clear();
        self.customers.clear();
        self.host.clear();
        self.connection.reset();
    }
}
