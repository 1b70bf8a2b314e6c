//! Which of two copies of a thing is newer: its `version` is the id of the event that
//! announced its last change (docs/api.md, "Versions"), so copies compare directly.

/// Whether a copy at `incoming` may replace one at `current`. An equal version is the same
/// state (nothing to do). A backend that sends no versions (every copy at 0) gets last
/// writer wins; a versioned copy is never replaced by an unversioned one.
pub fn is_newer(incoming: u64, current: u64) -> bool {
    incoming > current || (incoming == 0 && current == 0)
}

/// The versions of rows a store dropped lately (an interaction closed, filtered out), so
/// that a late, older copy of one does not bring it back.
#[derive(Debug, Default)]
pub struct Tombstones(std::collections::VecDeque<(i64, u64)>);

/// Tombstones kept at most; older ones are forgotten first.
const TOMBSTONES_KEPT: usize = 256;

impl Tombstones {
    pub fn bury(&mut self, id: i64, version: u64) {
        self.0.retain(|(buried, _)| *buried != id);
        if self.0.len() == TOMBSTONES_KEPT {
            self.0.pop_front();
        }
        self.0.push_back((id, version));
    }

    /// Whether a copy of `id` at `version` is no newer than when it was dropped.
    pub fn outlived(&self, id: i64, version: u64) -> bool {
        self.0
            .iter()
            .any(|(buried, at)| *buried == id && !is_newer(version, *at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_row_comes_back_only_newer() {
        let mut graves = Tombstones::default();
        graves.bury(5, 10);
        assert!(graves.outlived(5, 8) && graves.outlived(5, 10));
        assert!(!graves.outlived(5, 11) && !graves.outlived(6, 1));
        for id in 100..100 + TOMBSTONES_KEPT as i64 {
            graves.bury(id, 1);
        }
        assert!(!graves.outlived(5, 8), "the oldest are forgotten first");
    }

    #[test]
    fn newer_wins_equal_and_older_do_not_and_unversioned_backends_still_update() {
        assert!(is_newer(12, 10));
        assert!(!is_newer(10, 10));
        assert!(!is_newer(9, 10));
        assert!(
            is_newer(0, 0),
            "a backend without versions: the last answer wins"
        );
        assert!(!is_newer(0, 10), "a copy read before any change is older");
    }
}
