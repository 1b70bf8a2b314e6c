//! Customer records beside the agent's interactions: the screen pop's matches per lookup,
//! the records read, the customer journey shown, and the context panel's tab. Changes come
//! through `apply` (`customer_changed`, `customer_deleted`) and the lookups' answers.

use std::collections::HashMap;

use leptos::prelude::*;
use omni_protocol::{Customer, EventBody, InteractionSummary};

use crate::customers::pop::Lookup;

/// The context panel's tabs (seed 003).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ContextTab {
    #[default]
    Contact,
    Interaction,
    Journey,
}

/// The journey shown: whose, with which filter, and what the server answered.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Journey {
    pub customer_id: i64,
    pub items: Vec<InteractionSummary>,
}

#[derive(Clone, Copy)]
pub struct Customers {
    /// What each lookup found (drafts never match), oldest record first. Absent: not asked
    /// yet, or on its way.
    pub matches: RwSignal<HashMap<Lookup, Vec<Customer>>>,
    /// Records read, by id.
    pub records: RwSignal<HashMap<i64, Customer>>,
    /// Why a lookup failed (the panel offers to try again).
    pub failures: RwSignal<HashMap<Lookup, String>>,
    pub journey: RwSignal<Option<Journey>>,
    pub tab: RwSignal<ContextTab>,
}

impl Default for Customers {
    fn default() -> Self {
        Self {
            matches: RwSignal::new(HashMap::new()),
            records: RwSignal::new(HashMap::new()),
            failures: RwSignal::new(HashMap::new()),
            journey: RwSignal::new(None),
            tab: RwSignal::new(ContextTab::default()),
        }
    }
}

impl Customers {
    pub fn matches_of(&self, lookup: &Lookup) -> Option<Vec<Customer>> {
        self.matches.with(|all| all.get(lookup).cloned())
    }

    pub fn failure_of(&self, lookup: &Lookup) -> Option<String> {
        self.failures.with(|all| all.get(lookup).cloned())
    }

    pub fn failed(&self, lookup: Lookup, message: String) {
        self.failures.update(|all| {
            all.insert(lookup, message);
        });
    }

    pub fn record(&self, id: i64) -> Option<Customer> {
        self.records.with(|records| records.get(&id).cloned())
    }

    /// A lookup's answer.
    pub fn found(&self, lookup: Lookup, customers: Vec<Customer>) {
        for customer in &customers {
            self.keep(customer.clone());
        }
        self.failures.update(|all| {
            all.remove(&lookup);
        });
        self.matches.update(|all| {
            all.insert(lookup, customers);
        });
    }

    /// Every lookup held, to ask again after a resync.
    pub fn lookups(&self) -> Vec<Lookup> {
        self.matches
            .with_untracked(|all| all.keys().cloned().collect())
    }

    /// A record read or written: kept unless a newer copy is held.
    pub fn keep(&self, customer: Customer) {
        self.records
            .maybe_update(|records| match records.get(&customer.id) {
                Some(held) if held.version >= customer.version => false,
                _ => {
                    records.insert(customer.id, customer);
                    true
                }
            });
    }

    pub fn apply(&self, change: &EventBody) {
        match change {
            EventBody::CustomerChanged(customer) => {
                self.keep(customer.clone());
                self.rematch(customer);
            }
            EventBody::CustomerDeleted(deleted) => {
                self.records.update(|records| {
                    records.remove(&deleted.id);
                });
                self.matches.update(|all| {
                    for matches in all.values_mut() {
                        matches.retain(|c| c.id != deleted.id);
                    }
                });
            }
            _ => {}
        }
    }

    /// A changed record joins, stays in or leaves each lookup held, as the server would
    /// now answer it (drafts never match).
    fn rematch(&self, customer: &Customer) {
        self.matches.update(|all| {
            for (lookup, matches) in all.iter_mut() {
                let has = match lookup {
                    Lookup::Email(email) => customer.emails.contains(email),
                    Lookup::Phone(phone) => customer.phones.contains(phone),
                } && !customer.draft;
                matches.retain(|c| c.id != customer.id);
                if has {
                    matches.push(customer.clone());
                    matches.sort_by_key(|c| c.id);
                }
            }
        });
    }

    pub fn clear(&self) {
        self.matches.set(HashMap::new());
        self.records.set(HashMap::new());
        self.failures.set(HashMap::new());
        self.journey.set(None);
        self.tab.set(ContextTab::default());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use omni_protocol::CustomerDeleted;

    use crate::store::fixtures::customer as rossi;

    #[test]
    fn a_new_record_with_the_phone_joins_its_lookup_and_a_deleted_one_leaves() {
        let _owner = crate::store::fixtures::owner();
        let customers = Customers::default();
        let family = Lookup::Phone("+390612345678".into());
        customers.found(family.clone(), vec![rossi(2, 1)]);
        customers.apply(&EventBody::CustomerChanged(rossi(1, 1)));
        let ids: Vec<i64> = customers
            .matches_of(&family)
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(ids, [1, 2], "oldest first, as the server answers");
        customers.apply(&EventBody::CustomerDeleted(CustomerDeleted { id: 2 }));
        let ids: Vec<i64> = customers
            .matches_of(&family)
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(ids, [1]);
        assert!(customers.record(2).is_none());
    }

    #[test]
    fn a_record_saved_as_a_draft_or_without_the_address_stops_matching() {
        let _owner = crate::store::fixtures::owner();
        let customers = Customers::default();
        let email = Lookup::Email("rossi1@example.com".into());
        customers.found(email.clone(), vec![rossi(1, 1)]);
        let mut moved = rossi(1, 2);
        moved.emails = vec!["maria@example.it".into()];
        customers.apply(&EventBody::CustomerChanged(moved));
        assert_eq!(customers.matches_of(&email), Some(vec![]));
        let phone = Lookup::Phone("+390612345678".into());
        customers.found(phone.clone(), vec![rossi(2, 1)]);
        let mut draft = rossi(2, 2);
        draft.draft = true;
        customers.apply(&EventBody::CustomerChanged(draft));
        assert_eq!(
            customers.matches_of(&phone),
            Some(vec![]),
            "a draft never matches"
        );
    }

    #[test]
    fn an_older_copy_of_a_record_never_replaces_a_newer_one() {
        let _owner = crate::store::fixtures::owner();
        let customers = Customers::default();
        let mut newer = rossi(1, 3);
        newer.company = "Rossi Ceramiche".into();
        customers.keep(newer);
        customers.keep(rossi(1, 2));
        assert_eq!(customers.record(1).unwrap().company, "Rossi Ceramiche");
    }
}
