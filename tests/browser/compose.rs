//! The composer's files: an upload still on its way when the composer closes.

use leptos::prelude::*;
use omni_desk::{store::Session, ui::compose::AttachmentTray};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{api, mount, panics_seen, sign_in};

#[wasm_bindgen_test]
async fn an_upload_answered_after_the_composer_closed_leaves_the_desk_working() {
    let panics = panics_seen();
    let signed_in = sign_in("anna", "anna-demo").await;
    let session = Session::new();
    session.begin(signed_in.token, signed_in.agent);
    // The composition's own signals outlive the tray, as the composer's do.
    let (uploads, busy, dropped) = (
        RwSignal::new(Vec::new()),
        RwSignal::new(false),
        RwSignal::new(Vec::new()),
    );
    let tray = mount(api(), session, move || {
        view! { <AttachmentTray uploads=uploads busy=busy dropped=dropped /> }
    });
    let parts = js_sys::Array::of1(&JsValue::from_str("the customer's invoice"));
    let file = web_sys::File::new_with_str_sequence(&parts, "invoice.txt").unwrap();
    dropped.set(vec![file]);
    leptos::task::tick().await;
    assert!(busy.get_untracked(), "the upload started");
    // The agent switches to another interaction: the tray goes while its upload is sent.
    drop(tray);
    gloo_timers::future::TimeoutFuture::new(1_000).await;
    assert_eq!(
        panics_seen(),
        panics,
        "the late answer read the closed tray's state"
    );
    // The desk still runs: a new tray mounts and shows what is dropped on it.
    let again = mount(api(), session, move || {
        view! { <AttachmentTray uploads=uploads busy=busy dropped=dropped /> }
    });
    let parts = js_sys::Array::of1(&JsValue::from_str("a second file"));
    dropped.set(vec![web_sys::File::new_with_str_sequence(
        &parts,
        "second.txt",
    )
    .unwrap()]);
    again
        .wait_for("the second upload", |_| {
            uploads.with_untracked(|list| list.iter().any(|u| u.filename == "second.txt"))
        })
        .await;
    again
        .wait_for("the tray to be idle", |_| !busy.get_untracked())
        .await;
}
