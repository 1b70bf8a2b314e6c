//! The advanced search builder (B19) against the real server's fields: two conditions,
//! all/any, disabling one, editing one, clearing; Apply puts the search on the list and the
//! advanced button shows it is on.

use leptos::prelude::*;
use omni_desk::ui::search::SearchBar;
use omni_protocol::{ConditionValue, Join, Operator};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{mount, panics_seen, signed_in};

#[wasm_bindgen_test]
async fn build_two_conditions_switch_all_any_disable_edit_and_clear() {
    let panics = panics_seen();
    let actions = signed_in("anna", "anna-demo").await;
    let (builder, list) = (actions.stores.search, actions.stores.list);
    let desk = mount(actions, move || view! { <SearchBar /> });
    desk.click("#advanced-search").await;
    desk.wait_for("the fields", |d| {
        d.find("#search-add")
            .is_some_and(|b| !b.has_attribute("disabled"))
    })
    .await;
    assert!(desk
        .text(".search-builder__empty")
        .contains("No conditions yet"));

    // Subject contains "refund".
    desk.click("#search-add").await;
    desk.choose("[data-chip='0'] .chip__field", "subject").await;
    desk.choose_labelled("[data-chip='0'] .chip__op", "contains")
        .await;
    desk.type_into("[data-chip='0'] .chip__value", "refund")
        .await;
    assert_eq!(
        desk.text("[data-chip='0'] .chip__words"),
        "Subject contains \"refund\""
    );
    // Status is Closed.
    desk.click("#search-add").await;
    assert!(
        desk.find("[data-chip='0'] .chip__editor").is_none(),
        "one editor at a time"
    );
    desk.choose("[data-chip='1'] .chip__field", "status").await;
    desk.choose("[data-chip='1'] .chip__value", "closed").await;
    assert_eq!(
        desk.text("[data-chip='1'] .chip__words"),
        "Status is Closed"
    );
    assert_eq!(desk.all(".chip").len(), 2);

    // All → any.
    let pressed = |d: &crate::support::Mounted, n: usize| {
        d.all(".search-builder__join-choice")[n].get_attribute("aria-pressed")
    };
    assert_eq!(pressed(&desk, 0).as_deref(), Some("true"));
    desk.click(".search-builder__join-choice:nth-of-type(2)")
        .await;
    assert_eq!(pressed(&desk, 1).as_deref(), Some("true"));
    assert_eq!(builder.draft.get_untracked().join, Join::Any);

    // Disable the second: it stays, marked off; enable shows again.
    desk.click("[data-chip='1'] .chip__toggle").await;
    assert!(desk.find("[data-chip='1'].chip--off").is_some());
    assert!(desk.text("[data-chip='1'] .chip__words").ends_with("(off)"));
    assert_eq!(desk.text("[data-chip='1'] .chip__toggle"), "Enable");
    assert!(!builder.draft.get_untracked().conditions[1].enabled);

    // Edit the first: open its editor from the chip, change operator and value.
    desk.click("[data-chip='0'] .chip__words").await;
    desk.choose_labelled("[data-chip='0'] .chip__op", "starts with")
        .await;
    assert_eq!(
        desk.text("[data-chip='0'] .chip__words"),
        "Subject starts with \"refund\"",
        "the value is kept when the operator changes"
    );
    desk.type_into("[data-chip='0'] .chip__value", "").await;
    assert_eq!(
        desk.text("[data-chip='0'] .chip__problem"),
        "Type what to look for."
    );
    desk.click("#search-apply").await;
    assert!(
        !list.filters.get_untracked().search.is_active(),
        "a wrong chip stops Apply"
    );
    desk.type_into("[data-chip='0'] .chip__value", "Order")
        .await;
    assert!(desk.find("[data-chip='0'].chip--wrong").is_none());

    // Apply: the list searches, the button says so (inverted, blinking).
    desk.click("#search-apply").await;
    let applied = list.filters.get_untracked().search;
    assert_eq!(applied.join, Join::Any);
    assert_eq!(applied.conditions[0].op, Operator::StartsWith);
    assert_eq!(
        applied.conditions[0].value,
        ConditionValue::Text("Order".into())
    );
    assert!(desk.find(".search-bar__advanced--on").is_some());
    assert_eq!(desk.text("#advanced-search"), "Advanced search: on");
    assert!(desk.text(".search-bar__status").contains("Search results"));
    let strip_hidden = |desk: &crate::support::Mounted| {
        desk.find(".search-bar__status")
            .is_some_and(|strip| strip.has_attribute("hidden"))
    };
    assert!(!strip_hidden(&desk), "the strip shows while searching");

    // Clear removes every chip; Clear search ends the search.
    desk.click("#advanced-search").await;
    desk.click("#search-clear").await;
    assert!(desk.all(".chip").is_empty());
    desk.click("#search-clear-all").await;
    assert!(!list.filters.get_untracked().searching());
    assert!(desk.find(".search-bar__advanced--on").is_none());
    assert!(strip_hidden(&desk), "the strip goes with the search");
    assert_eq!(panics_seen(), panics);
}
