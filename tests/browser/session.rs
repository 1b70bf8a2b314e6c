//! Signing out forgets everything: the next agent on the same tab sees nothing of the first.

use leptos::prelude::*;
use omni_desk::{actions::Actions, store::rows::RowsStoreFields, ui::app::Root};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{api, mount, Mounted};

async fn sign_in_with_the_form(desk: &Mounted, username: &str, password: &str) {
    desk.wait_for("the sign-in form", |desk| {
        desk.find("#sign-in-username").is_some()
    })
    .await;
    desk.type_into("#sign-in-username", username).await;
    desk.type_into("#sign-in-password", password).await;
    desk.click("button[type=submit]").await;
    desk.wait_for("the desk", |desk| desk.find(".top-bar").is_some())
        .await;
}

#[wasm_bindgen_test]
async fn a_second_agent_on_the_same_tab_sees_nothing_of_the_first() {
    omni_desk::store::saved_session::clear();
    let actions = Actions::new(api());
    let stores = actions.stores;
    let desk = mount(actions, move || view! { <Root actions=actions /> });
    sign_in_with_the_form(&desk, "anna", "anna-demo").await;

    // Anna starts a new email and types in it; her accounts and list load.
    desk.click(".add-interaction .button").await;
    desk.click(".add-interaction .menu__item").await;
    desk.wait_for("the composer", |desk| {
        desk.find("#compose-subject").is_some()
    })
    .await;
    desk.type_into("#compose-subject", "Anna's private draft")
        .await;
    desk.wait_for("her accounts", |_| {
        stores
            .catalog
            .accounts
            .with_untracked(|a| a.as_ref().is_some_and(|a| !a.is_empty()))
    })
    .await;
    // An interaction in her list, as an event brings one.
    desk.wait_for("her first page", |_| {
        stores.list.first_page_in.get_untracked()
    })
    .await;
    let row: omni_protocol::InteractionSummary = serde_json::from_value(serde_json::json!({
        "id": 990002, "channel": "email", "queue_id": 1, "queue_name": "Support Email",
        "customer": {"id": 1, "name": "Maria Rossi"}, "subject": "Anna's customer",
        "preview": "Hello", "state": "queued", "created_at": 1, "unread": 1, "version": 1
    }))
    .unwrap();
    let me = stores.session.agent_id().unwrap();
    stores
        .list
        .apply(&omni_protocol::EventBody::InteractionChanged(row), me);
    desk.wait_for("her row", |desk| {
        desk.find("[data-interaction-id='990002']").is_some()
    })
    .await;
    assert!(stores.compositions.of(None).is_some());

    desk.click(".top-bar__sign-out").await; // Sign out
    desk.wait_for("the sign-in form", |desk| {
        desk.find("#sign-in-username").is_some()
    })
    .await;
    // Every store is empty at once.
    assert!(stores.session.agent.get_untracked().is_none());
    assert!(
        stores.compositions.open.with_untracked(Vec::is_empty),
        "compositions"
    );
    assert!(
        stores.catalog.accounts.get_untracked().is_none(),
        "From accounts"
    );
    assert!(
        stores.list.rows.rows().with_untracked(Vec::is_empty),
        "list rows"
    );
    assert_eq!(stores.list.total.get_untracked(), 0);
    assert!(
        stores.work.rail.rows().with_untracked(Vec::is_empty),
        "rail"
    );
    assert!(
        stores.work.offers.rows().with_untracked(Vec::is_empty),
        "offers"
    );
    assert!(
        stores.thread.interaction_id.get_untracked().is_none(),
        "thread"
    );
    assert_eq!(stores.connection.last_event_id.get_untracked(), 0);

    // Ben signs in on the same tab: nothing of Anna's shows or waits in memory.
    sign_in_with_the_form(&desk, "ben", "ben-demo").await;
    leptos::task::tick().await;
    let text = desk
        .root
        .unchecked_ref::<web_sys::HtmlElement>()
        .inner_text();
    assert!(!text.contains("Anna's private draft"), "{text}");
    assert!(
        desk.find("#compose-subject").is_none(),
        "no composer of hers"
    );
    assert!(stores.compositions.open.with_untracked(Vec::is_empty));
    desk.click(".top-bar__sign-out").await;
    omni_desk::store::saved_session::clear();
}
