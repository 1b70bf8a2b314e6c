//! The sign-in form: a refused sign-in is explained and keeps what was typed.

use leptos::prelude::GetUntracked;
use omni_desk::{actions::Actions, ui::signin::SignIn};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::HtmlInputElement;

use crate::support::{api, mount};

#[wasm_bindgen_test]
async fn wrong_password_shows_the_error_and_keeps_the_input() {
    let actions = Actions::new(api());
    let session = actions.stores.session;
    let desk = mount(actions, SignIn);
    desk.type_into("#sign-in-username", "anna").await;
    desk.type_into("#sign-in-password", "not-her-password")
        .await;
    desk.click("button[type=submit]").await;
    desk.wait_for("the error", |desk| desk.find("[role=alert]").is_some())
        .await;
    assert_eq!(desk.text("[role=alert]"), "Wrong username or password.");
    let username: HtmlInputElement = desk.find("#sign-in-username").unwrap().unchecked_into();
    assert_eq!(username.value(), "anna");
    assert!(session.agent.get_untracked().is_none());
}

#[wasm_bindgen_test]
async fn right_password_begins_the_session() {
    let actions = Actions::new(api());
    let session = actions.stores.session;
    let desk = mount(actions, SignIn);
    desk.type_into("#sign-in-username", "ben").await;
    desk.type_into("#sign-in-password", "ben-demo").await;
    desk.click("button[type=submit]").await;
    desk.wait_for("the session", |_| session.agent.get_untracked().is_some())
        .await;
    assert_eq!(session.agent.get_untracked().unwrap().username, "ben");
}
