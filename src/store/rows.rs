//! Rows of one kind (offers, interactions, wrap-ups, messages) in a keyed store: one change
//! reaches the views of that one row. One generic shape for all, so the rail and the list
//! share their code.

use reactive_stores::{AtKeyed, Store};

/// What a row is known by in its store.
pub trait Keyed {
    fn key(&self) -> i64;
}

#[derive(Debug, Store)]
pub struct Rows<T: Keyed + Send + Sync + 'static> {
    #[store(key: i64 = |row| row.key())]
    pub rows: Vec<T>,
}

impl<T: Keyed + Send + Sync + 'static> Default for Rows<T> {
    fn default() -> Self {
        Self { rows: Vec::new() }
    }
}

/// One row, as views hold it.
pub type Row<T> = AtKeyed<Store<Rows<T>>, Rows<T>, i64, Vec<T>>;

impl Keyed for omni_protocol::Offer {
    fn key(&self) -> i64 {
        self.id
    }
}

impl Keyed for omni_protocol::InteractionSummary {
    fn key(&self) -> i64 {
        self.id
    }
}

impl Keyed for omni_protocol::WrapUp {
    fn key(&self) -> i64 {
        self.interaction_id
    }
}

impl Keyed for omni_protocol::Message {
    fn key(&self) -> i64 {
        self.id
    }
}
