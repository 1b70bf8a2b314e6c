//! Offer toasts against real offers from the reference server's router.

use gloo_net::http::Request;
use leptos::prelude::*;
use omni_desk::{actions::Actions, store::rows::RowsStoreFields, ui::offers::OfferToasts};
use omni_protocol::{AgentStatus, Offer, Queue};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{api, mount, sign_in};

/// Makes `username` Available and waits until a new contact in the ring-all queue is offered.
async fn offered(username: &str, password: &str) -> (String, Actions, Offer) {
    let signed_in = sign_in(username, password).await;
    let token = signed_in.token.clone();
    let api = api();
    api.set_status(&token, AgentStatus::Available)
        .await
        .unwrap();
    let queues: Vec<Queue> = Request::get(&api.url("/api/v1/queues"))
        .header("Authorization", &format!("Bearer {token}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let billing = queues
        .iter()
        .find(|queue| queue.ring_all)
        .expect("a ring-all queue");
    let Some(key) = option_env!("OMNI_TEST_INBOUND_KEY") else {
        panic!("run through `cargo xtask test`")
    };
    let body = serde_json::json!({"queue_id": billing.id, "customer_id": 2, "subject": "Browser test", "body": "Hi"});
    let posted = Request::post(&api.url("/api/v1/inbound"))
        .header("x-inbound-key", key)
        .json(&body)
        .unwrap()
        .send()
        .await;
    assert_eq!(posted.unwrap().status(), 201);
    for _ in 0..100 {
        // Its own offer: other tests' contacts may be offered too.
        let offers = api.work(&token).await.unwrap().offers;
        if let Some(offer) = offers
            .into_iter()
            .find(|o| o.interaction.subject.as_deref() == Some("Browser test"))
        {
            let actions = Actions::new(api);
            actions
                .stores
                .session
                .begin(token.clone(), api.me(&token).await.unwrap());
            return (token, actions, offer);
        }
        gloo_timers::future::TimeoutFuture::new(50).await;
    }
    panic!("no offer reached {username}");
}

fn toasts(actions: Actions) -> crate::support::Mounted {
    mount(actions, move || view! { <OfferToasts /> })
}

#[wasm_bindgen_test]
async fn reject_is_disabled_with_the_reason_when_not_permitted() {
    let (_, actions, offer) = offered("chris", "chris-demo").await;
    let work = actions.stores.work;
    work.offers.rows().set(vec![offer.clone()]);
    let desk = toasts(actions);

    assert_eq!(desk.text(".offer-card__customer"), "James Whitfield");
    assert_eq!(desk.text(".offer-card__headline"), "Browser test");
    assert_eq!(
        desk.text(".offer-card__queue"),
        offer.interaction.queue_name
    );
    let reject = desk.find(".offer-card__reject").unwrap();
    assert_eq!(
        reject.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    assert_eq!(
        reject.get_attribute("title").as_deref(),
        Some("Your administrator does not allow you to reject offers.")
    );
    let seconds = desk.text(".offer-card__seconds");
    assert!(
        seconds.ends_with('s') && seconds != "0s",
        "countdown shows seconds left: {seconds}"
    );
    desk.click(".offer-card__reject").await;
    assert_eq!(
        work.offers.rows().with_untracked(Vec::len),
        1,
        "a disabled reject does nothing"
    );
}

#[wasm_bindgen_test]
async fn accept_opens_the_interaction() {
    let (token, actions, offer) = offered("ben", "ben-demo").await;
    let work = actions.stores.work;
    work.offers.rows().set(vec![offer.clone()]);
    let desk = toasts(actions);
    desk.click(".offer-card__accept").await;
    desk.wait_for("the selection", |_| {
        work.selected.get_untracked() == Some(offer.interaction.id)
    })
    .await;
    let open = api().work(&token).await.unwrap().interactions;
    assert!(open
        .iter()
        .any(|interaction| interaction.id == offer.interaction.id));
}
