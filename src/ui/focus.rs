//! Keyboard focus for when the element holding it goes away (a panel closing, a button
//! hiding itself): it moves to the next thing the agent uses, not to the page's body.

use wasm_bindgen::JsCast;

/// Focuses the element with `id`, if it is on the page.
pub fn focus_by_id(id: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}
