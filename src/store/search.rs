//! The advanced search builder (B19) and the quick search box (B18): the fields the server
//! offers, the conditions being edited (applied only with Apply), the agent's saved searches.
//! What the list shows is the applied search, in the list's filters.

use leptos::prelude::*;
use omni_protocol::{Condition, Join, SavedSearch, Search, SearchField};

use crate::search::builder;

#[derive(Clone, Copy)]
pub struct SearchBuilder {
    pub fields: RwSignal<Vec<SearchField>>,
    /// The conditions being built; the list shows them once applied.
    pub draft: RwSignal<Search>,
    /// The chip whose editor is open.
    pub editing: RwSignal<Option<usize>>,
    /// The builder's panel is shown.
    pub open: RwSignal<bool>,
    pub saved: RwSignal<Vec<SavedSearch>>,
    /// What the server said about the last load, save or search (shown in the panel).
    pub notice: RwSignal<Option<String>>,
    /// What the quick search box holds (applied on Enter, or as the agent types).
    pub typed: RwSignal<String>,
}

impl Default for SearchBuilder {
    fn default() -> Self {
        Self {
            fields: RwSignal::new(Vec::new()),
            draft: RwSignal::new(Search::default()),
            editing: RwSignal::new(None),
            open: RwSignal::new(false),
            saved: RwSignal::new(Vec::new()),
            notice: RwSignal::new(None),
            typed: RwSignal::new(String::new()),
        }
    }
}

impl SearchBuilder {
    /// Sign-out: nothing of this agent's searches stays.
    pub fn clear(&self) {
        self.fields.set(Vec::new());
        self.draft.set(Search::default());
        self.editing.set(None);
        self.open.set(false);
        self.saved.set(Vec::new());
        self.notice.set(None);
        self.typed.set(String::new());
    }

    /// The field `id`, if the server offers it.
    pub fn field(&self, id: &str) -> Option<SearchField> {
        self.fields
            .with_untracked(|fields| fields.iter().find(|f| f.id == id).cloned())
    }

    /// + : a new condition on the first field, its editor open.
    pub fn add(&self) {
        let Some(first) = self.fields.with_untracked(|f| f.first().cloned()) else {
            return;
        };
        let mut index = 0;
        self.draft.update(|search| {
            search.conditions.push(builder::new_condition(&first));
            index = search.conditions.len() - 1;
        });
        self.editing.set(Some(index));
    }

    /// The list's filters join the conditions being built (the same language).
    pub fn add_all(&self, conditions: Search) {
        if conditions.conditions.is_empty() {
            self.notice.set(Some("No list filter is set.".into()));
            return;
        }
        self.draft
            .update(|search| search.conditions.extend(conditions.conditions));
        self.editing.set(None);
    }

    /// Changes condition `index` (nothing if it is gone).
    pub fn edit(&self, index: usize, change: impl FnOnce(&mut Condition)) {
        self.draft.update(|search| {
            if let Some(condition) = search.conditions.get_mut(index) {
                change(condition);
            }
        });
    }

    pub fn remove(&self, index: usize) {
        self.draft.update(|search| {
            if index < search.conditions.len() {
                search.conditions.remove(index);
            }
        });
        self.editing.set(None);
    }

    /// Clear: every condition goes.
    pub fn remove_all(&self) {
        self.draft.update(|search| search.conditions.clear());
        self.editing.set(None);
    }

    pub fn set_join(&self, join: Join) {
        self.draft.update(|search| search.join = join);
    }

    /// A saved search (or one from the URL) becomes the one being built.
    pub fn take(&self, search: Search, quick: String) {
        self.draft.set(search);
        self.typed.set(quick);
        self.editing.set(None);
    }

    /// The problems of each chip, by index, in the agent's words (none before the fields
    /// have loaded: every field would be unknown).
    pub fn problems(&self) -> Vec<(Option<usize>, String)> {
        let fields = self.fields.get();
        if fields.is_empty() {
            return Vec::new();
        }
        self.draft.with(|search| search.problems(&fields))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use omni_protocol::{ConditionValue, FieldType, Operator};

    fn ready() -> SearchBuilder {
        let builder = SearchBuilder::default();
        builder.fields.set(vec![SearchField {
            id: "subject".into(),
            label: "Subject".into(),
            kind: FieldType::Text,
            choices: vec![],
        }]);
        builder
    }

    #[test]
    fn chips_are_added_edited_disabled_and_removed() {
        let builder = ready();
        builder.add();
        builder.add();
        assert_eq!(builder.editing.get_untracked(), Some(1));
        builder.edit(0, |c| c.value = ConditionValue::Text("refund".into()));
        builder.edit(1, |c| c.enabled = false);
        builder.edit(7, |c| c.enabled = false);
        let search = builder.draft.get_untracked();
        assert_eq!(search.conditions.len(), 2);
        assert!(!search.conditions[1].enabled);
        assert_eq!(search.conditions[0].op, Operator::Equals);
        assert!(
            builder.problems().is_empty(),
            "a disabled chip is not checked"
        );
        builder.edit(1, |c| c.enabled = true);
        assert_eq!(
            builder.problems(),
            vec![(Some(1), "Type what to look for.".to_owned())]
        );
        builder.edit(1, |c| c.enabled = false);
        builder.set_join(Join::Any);
        builder.remove(0);
        assert_eq!(builder.draft.get_untracked().conditions.len(), 1);
        builder.remove_all();
        assert!(builder.draft.get_untracked().conditions.is_empty());
        assert_eq!(builder.draft.get_untracked().join, Join::Any);
    }
}
