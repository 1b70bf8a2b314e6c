//! The status selector: shows the status, changes it on click, shows the server's refusal.

use omni_desk::{actions::Actions, api::Api, ui::presence::StatusSelector};
use omni_protocol::{AgentStatus, StatusOption};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{mount, sign_in, signed_in};

#[wasm_bindgen_test]
async fn renders_the_current_status_and_every_option() {
    let signed_in = sign_in("ben", "ben-demo").await;
    let expected_label = signed_in.agent.label_of(&signed_in.agent.status);
    let option_count = signed_in.agent.statuses.len();
    let actions = Actions::new(crate::support::api());
    actions
        .stores
        .session
        .begin(signed_in.token, signed_in.agent);
    let desk = mount(actions, StatusSelector);

    assert_eq!(desk.text(".status-selector__label"), expected_label);
    assert!(desk.find("[role=menu]").is_none(), "menu starts closed");
    desk.click(".status-selector__current").await;
    let labels: Vec<String> = desk
        .all("[role=menuitemradio]")
        .iter()
        .filter_map(|el| el.text_content())
        .collect();
    assert_eq!(labels.len(), option_count);
    assert!(
        labels.iter().any(|label| label == "Training"),
        "custom statuses listed: {labels:?}"
    );
    let checked = desk.all("[role=menuitemradio][aria-checked=true]");
    assert_eq!(checked.len(), 1);
    assert_eq!(checked[0].text_content().unwrap(), expected_label);
}

#[wasm_bindgen_test]
async fn clicking_an_option_changes_the_status_on_the_server() {
    let signed_in = sign_in("anna", "anna-demo").await;
    let token = signed_in.token.clone();
    let target = if signed_in.agent.status == AgentStatus::OnBreak {
        "Training"
    } else {
        "On Break"
    };
    let target_key = if target == "On Break" {
        "on_break"
    } else {
        "custom:training"
    };
    let actions = Actions::new(crate::support::api());
    actions
        .stores
        .session
        .begin(signed_in.token, signed_in.agent);
    let desk = mount(actions, StatusSelector);

    desk.click(".status-selector__current").await;
    desk.click(&format!("[role=menuitemradio][data-status='{target_key}']"))
        .await;
    assert!(desk.find("[role=menu]").is_none(), "menu closes on choice");
    desk.wait_for("the new status", |desk| {
        desk.text(".status-selector__label") == target
    })
    .await;
    assert!(desk.find("[role=alert]").is_none());
    let on_server = crate::support::api().me(&token).await.unwrap();
    assert_eq!(on_server.status.key(), target_key);

    // "Ready to work" shows while not Available and makes the agent Available.
    desk.click(".button--ready").await;
    desk.wait_for("Available", |desk| {
        desk.text(".status-selector__label") == "Available"
    })
    .await;
    assert!(desk.find(".button--ready").is_none());
    assert_eq!(
        crate::support::api().me(&token).await.unwrap().status,
        AgentStatus::Available
    );
}

#[wasm_bindgen_test]
async fn a_refused_change_shows_the_servers_message_and_keeps_the_status() {
    let mut signed_in = sign_in("chris", "chris-demo").await;
    // A status the admin has since removed: the server refuses it with 422.
    signed_in.agent.statuses.push(StatusOption {
        status: AgentStatus::Custom {
            id: "retired".into(),
        },
        label: "Retired".into(),
    });
    let before = signed_in.agent.label_of(&signed_in.agent.status);
    let actions = Actions::new(crate::support::api());
    actions
        .stores
        .session
        .begin(signed_in.token, signed_in.agent);
    let desk = mount(actions, StatusSelector);

    desk.click(".status-selector__current").await;
    desk.click("[role=menuitemradio][data-status='custom:retired']")
        .await;
    desk.wait_for("the error", |desk| desk.find("[role=alert]").is_some())
        .await;
    assert_eq!(
        desk.text("[role=alert]"),
        "\"retired\" is not a status you can choose any more."
    );
    assert_eq!(desk.text(".status-selector__label"), before);
}

#[wasm_bindgen_test]
async fn an_unreachable_server_is_reported() {
    let chris = signed_in("chris", "chris-demo").await;
    // Port 9 (discard) on loopback: nothing listens, the connection is refused.
    let actions = Actions {
        api: Api::new("http://127.0.0.1:9"),
        ..chris
    };
    let desk = mount(actions, StatusSelector);
    desk.click(".status-selector__current").await;
    desk.click("[role=menuitemradio][data-status='custom:meeting']")
        .await;
    desk.wait_for("the error", |desk| desk.find("[role=alert]").is_some())
        .await;
    assert!(desk
        .text("[role=alert]")
        .starts_with("Cannot reach the server"));
}
