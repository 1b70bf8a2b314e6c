//! Keeps the bearer token across reloads of this tab (sessionStorage), and survives storage
//! being blocked, as it often is in third-party iframes.

const KEY: &str = "omni-desk.session";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

pub fn load() -> Option<String> {
    storage()?
        .get_item(KEY)
        .ok()
        .flatten()
        .filter(|token| !token.is_empty())
}

pub fn save(token: &str) {
    if let Some(storage) = storage() {
        // A refused write (quota, privacy mode) only costs a sign-in after reload.
        let _ = storage.set_item(KEY, token);
    }
}

pub fn clear() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(KEY);
    }
}
