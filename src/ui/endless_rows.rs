//! A keyed list for rows that come and go without end (a live thread): like Leptos' `For`,
//! but its memory stays the same however many rows have passed through it.
//!
//! `For` makes each row's reactive owner a child of the owner around it, and an owner keeps
//! a (weak) entry for every child it ever had until it is cleaned up itself, about 70 bytes
//! each. Around a thread that receives messages all day that owner never is. Here each row's
//! owner hangs under a batch owner instead; a batch takes `ROWS_PER_BATCH` rows, and each row
//! keeps its batch alive, so a batch and its entries go once its last row has gone. What is
//! left over per row is one entry per batch.

use std::{
    hash::Hash,
    sync::{Arc, Mutex},
};

use leptos::{
    prelude::*,
    tachys::{
        reactive_graph::OwnedView,
        view::keyed::{keyed, SerializableKey},
    },
};

const ROWS_PER_BATCH: usize = 64;

/// Keeps a row's batch alive for as long as the row (held in the row owner's context).
#[derive(Clone)]
struct InBatch(#[allow(dead_code)] Owner);

/// The batch new rows go into: its owner, and how many rows it took.
struct Batch {
    owner: Owner,
    rows: usize,
}

/// Renders `each` keyed by `key`, each row by `row` (called once per new key).
pub fn endless_rows<T, I, K>(
    each: impl Fn() -> I + Send + 'static,
    key: impl Fn(&T) -> K + Send + Clone + 'static,
    row: impl Fn(T) -> AnyView + Send + Sync + 'static,
) -> impl IntoView
where
    I: IntoIterator<Item = T> + Send + 'static,
    K: Eq + Hash + SerializableKey + 'static,
    T: Send + 'static,
{
    let parent = Owner::current().expect("endless_rows needs a reactive owner");
    let batch = Arc::new(Mutex::new(Batch {
        owner: parent.with(Owner::new),
        rows: 0,
    }));
    let row = Arc::new(row);
    let children = move |_, item: T| {
        let batch_owner = {
            let mut batch = batch
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if batch.rows == ROWS_PER_BATCH {
                *batch = Batch {
                    owner: parent.with(Owner::new),
                    rows: 0,
                };
            }
            batch.rows += 1;
            batch.owner.clone()
        };
        let owner = batch_owner.with(Owner::new);
        let view = owner.with(|| {
            provide_context(InBatch(batch_owner));
            row(item)
        });
        (drop, OwnedView::new_with_owner(view, owner))
    };
    move || keyed(each(), key.clone(), children.clone())
}
