//! The composer's files: an upload still on its way when the composer closes.

use leptos::prelude::*;
use omni_desk::{
    store::compose::{ComposeKind, Composition},
    ui::compose::AttachmentTray,
};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{mount, panics_seen, signed_in};

fn text_file(text: &str, name: &str) -> web_sys::File {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    web_sys::File::new_with_str_sequence(&parts, name).unwrap()
}

#[wasm_bindgen_test]
async fn an_upload_answered_after_the_composer_closed_joins_its_draft() {
    let panics = panics_seen();
    let actions = signed_in("anna", "anna-demo").await;
    let compositions = actions.stores.compositions;
    compositions.put(Composition::new(
        Some(41),
        ComposeKind::Note,
        "draft-41".into(),
    ));
    let dropped = RwSignal::new(Vec::new());
    let busy = RwSignal::new(false);
    let tray = mount(actions, move || {
        // Owned by the tray's parent, as the composer's own signals are: gone with it.
        let uploads = RwSignal::new(Vec::new());
        view! { <AttachmentTray composition="draft-41" uploads=uploads busy=busy dropped=dropped /> }
    });
    dropped.set(vec![text_file("the customer's invoice", "invoice.txt")]);
    leptos::task::tick().await;
    assert!(busy.get_untracked(), "the upload started");
    // The agent switches to another interaction: the composer goes while its upload is sent.
    drop(tray);
    let mut attached = Vec::new();
    for _ in 0..250 {
        attached = compositions
            .of(Some(41))
            .map(|draft| draft.uploads)
            .unwrap_or_default();
        if !attached.is_empty() {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    assert_eq!(
        attached
            .iter()
            .map(|u| u.filename.as_str())
            .collect::<Vec<_>>(),
        ["invoice.txt"],
        "the file is on the draft when the agent comes back"
    );
    assert_eq!(
        panics_seen(),
        panics,
        "the late answer read the closed tray's state"
    );
}
