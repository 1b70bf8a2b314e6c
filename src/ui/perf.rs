//! Performance marks the bench reads (`performance.getEntriesByName`).

/// Sets a `performance.mark`; nothing happens where the API is missing.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}
