//! The composer: an upload still on its way when the composer closes, and another kind of
//! message started while one is written.

use leptos::prelude::*;
use omni_desk::{
    store::compose::{ComposeKind, Composition},
    ui::compose::AttachmentTray,
};
use wasm_bindgen::{JsCast, JsValue};
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

/// Types into the composer's body as the agent does.
async fn write_body(desk: &crate::support::Mounted, text: &str) {
    let area: web_sys::HtmlTextAreaElement = desk
        .find(".body-editor__text")
        .expect("the composer's body")
        .unchecked_into();
    area.set_value(text);
    area.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    leptos::task::tick().await;
}

fn body_text(desk: &crate::support::Mounted) -> String {
    let area: web_sys::HtmlTextAreaElement = desk
        .find(".body-editor__text")
        .expect("the composer's body")
        .unchecked_into();
    area.value()
}

#[wasm_bindgen_test]
async fn starting_a_note_while_a_reply_is_written_asks_before_discarding_it() {
    let actions = signed_in("anna", "anna-demo").await;
    let me = actions.stores.session.agent_id();
    let mut interaction = omni_protocol::InteractionSummary {
        agent_id: me,
        ..serde_json::from_value(serde_json::json!({
            "id": 990001, "channel": "email", "queue_id": 1, "queue_name": "Support Email",
            "customer": {"id": 1, "name": "Maria Rossi", "email": "maria.rossi@example.com"},
            "subject": "Order #48213", "preview": "Hello", "state": "active",
            "created_at": 1, "unread": 0
        }))
        .unwrap()
    };
    interaction.agent_id = me;
    let id = interaction.id;
    let desk = mount(actions, move || {
        let answered = Signal::derive(|| None);
        leptos::view! {
            <omni_desk::ui::compose::InteractionActions interaction=interaction answered=answered />
            <omni_desk::ui::work::ComposeArea target=Some(id) queue_id=Some(1) />
        }
    });
    desk.click(".actions > .button:nth-child(2)").await; // Reply (after the draft pencil)
    desk.wait_for("the reply composer", |desk| {
        desk.text(".composer__head h3") == "Reply"
    })
    .await;
    write_body(&desk, "Dear Maria, the new plates leave today.").await;

    desk.click(".actions > .button:nth-child(5)").await; // Note
    desk.wait_for("the question", |desk| {
        desk.find(".actions__replace").is_some()
    })
    .await;
    assert!(desk
        .text(".actions__replace")
        .starts_with("Discard your reply?"));
    assert_eq!(
        desk.text(".composer__head h3"),
        "Reply",
        "nothing changed yet"
    );
    assert!(body_text(&desk).starts_with("Dear Maria"));

    desk.click(".actions__replace .button:not(.button--danger)")
        .await; // Keep my reply
    assert!(desk.find(".actions__replace").is_none());
    assert!(
        body_text(&desk).starts_with("Dear Maria"),
        "the reply is kept"
    );

    desk.click(".actions > .button:nth-child(5)").await; // Note, again
    desk.wait_for("the question", |desk| {
        desk.find(".actions__replace").is_some()
    })
    .await;
    desk.click(".actions__replace .button--danger").await; // Discard
    desk.wait_for("the note composer", |desk| {
        desk.text(".composer__head h3") == "Internal note"
    })
    .await;
    desk.wait_for("the note's empty body", |desk| body_text(desk).is_empty())
        .await;

    // A composer nothing was typed in gives way without asking.
    desk.click(".actions > .button:nth-child(2)").await; // Reply (after the draft pencil)
    desk.wait_for("the reply composer", |desk| {
        desk.text(".composer__head h3") == "Reply"
    })
    .await;
    assert!(desk.find(".actions__replace").is_none());
}
