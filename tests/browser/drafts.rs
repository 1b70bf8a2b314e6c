//! Drafts in real local storage (PRODUCT B20): the replace question, privacy per agent, a
//! full storage, another tab's changes, and the pencils.

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use omni_desk::{
    actions::Actions,
    drafts::{
        keys::{of_interaction, Scope},
        record::{self, Draft, DraftKind, SCHEMA},
    },
    store::{
        compose::{ComposeKind, Composition},
        drafts::composition_of,
    },
    ui::{
        compose::Composer,
        drafts::{DraftBoxes, DraftPencil, DraftStorageWarning},
        work::ComposeArea,
    },
};
use omni_protocol::{InteractionSummary, MailFormat};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{api, mount, panics_seen, signed_in, Mounted};

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn scope(actions: &Actions) -> Scope {
    Scope {
        origin: actions.api.origin(),
        agent_id: actions.stores.session.agent_id().unwrap(),
    }
}

/// What local storage itself holds for draft `id` of the signed-in agent.
fn stored(actions: &Actions, id: &str) -> Option<Draft> {
    let value = storage().get_item(&scope(actions).draft_key(id)).unwrap()?;
    Some(record::read(&value).unwrap())
}

/// `username` signed in, with their drafts taken up and none left from earlier tests.
async fn fresh(username: &str, password: &str) -> Actions {
    let actions = signed_in(username, password).await;
    actions.take_up_drafts().await;
    for id in actions.stores.drafts.oldest_first() {
        actions.stores.drafts.remove(&id);
    }
    actions
}

/// An interaction id for a draft that needs no interaction on the server (a queued one
/// would be offered to the agents other tests make ready).
fn unused_id() -> i64 {
    900_000_000 + (js_sys::Math::random() * 1e8) as i64
}

/// A new email interaction from a customer, as a mail gateway posts it, closed at once by
/// the supervisor so that it is offered to nobody.
async fn closed_inbound(subject: &str) -> InteractionSummary {
    let Some(key) = option_env!("OMNI_TEST_INBOUND_KEY") else {
        panic!("run through `cargo xtask test`")
    };
    let raw = format!(
        "From: Maria Rossi <maria.rossi@example.com>\r\nTo: support@omni-desk.test\r\n\
         Subject: {subject}\r\nMessage-ID: <{}@example.com>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nHello, about my order.\r\n",
        js_sys::Math::random().to_bits()
    );
    let posted = gloo_net::http::Request::post(&api().url("/api/v1/inbound/email"))
        .header("x-inbound-key", key)
        .header("content-type", "message/rfc822")
        .body(raw)
        .unwrap()
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 201);
    let summary: InteractionSummary = posted.json().await.unwrap();
    let sam = crate::support::sign_in("sam", "sam-demo").await;
    api().close(&sam.token, summary.id, None).await.unwrap()
}

fn draft(interaction_id: i64, kind: DraftKind, body: &str, updated_at: i64) -> Draft {
    Draft {
        schema: SCHEMA,
        id: of_interaction(interaction_id),
        interaction_id: Some(interaction_id),
        kind,
        forward_of: None,
        account_id: Some(1),
        account_key: "SERV".into(),
        to: "maria.rossi@example.com".into(),
        cc: String::new(),
        bcc: String::new(),
        subject: "Re: my order".into(),
        case_number: String::new(),
        body: body.into(),
        format: MailFormat::Html,
        files: vec![],
        in_reply_to: None,
        send_key: format!("send-test-{interaction_id}-{updated_at}"),
        created_at: updated_at,
        updated_at,
        html: None,
    }
}

async fn type_body(desk: &Mounted, text: &str) {
    let area: web_sys::HtmlTextAreaElement = desk
        .find(".body-editor__text")
        .expect("the body editor")
        .unchecked_into();
    area.set_value(text);
    area.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    leptos::task::tick().await;
}

fn body_shown(desk: &Mounted) -> String {
    desk.find(".body-editor__text")
        .map(|el| el.unchecked_into::<web_sys::HtmlTextAreaElement>().value())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn saving_a_second_draft_asks_before_replacing_the_first() {
    let panics = panics_seen();
    let actions = fresh("anna", "anna-demo").await;
    let interaction_id = unused_id();
    let id = of_interaction(interaction_id);
    let reply = draft(interaction_id, DraftKind::Reply, "My saved reply", 1_000);
    actions.stores.drafts.store(reply.clone());
    // A forward started on the same interaction: a second draft.
    actions.stores.compositions.put(Composition::started(
        Some(interaction_id),
        ComposeKind::Forward { message_id: 1 },
        "send-forward".into(),
    ));
    let target = Some(interaction_id);
    let desk = mount(
        actions,
        move || view! { <Composer target=target queue_id=None /> },
    );
    type_body(&desk, "Forwarding this to billing").await;
    desk.wait_for("the replace question", |d| {
        d.find(".composer__replace").is_some()
    })
    .await;
    assert!(desk
        .text(".composer__replace")
        .contains("already has a saved reply draft"));
    assert_eq!(
        stored(&actions, &id).unwrap().body,
        "My saved reply",
        "not replaced without a yes"
    );

    // "Keep the saved reply": this forward is not saved over it.
    desk.click(".composer__replace .button:not(.button--danger)")
        .await;
    type_body(&desk, "Forwarding this to billing, today").await;
    TimeoutFuture::new(500).await;
    assert_eq!(stored(&actions, &id).unwrap().body, "My saved reply");
    assert!(desk
        .text(".composer__notice")
        .contains("not saved as a draft"));

    // Save as draft asks again; this time the agent replaces it.
    desk.click(".composer__save-draft").await;
    desk.wait_for("the question again", |d| {
        d.find(".composer__replace").is_some()
    })
    .await;
    desk.click(".composer__replace .button--danger").await;
    let saved = stored(&actions, &id).expect("the forward is the draft now");
    assert_eq!(saved.body, "Forwarding this to billing, today");
    assert_eq!(
        (saved.kind, saved.forward_of),
        (DraftKind::Forward, Some(1))
    );
    assert_eq!(
        actions.stores.drafts.saved.get_untracked().len(),
        1,
        "one draft per interaction"
    );
    actions.stores.drafts.remove(&id);
    assert_eq!(panics_seen(), panics);
}

#[wasm_bindgen_test]
async fn drafts_are_private_to_the_agent_who_saved_them() {
    let anna = fresh("anna", "anna-demo").await;
    let interaction_id = unused_id();
    let id = of_interaction(interaction_id);
    anna.stores
        .drafts
        .store(draft(interaction_id, DraftKind::Reply, "Anna's words", 5));
    anna.stores.forget_everything(None);
    assert!(
        stored(&anna_scope_actions().await, &id).is_some(),
        "signing out keeps them"
    );

    // Ben signs in on the same browser: he sees none of them.
    let ben = signed_in("ben", "ben-demo").await;
    ben.take_up_drafts().await;
    let desk = mount(ben, || view! { <DraftBoxes /> });
    TimeoutFuture::new(50).await;
    assert!(ben.stores.drafts.saved.get_untracked().is_empty());
    assert!(
        desk.find(".draft-box").is_none(),
        "{}",
        desk.root.inner_html()
    );
    assert!(!ben.stores.drafts.has_interaction(interaction_id));
    drop(desk);

    // Anna comes back: hers are there, named as the manual says.
    let anna = signed_in("anna", "anna-demo").await;
    anna.take_up_drafts().await;
    let desk = mount(anna, || view! { <DraftBoxes /> });
    desk.wait_for("Anna's draft box", |d| d.find(".draft-box").is_some())
        .await;
    assert_eq!(
        desk.text(".draft-box__name"),
        "SERV - maria.rossi@example.com"
    );
    anna.stores.drafts.remove(&id);
}

/// Anna's scope, signed in again (storage is read through her keys).
async fn anna_scope_actions() -> Actions {
    signed_in("anna", "anna-demo").await
}

/// Fills local storage until it refuses; returns the keys written.
fn fill_storage() -> Vec<String> {
    let storage = storage();
    let mut keys = Vec::new();
    let mut chunk = 1 << 20;
    while chunk >= 16 {
        let key = format!("test-junk-{}", keys.len());
        match storage.set_item(&key, &"x".repeat(chunk)) {
            Ok(()) => keys.push(key),
            Err(_) => chunk /= 2,
        }
    }
    keys
}

#[wasm_bindgen_test]
async fn a_full_storage_warns_and_the_oldest_drafts_make_room() {
    let panics = panics_seen();
    let actions = fresh("anna", "anna-demo").await;
    let (old, open) = (unused_id(), unused_id());
    let big = "An old answer. ".repeat(20_000);
    actions
        .stores
        .drafts
        .store(draft(old, DraftKind::Reply, &big, 10));
    let junk = fill_storage();
    assert!(!junk.is_empty());

    actions.stores.compositions.put(Composition::started(
        Some(open),
        ComposeKind::Reply { all: false },
        "send-open".into(),
    ));
    let target = Some(open);
    let desk = mount(actions, move || {
        view! { <DraftStorageWarning /> <Composer target=target queue_id=None /> }
    });
    let typed = "Dear Maria, your refund is on its way. ".repeat(200);
    type_body(&desk, &typed).await;
    desk.wait_for("the warning", |d| d.find(".storage-warning").is_some())
        .await;
    assert!(desk
        .text(".storage-warning")
        .contains("Drafts are not being saved"));
    assert_eq!(body_shown(&desk), typed, "nothing typed is lost");
    // It lasts: typing on does not hide it while storage stays full.
    type_body(&desk, &format!("{typed}More.")).await;
    TimeoutFuture::new(500).await;
    assert!(desk.find(".storage-warning").is_some());

    desk.click(".storage-warning button").await;
    desk.wait_for("the warning to go", |d| {
        d.find(".storage-warning").is_none()
    })
    .await;
    assert!(
        stored(&actions, &of_interaction(old)).is_none(),
        "the oldest draft made room"
    );
    assert_eq!(
        stored(&actions, &of_interaction(open)).unwrap().body,
        format!("{typed}More.")
    );
    for key in junk {
        storage().remove_item(&key).unwrap();
    }
    actions.stores.drafts.remove(&of_interaction(open));
    assert_eq!(panics_seen(), panics);
}

#[wasm_bindgen_test]
async fn another_tab_s_newer_text_arrives_live_and_an_older_one_does_not() {
    let panics = panics_seen();
    let actions = fresh("anna", "anna-demo").await;
    let interaction_id = unused_id();
    let id = of_interaction(interaction_id);
    let now = js_sys::Date::now() as i64;
    let mine = draft(interaction_id, DraftKind::Reply, "Typed in this tab", now);
    actions.stores.drafts.store(mine.clone());
    actions.stores.compositions.put(composition_of(&mine));
    let target = Some(interaction_id);
    let desk = mount(
        actions,
        move || view! { <ComposeArea target=target queue_id=None /> },
    );
    desk.wait_for("the composer", |d| body_shown(d) == "Typed in this tab")
        .await;

    // Another tab of this browser: a same-origin frame whose writes fire real `storage`
    // events in this window.
    let document = web_sys::window().unwrap().document().unwrap();
    let frame: web_sys::HtmlIFrameElement =
        document.create_element("iframe").unwrap().unchecked_into();
    document.body().unwrap().append_child(&frame).unwrap();
    let other = frame
        .content_window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap();
    let key = scope(&actions).draft_key(&id);
    let heard = std::rc::Rc::new(std::cell::Cell::new(0));
    let count = heard.clone();
    let listener =
        wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || count.set(count.get() + 1));
    web_sys::window()
        .unwrap()
        .add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref())
        .unwrap();
    listener.forget();

    let mut older = mine.clone();
    older.body = "An older text".into();
    older.updated_at = now - 5_000;
    other.set_item(&key, &record::write(&older)).unwrap();
    TimeoutFuture::new(200).await;
    assert_eq!(
        body_shown(&desk),
        "Typed in this tab",
        "an older copy never wins"
    );

    let mut newer = mine.clone();
    newer.body = "Typed in the other tab".into();
    newer.updated_at = now + 5_000;
    other.set_item(&key, &record::write(&newer)).unwrap();
    TimeoutFuture::new(300).await;
    assert!(heard.get() > 0, "no storage event reached this window");
    desk.wait_for("the other tab's text", |d| {
        body_shown(d) == "Typed in the other tab"
    })
    .await;
    assert!(desk
        .text(".composer__notice")
        .contains("changed in another tab"));

    // This tab's own late save of an older text (no event comes for it) keeps the newer
    // copy, and this tab goes on with it.
    let mut newest = newer.clone();
    newest.body = "Typed last, in the other tab".into();
    newest.updated_at = now + 9_000;
    storage().set_item(&key, &record::write(&newest)).unwrap();
    actions.stores.compositions.edit(target, |c| {
        c.body = "An older text, saved late".into();
        c.updated_at = now + 6_000;
    });
    actions.save_draft(target, false);
    assert_eq!(
        stored(&actions, &id).unwrap().body,
        "Typed last, in the other tab"
    );
    desk.wait_for("the newest text", |d| {
        body_shown(d) == "Typed last, in the other tab"
    })
    .await;

    // Sent from the other tab: this tab keeps what it shows, and says so.
    other.remove_item(&key).unwrap();
    desk.wait_for("the note", |d| {
        d.text(".composer__notice")
            .contains("sent or deleted in another tab")
    })
    .await;
    assert!(actions.stores.drafts.get(&id).is_none());
    assert_eq!(body_shown(&desk), "Typed last, in the other tab");
    actions.stores.compositions.discard(target);
    frame.remove();
    assert_eq!(panics_seen(), panics);
}

#[wasm_bindgen_test]
async fn the_pencil_is_red_with_a_draft_grey_without_and_red_reopens_it() {
    let panics = panics_seen();
    let actions = fresh("anna", "anna-demo").await;
    let interaction = closed_inbound("Pencil").await;
    let id = interaction.id;
    let desk = mount(
        actions,
        move || view! { <DraftPencil interaction_id=Signal::derive(move || Some(id)) /> },
    );
    let pencil = |d: &Mounted| d.find(".pencil").unwrap();
    assert!(
        !pencil(&desk).class_list().contains("pencil--draft"),
        "grey without a draft"
    );
    assert!(pencil(&desk).has_attribute("disabled"));
    assert_eq!(
        pencil(&desk).get_attribute("title").as_deref(),
        Some("No draft saved")
    );

    let saved = draft(id, DraftKind::ReplyAll, "Dear Maria,\n\n--\nAnna", 7);
    actions.stores.drafts.store(saved.clone());
    desk.wait_for("a red pencil", |d| {
        pencil(d).class_list().contains("pencil--draft")
    })
    .await;
    assert!(!pencil(&desk).has_attribute("disabled"));

    desk.click(".pencil").await;
    let work = actions.stores.work;
    let compositions = actions.stores.compositions;
    desk.wait_for("the draft reopened", |_| {
        compositions.of(Some(id)).is_some()
    })
    .await;
    let resumed = compositions.of(Some(id)).unwrap();
    assert_eq!(
        work.selected.get_untracked(),
        Some(id),
        "its interaction opens too"
    );
    assert_eq!(resumed.kind, ComposeKind::Reply { all: true });
    assert_eq!(
        resumed.body.matches("--\nAnna").count(),
        1,
        "the signature once"
    );
    assert_eq!(resumed.key, saved.send_key);

    // Reply all again, with the composer closed: the saved draft is what goes on, its
    // signature not added twice.
    compositions.discard(Some(id));
    let started = actions
        .start_writing(
            interaction.clone(),
            ComposeKind::Reply { all: true },
            None,
            false,
        )
        .await;
    assert_eq!(started, omni_desk::actions::compose::Started::Writing);
    let again = compositions.of(Some(id)).expect("the draft resumed");
    assert_eq!(
        (again.key.as_str(), again.body.as_str()),
        (saved.send_key.as_str(), saved.body.as_str())
    );
    compositions.discard(Some(id));

    actions.stores.drafts.remove(&of_interaction(id));
    desk.wait_for("grey again", |d| {
        !pencil(d).class_list().contains("pencil--draft")
    })
    .await;
    assert_eq!(panics_seen(), panics);
}
