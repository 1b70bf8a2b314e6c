//! What the screen pop already showed in the CRM, kept in this tab's sessionStorage: an
//! embedded panel reloads with every page of some CRMs, and must not drag the agent back to
//! a record they have left. Lost with the tab, and harmlessly absent where storage is blocked.

const KEY: &str = "omni-desk.popped";
/// Enough for a shift's interactions; the oldest go first.
const KEPT: usize = 100;

/// `(interaction, what)` pairs as stored: one per line, `id what`.
pub fn parse(text: &str) -> Vec<(i64, String)> {
    text.lines()
        .filter_map(|line| {
            let (id, what) = line.split_once(' ')?;
            Some((id.parse().ok()?, what.to_owned()))
        })
        .collect()
}

pub fn to_text(popped: &[(i64, String)]) -> String {
    let start = popped.len().saturating_sub(KEPT);
    popped[start..]
        .iter()
        .map(|(id, what)| format!("{id} {}", what.replace('\n', " ")))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(target_arch = "wasm32")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

pub fn load() -> Vec<(i64, String)> {
    #[cfg(target_arch = "wasm32")]
    if let Some(text) = storage().and_then(|s| s.get_item(KEY).ok().flatten()) {
        return parse(&text);
    }
    Vec::new()
}

pub fn save(popped: &[(i64, String)]) {
    #[cfg(target_arch = "wasm32")]
    if let Some(storage) = storage() {
        let _ = storage.set_item(KEY, &to_text(popped));
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (popped, KEY);
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn pops_come_back_as_saved_and_only_the_newest_are_kept() {
        let popped = vec![(7, "open 3".to_owned()), (8, "create".to_owned())];
        assert_eq!(parse(&to_text(&popped)), popped);
        let many: Vec<(i64, String)> = (0..150).map(|id| (id, "search".into())).collect();
        let kept = parse(&to_text(&many));
        assert_eq!(kept.len(), KEPT);
        assert_eq!(kept.first().map(|p| p.0), Some(50));
    }

    proptest! {
        #[test]
        fn any_stored_text_reads_without_panicking(text in "\\PC{0,200}") {
            let _ = parse(&text);
        }
    }
}
