//! The safe email renderer: script inside an email never runs; remote images wait for
//! "Show images"; inline styles and layout are kept; links open in a new tab, detached.

use js_sys::Reflect;
use omni_desk::{store::Session, ui::email::SafeHtmlFrame};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{HtmlIFrameElement, Window};

use crate::support::{api, mount, Mounted};

fn frame(desk: &Mounted) -> HtmlIFrameElement {
    desk.find(".safe-html__frame")
        .expect("the email frame")
        .unchecked_into()
}

fn frame_window(desk: &Mounted) -> Option<Window> {
    frame(desk).content_window()
}

/// Names of the resources the frame's document got an HTTP answer for. Chrome also lists
/// requests the policy blocked, with status 0: those never left the browser. (The probe is
/// on the page's own origin, so its status is visible.)
fn fetched(desk: &Mounted) -> Vec<String> {
    let Some(performance) = frame_window(desk).and_then(|w| w.performance()) else {
        return vec![];
    };
    let field = |entry: &JsValue, name: &str| Reflect::get(entry, &JsValue::from_str(name)).ok();
    performance
        .get_entries_by_type("resource")
        .iter()
        .filter(|entry| {
            field(entry, "duration")
                .and_then(|d| d.as_f64())
                .unwrap_or(0.0)
                > 0.0
        })
        .filter_map(|entry| field(&entry, "name")?.as_string())
        .collect()
}

fn flag(name: &str) -> JsValue {
    Reflect::get(&web_sys::window().unwrap(), &JsValue::from_str(name)).unwrap()
}

#[wasm_bindgen_test]
async fn script_never_runs_and_remote_images_wait_for_the_agent() {
    // On the page's own origin, so the timeline shows its HTTP status once it is fetched.
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    let probe = format!(
        "{origin}/remote-image-probe-{}.png",
        (js_sys::Math::random() * 1e9) as u64
    );
    let html = format!(
        "<p id=\"hello\" style=\"color: rgb(1, 2, 3)\">Hello</p>\
         <table id=\"layout\" style=\"width: 300px\"><tr><td>cell</td></tr></table>\
         <script>parent.__emailScriptRan = true;</script>\
         <img id=\"tracker\" src=\"{probe}\" onerror=\"parent.__emailHandlerRan = true\">\
         <a id=\"link\" href=\"https://example.com/\">a link</a>"
    );
    let desk = mount(
        api(),
        Session::new(),
        move || leptos::view! { <SafeHtmlFrame html=html /> },
    );

    desk.wait_for("the email document", |desk| {
        frame(desk)
            .content_document()
            .and_then(|d| d.get_element_by_id("hello"))
            .is_some()
    })
    .await;
    let document = frame(&desk).content_document().unwrap();
    let window = frame_window(&desk).unwrap();
    let hello = document.get_element_by_id("hello").unwrap();
    let color = window
        .get_computed_style(&hello)
        .unwrap()
        .unwrap()
        .get_property_value("color")
        .unwrap();
    assert_eq!(color, "rgb(1, 2, 3)", "inline styles are kept");
    let table = document.get_element_by_id("layout").unwrap();
    let width = window
        .get_computed_style(&table)
        .unwrap()
        .unwrap()
        .get_property_value("width")
        .unwrap();
    assert_eq!(width, "300px", "table layout is kept");
    let current_link = |desk: &Mounted| {
        frame(desk)
            .content_document()
            .and_then(|d| d.get_element_by_id("link"))
    };
    desk.wait_for("links fixed", |desk| {
        current_link(desk).is_some_and(|l| l.get_attribute("rel").is_some())
    })
    .await;
    let link = current_link(&desk).unwrap();
    assert_eq!(
        link.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    assert_eq!(link.get_attribute("target").as_deref(), Some("_blank"));
    assert!(frame(&desk)
        .get_attribute("sandbox")
        .unwrap()
        .split_whitespace()
        .all(|t| t != "allow-scripts"));

    gloo_timers::future::TimeoutFuture::new(300).await;
    assert!(
        flag("__emailScriptRan").is_undefined(),
        "a <script> in the email must not run"
    );
    assert!(
        flag("__emailHandlerRan").is_undefined(),
        "an inline handler in the email must not run"
    );
    assert!(
        !fetched(&desk).iter().any(|name| name == &probe),
        "no remote image before Show images"
    );

    desk.click(".safe-html__images button").await;
    desk.wait_for("the remote image to be fetched", |desk| {
        fetched(desk).iter().any(|name| name == &probe)
    })
    .await;
    assert!(
        flag("__emailHandlerRan").is_undefined(),
        "even after Show images no handler runs"
    );
    assert!(desk.find(".safe-html__images").is_none());
}
