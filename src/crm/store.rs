//! What the Local CRM page knows: who is signed in (the desk's session, shared through this
//! tab's sessionStorage), which page is open, the Customers list, the open record, and the
//! desk panel's state.

use leptos::prelude::*;
use omni_protocol::{
    AgentProfile, Customer, CustomerCase, CustomerInput, CustomerTask, HistoryEntry,
};

use super::columns::Column;

/// The record view's tabs (seed 004).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordTab {
    Details,
    Cases,
    Tasks,
    History,
}

impl RecordTab {
    pub const ALL: [RecordTab; 4] = [
        RecordTab::Details,
        RecordTab::Cases,
        RecordTab::Tasks,
        RecordTab::History,
    ];

    pub fn label(self) -> &'static str {
        match self {
            RecordTab::Details => "Details",
            RecordTab::Cases => "Cases",
            RecordTab::Tasks => "Tasks",
            RecordTab::History => "History",
        }
    }
}

/// The page in the CRM's main area.
#[derive(Debug, Clone, PartialEq)]
pub enum Page {
    Customers,
    /// The New Customer form, prefilled; `request_id` is the desk's `createRecord` that
    /// opened it, answered with `recordCreated` on save.
    NewCustomer {
        prefill: Box<CustomerInput>,
        request_id: Option<String>,
    },
    Record {
        id: i64,
        tab: RecordTab,
    },
}

impl Page {
    /// What the main area shows, without the record's tab: switching tabs keeps the record
    /// view (and an Edit open in it) in place.
    pub fn screen(&self) -> Screen {
        match self {
            Page::Customers => Screen::Customers,
            Page::NewCustomer {
                prefill,
                request_id,
            } => Screen::NewCustomer(prefill.clone(), request_id.clone()),
            Page::Record { id, .. } => Screen::Record(*id),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    Customers,
    NewCustomer(Box<CustomerInput>, Option<String>),
    Record(i64),
}

/// The Customers list as last loaded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListPage {
    pub query: String,
    pub offset: u64,
    pub items: Vec<Customer>,
    pub total: u64,
    /// Set when the desk's search filled the list: "2 customers match maria@…".
    pub matched: Option<String>,
}

pub const PAGE_SIZE: u32 = 25;

/// A list of the open record, as its tab shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded<T> {
    Loading,
    Items(Vec<T>),
    Failed(String),
}

#[derive(Clone, Copy)]
pub struct CrmStore {
    pub token: RwSignal<Option<String>>,
    pub agent: RwSignal<Option<AgentProfile>>,
    pub page: RwSignal<Page>,
    pub list: RwSignal<ListPage>,
    pub columns: RwSignal<Vec<Column>>,
    /// The open record (the `Record` page's), once loaded, and its tabs' lists.
    pub record: RwSignal<Option<Customer>>,
    pub cases: RwSignal<Loaded<CustomerCase>>,
    pub tasks: RwSignal<Loaded<CustomerTask>>,
    pub history: RwSignal<Loaded<HistoryEntry>>,
    /// An Edit form is open in the record view: what the agent types there must not be
    /// replaced by a page the desk asks for.
    pub editing: RwSignal<bool>,
    /// What the desk asked to show while a form was open, with its name, for the agent to
    /// open when ready.
    pub waiting: RwSignal<Option<(String, Page)>>,
    /// A sentence about the last thing that failed, shown above the page.
    pub failure: RwSignal<Option<String>>,
    /// The desk panel's state, in words: "Desk connected", the last interaction event.
    pub panel_status: RwSignal<String>,
    pub panel_hidden: RwSignal<bool>,
    pub panel_width: RwSignal<u32>,
}

impl Default for CrmStore {
    fn default() -> Self {
        Self::new()
    }
}

impl CrmStore {
    pub fn new() -> Self {
        Self {
            token: RwSignal::new(None),
            agent: RwSignal::new(None),
            page: RwSignal::new(Page::Customers),
            list: RwSignal::new(ListPage::default()),
            columns: RwSignal::new(Column::ALL.to_vec()),
            record: RwSignal::new(None),
            cases: RwSignal::new(Loaded::Loading),
            tasks: RwSignal::new(Loaded::Loading),
            history: RwSignal::new(Loaded::Loading),
            editing: RwSignal::new(false),
            waiting: RwSignal::new(None),
            failure: RwSignal::new(None),
            panel_status: RwSignal::new("Connecting to the desk panel…".into()),
            panel_hidden: RwSignal::new(false),
            panel_width: RwSignal::new(400),
        }
    }

    /// The id of the record loaded for the record view, if any.
    pub fn record_id(&self) -> Option<i64> {
        self.record.with_untracked(|r| r.as_ref().map(|r| r.id))
    }

    /// Whether a form with the agent's typing is open (New Customer, or an Edit).
    pub fn busy(&self) -> bool {
        self.editing.get_untracked()
            || matches!(self.page.get_untracked(), Page::NewCustomer { .. })
    }

    /// Forgets the signed-in agent's pages (another agent, or nobody, signs in).
    pub fn forget(&self) {
        self.page.set(Page::Customers);
        self.list.set(ListPage::default());
        self.record.set(None);
        self.editing.set(false);
        self.waiting.set(None);
    }

    /// Whether the signed-in agent may edit records (reactive).
    pub fn may_edit(&self) -> bool {
        self.agent
            .with(|a| a.as_ref().is_some_and(|a| a.permissions.may_edit_customers))
    }

    /// Whether the signed-in agent may delete records (reactive).
    pub fn may_delete(&self) -> bool {
        self.agent.with(|a| {
            a.as_ref()
                .is_some_and(|a| a.permissions.may_delete_customers)
        })
    }
}
