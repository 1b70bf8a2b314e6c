//! Queues, channels and the disposition tree.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    Email,
    Chat,
}

crate::wire_words!(Channel {
    Email => "email",
    Chat => "chat",
});

/// `GET /api/v1/queues`: every queue, and whether the signed-in agent serves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queue {
    pub id: i64,
    pub name: String,
    pub channel: Channel,
    /// How long an offer waits for Accept before it moves on.
    pub acceptance_seconds: u32,
    /// Post-processing (wrap-up) countdown after an interaction ends; 0 = none.
    pub post_processing_seconds: u32,
    /// A disposition must be chosen before wrap-up completes.
    pub disposition_mandatory: bool,
    /// Offer to every eligible member at once (first accept wins) instead of one by one.
    pub ring_all: bool,
    pub member: bool,
}

/// One node of the disposition tree (at most three levels). Only leaves may be chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disposition {
    pub id: i64,
    pub label: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Disposition>,
}

impl Disposition {
    /// The labels from the root to the node `id`, if it is in this subtree.
    pub fn path_to(&self, id: i64) -> Option<Vec<String>> {
        if self.id == id {
            return Some(vec![self.label.clone()]);
        }
        self.children.iter().find_map(|child| {
            let mut path = child.path_to(id)?;
            path.insert(0, self.label.clone());
            Some(path)
        })
    }
}

/// The ids from a root to `id` in a forest of dispositions (for cascading pickers).
pub fn disposition_ids_to(tree: &[Disposition], id: i64) -> Option<Vec<i64>> {
    tree.iter().find_map(|node| {
        if node.id == id {
            return Some(vec![node.id]);
        }
        let mut below = disposition_ids_to(&node.children, id)?;
        below.insert(0, node.id);
        Some(below)
    })
}

/// Finds the path of labels to `id` in a forest of dispositions.
pub fn disposition_path(tree: &[Disposition], id: i64) -> Option<Vec<String>> {
    tree.iter().find_map(|root| root.path_to(id))
}

/// What an agent may hold at once on one channel (PRODUCT A7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelCapacity {
    pub channel: Channel,
    pub max: u32,
}
