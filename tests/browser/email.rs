//! The safe email renderer: script inside an email never runs; everything remote waits for
//! "Show images"; inline styles and layout are kept; links open in a new tab, detached.

use js_sys::Reflect;
use leptos::prelude::GetUntracked;
use omni_desk::{actions::Actions, ui::email::SafeHtmlFrame};
use omni_protocol::{HtmlBody, HELD_PREFIX};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{HtmlIFrameElement, Window};

use crate::support::{api, mount, signed_in, Mounted};

fn frame(desk: &Mounted) -> HtmlIFrameElement {
    desk.find(".safe-html__frame")
        .expect("the email frame")
        .unchecked_into()
}

fn frame_window(desk: &Mounted) -> Option<Window> {
    frame(desk).content_window()
}

/// Names of the resources the frame's document got an HTTP answer for. Chrome also lists
/// requests the policy blocked, with status 0 and no duration: those never left the browser.
/// (The probes are on another origin: their status reads 0, their duration does not.)
fn fetched(desk: &Mounted) -> Vec<String> {
    let Some(performance) = frame_window(desk).and_then(|w| w.performance()) else {
        return vec![];
    };
    let field = |entry: &JsValue, name: &str| Reflect::get(entry, &JsValue::from_str(name)).ok();
    performance
        .get_entries_by_type("resource")
        .iter()
        .filter(|entry| {
            let number = |name| field(entry, name).and_then(|v| v.as_f64()).unwrap_or(0.0);
            number("responseStatus") > 0.0 || number("duration") > 0.0
        })
        .filter_map(|entry| field(&entry, "name")?.as_string())
        .collect()
}

fn flag(name: &str) -> JsValue {
    Reflect::get(&web_sys::window().unwrap(), &JsValue::from_str(name)).unwrap()
}

/// An address on the reference server nothing else asks for (its fetch shows in the frame's
/// timeline). Not on the test runner's own server: that one sometimes never answered the
/// seventh of seven requests at once.
fn probe(kind: &str) -> String {
    api().url(&format!(
        "/remote-probe-{kind}-{}.png",
        (js_sys::Math::random() * 1e9) as u64
    ))
}

#[wasm_bindgen_test]
async fn script_never_runs_and_held_images_wait_for_the_agent() {
    // The frame is the second wall: even markup a backend did not clean runs no script.
    let probe = probe("image");
    let html = format!(
        "<p id=\"hello\" style=\"color: rgb(1, 2, 3)\">Hello</p>\
         <table id=\"layout\" style=\"width: 300px\"><tr><td>cell</td></tr></table>\
         <script>parent.__emailScriptRan = true;</script>\
         <img id=\"tracker\" src=\"{HELD_PREFIX}0\" onerror=\"parent.__emailHandlerRan = true\">\
         <a id=\"link\" href=\"https://example.com/\">a link</a>"
    );
    let html = HtmlBody {
        fresh: html,
        quoted: None,
        held: vec![probe.clone()],
    };
    let desk = mount(Actions::new(api()), move || {
        leptos::view! { <SafeHtmlFrame html=html /> }
    });

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

/// A customer's newsletter as a mailer sends it, every remote reference pointing at `probes`.
fn newsletter(probes: &[String; 7]) -> String {
    let [image, srcset, background, inline, import, sheet, poster] = probes;
    let html = format!(
        "<html><head><style>@import url(\"{import}\"); .hero{{color:#123}}</style>\
         <link rel=\"stylesheet\" href=\"{sheet}\"></head><body>\
         <p id=\"hello\">Our winter offers</p><img src=\"{image}\" width=\"20\" height=\"20\">\
         <img srcset=\"{srcset} 1x\" width=\"20\" height=\"20\">\
         <table background=\"{background}\" width=\"50\" height=\"50\"><tr><td>x</td></tr></table>\
         <div id=\"inline\" style=\"background-image:url('{inline}');width:50px;height:50px\">y</div>\
         <video poster=\"{poster}\" width=\"40\" height=\"30\"></video></body></html>"
    );
    format!(
        "From: Shop <news@shop.example.com>\r\nTo: support@omni-desk.test\r\n\
         Subject: Winter offers\r\nMessage-ID: <winter-{}@shop.example.com>\r\n\
         Date: Mon, 30 Nov 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n",
        (js_sys::Math::random() * 1e9) as u64
    )
}

#[wasm_bindgen_test]
async fn every_remote_resource_waits_for_show_images_and_then_loads() {
    let actions = signed_in("anna", "anna-demo").await;
    let token = actions.stores.session.token.get_untracked().unwrap();
    let probes = [
        "image",
        "srcset",
        "background",
        "inline",
        "import",
        "sheet",
        "poster",
    ]
    .map(probe);
    let Some(key) = option_env!("OMNI_TEST_INBOUND_KEY") else {
        panic!("run through `cargo xtask test`")
    };
    crate::support::nobody_takes_offers().await;
    let posted = gloo_net::http::Request::post(&api().url("/api/v1/inbound/email"))
        .header("x-inbound-key", key)
        .header("content-type", "message/rfc822")
        .body(newsletter(&probes))
        .unwrap()
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 201);
    let summary: omni_protocol::InteractionSummary = posted.json().await.unwrap();
    crate::support::close_as_supervisor(summary.id).await;
    let thread = api().messages(&token, summary.id, 5).await.unwrap();
    let html = thread[0].html.clone().expect("an HTML body");
    assert_eq!(html.held.len(), probes.len(), "{:?}", html.held);
    let desk = mount(
        actions,
        move || leptos::view! { <SafeHtmlFrame html=html /> },
    );
    desk.wait_for("the newsletter", |desk| {
        frame(desk)
            .content_document()
            .and_then(|d| d.get_element_by_id("hello"))
            .is_some()
    })
    .await;
    gloo_timers::future::TimeoutFuture::new(300).await;
    let early = fetched(&desk);
    for probe in &probes {
        assert!(!early.contains(probe), "{probe} loaded before Show images");
    }
    desk.click(".safe-html__images button").await;
    let mut missing = probes.to_vec();
    for _ in 0..500 {
        let now = fetched(&desk);
        missing.retain(|probe| !now.contains(probe));
        if missing.is_empty() {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    // What the frame's document holds, to tell a held reference from a request never made.
    let document = frame(&desk).content_document().unwrap();
    let inline = document
        .get_element_by_id("inline")
        .and_then(|div| div.get_attribute("style"));
    panic!(
        "not loaded after Show images: {missing:?}; the inline style reads {inline:?}; \
         the frame fetched {:?}",
        fetched(&desk)
    );
}
