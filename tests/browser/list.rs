//! List rows: what an agent reads at a glance, and the unread badge on their own rows.

use leptos::prelude::*;
use omni_desk::ui::email::{visible_window, InteractionListPane, ROW_HEIGHT};
use omni_protocol::{
    Channel, CustomerRef, Direction, EventBody, InteractionState, InteractionSummary, LastMessage,
};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{mount, signed_in};

fn summary(id: i64, agent: Option<i64>, state: InteractionState) -> InteractionSummary {
    InteractionSummary {
        id,
        channel: Channel::Email,
        queue_id: 1,
        queue_name: "Support Email".into(),
        customer: CustomerRef {
            id: Some(1),
            name: "Maria Rossi".into(),
            email: None,
            phone: None,
        },
        subject: Some("Order #48213 arrived damaged".into()),
        preview: "Hello".into(),
        state,
        agent_id: agent,
        created_at: 1,
        accepted_at: Some(2),
        ended_at: None,
        awaiting_reply_since: None,
        unread: 2,
        last_message: Some(LastMessage {
            at: 3,
            direction: Direction::Outbound,
            preview: "We sent new plates".into(),
        }),
        sub_status: None,
        disposition_path: vec![
            "Follow-up needed".into(),
            "Escalated".into(),
            "Tier 2".into(),
        ],
        tags: vec!["vip".into()],
        related_waiting: 1,
        case_number: format!("CS-{id:06}"),
        continued_in: None,
        continues: None,
        reopened: false,
        version: 1,
    }
}

#[wasm_bindgen_test]
async fn rows_show_status_direction_preview_tags_and_the_agents_own_unread_badge() {
    let actions = signed_in("anna", "anna-demo").await;
    let me = actions.stores.session.agent_id().unwrap();
    let list = actions.stores.list;
    let desk = mount(actions, move || view! { <InteractionListPane /> });
    // Whatever the server listed, put known rows in front (as events would).
    desk.wait_for("the first page", |_| !list.loading.get_untracked())
        .await;
    list.filters.update_untracked(|f| f.status.clear());
    let changed = |summary| EventBody::InteractionChanged(summary);
    list.apply(
        &changed(summary(9_000_001, Some(me), InteractionState::Closed)),
        me,
    );
    let mut theirs = summary(9_000_002, Some(me + 1), InteractionState::Active);
    theirs.unread = 0;
    list.apply(&changed(theirs), me);
    leptos::task::tick().await;

    let mine = "[data-interaction-id='9000001']";
    desk.wait_for("my row", |desk| desk.find(mine).is_some())
        .await;
    assert_eq!(desk.text(&format!("{mine} .list-row__status")), "Tier 2");
    let status = desk.find(&format!("{mine} .list-row__status")).unwrap();
    assert_eq!(
        status.get_attribute("title").as_deref(),
        Some("Follow-up needed › Escalated › Tier 2")
    );
    assert!(
        desk.text(&format!("{mine} .list-row__time"))
            .starts_with('↑'),
        "last message went out"
    );
    let subject = desk.find(&format!("{mine} .list-row__subject")).unwrap();
    assert_eq!(
        subject.get_attribute("title").as_deref(),
        Some("Order #48213 arrived damaged\nWe sent new plates"),
        "the whole subject and the hover preview"
    );
    assert_eq!(desk.text(&format!("{mine} .tag")), "vip");
    assert_eq!(desk.text(&format!("{mine} .list-row__related")), "+1");
    assert_eq!(desk.text(&format!("{mine} .list-row__unread")), "2");
    let theirs = "[data-interaction-id='9000002']";
    assert!(desk.find(theirs).is_some());
    assert!(
        desk.find(&format!("{theirs} .list-row__unread")).is_none(),
        "nothing unread for me there"
    );
    assert_eq!(desk.text(&format!("{theirs} .list-row__status")), "Open");
}

#[wasm_bindgen_test]
fn the_virtual_window_keeps_the_dom_small() {
    let (_, count) = visible_window(ROW_HEIGHT * 5_000, 900, 10_000);
    assert!(count < 40, "{count} rows rendered for a 900 px viewport");
}

/// Counts the desk's list requests from now on (`window.fetch` wrapped).
fn count_list_requests() -> impl Fn() -> u32 {
    js_sys::eval(
        "window.__listRequests = 0;
         if (!window.__fetchCounted) {
           window.__fetchCounted = true;
           const fetch = window.fetch;
           window.fetch = function (input, init) {
             const url = typeof input === 'string' ? input : input.url;
             if (url.includes('/api/v1/interactions?')) window.__listRequests += 1;
             return fetch.call(this, input, init);
           };
         }",
    )
    .unwrap();
    || {
        js_sys::eval("window.__listRequests")
            .unwrap()
            .as_f64()
            .unwrap_or_default() as u32
    }
}

#[wasm_bindgen_test]
async fn a_burst_of_changes_beyond_the_loaded_rows_asks_for_the_count_a_few_times_not_once_each() {
    let actions = signed_in("anna", "anna-demo").await;
    let me = actions.stores.session.agent_id().unwrap();
    let list = actions.stores.list;
    let desk = mount(actions, move || view! { <InteractionListPane /> });
    leptos::task::tick().await; // the first page is asked for
    desk.wait_for("the first page", |_| !list.loading.get_untracked())
        .await;
    // As with 10,000 interactions: more pages exist than are loaded.
    list.next_cursor.set(Some("more".into()));
    let requests = count_list_requests();

    // Ten seconds of changes to rows not loaded, 50 a second (a busy contact center).
    for n in 0..500 {
        let mut row = summary(9_100_000 + n, Some(me), InteractionState::Active);
        row.version = 2;
        list.apply(&EventBody::InteractionChanged(row), me);
        if n % 5 == 4 {
            gloo_timers::future::TimeoutFuture::new(100).await;
        }
    }

    let asked = requests();
    // Leave nothing behind for the next test: no recount waiting, no pane.
    list.total_uncertain.set(false);
    list.next_cursor.set(None);
    drop(desk);
    // After half a second, then at pauses doubling to 8 s (about 4 in 10 s; recounts that
    // stopped would be 1): the old desk asked again for every change once its pauses
    // reached 8 s.
    assert!(
        (3..=6).contains(&asked),
        "the count was asked for {asked} times"
    );
}
