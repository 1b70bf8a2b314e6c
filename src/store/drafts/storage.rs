//! The browser's local storage, which may be missing (private modes, a third-party iframe
//! whose storage is blocked) or full. Every failure is reported, never swallowed.

use wasm_bindgen::JsCast;

/// Why nothing can be stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The origin's quota is used up.
    Full,
    /// There is no local storage here, or the browser refuses it.
    Unavailable,
}

fn storage() -> Result<web_sys::Storage, Failure> {
    web_sys::window()
        .ok_or(Failure::Unavailable)?
        .local_storage()
        .ok()
        .flatten()
        .ok_or(Failure::Unavailable)
}

/// Whether local storage can be used here at all.
pub fn available() -> bool {
    storage().is_ok()
}

pub fn get(key: &str) -> Result<Option<String>, Failure> {
    storage()?.get_item(key).map_err(|_| Failure::Unavailable)
}

pub fn set(key: &str, value: &str) -> Result<(), Failure> {
    storage()?.set_item(key, value).map_err(|error| {
        let quota = error
            .dyn_ref::<web_sys::DomException>()
            .is_some_and(|e| e.name() == "QuotaExceededError" || e.code() == 22);
        if quota {
            Failure::Full
        } else {
            Failure::Unavailable
        }
    })
}

pub fn remove(key: &str) {
    if let Ok(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

/// Every key that starts with `prefix`, with its value.
pub fn entries_with(prefix: &str) -> Result<Vec<(String, String)>, Failure> {
    let storage = storage()?;
    let count = storage.length().map_err(|_| Failure::Unavailable)?;
    let mut found = Vec::new();
    for index in 0..count {
        let Ok(Some(key)) = storage.key(index) else {
            continue;
        };
        if key.starts_with(prefix) {
            if let Ok(Some(value)) = storage.get_item(&key) {
                found.push((key, value));
            }
        }
    }
    Ok(found)
}
