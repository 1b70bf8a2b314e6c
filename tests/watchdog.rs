//! index.html's watchdog: a trap in the desk's WebAssembly shows the "stopped working"
//! banner at once, and the connection indicator stops saying Live. A test binary of its own:
//! the deliberate panic leaves its wasm instance unfit for other tests.

#![cfg(target_arch = "wasm32")]

use wasm_bindgen::{closure::Closure, JsCast};
use wasm_bindgen_test::wasm_bindgen_test;

/// The watchdog's script, as index.html carries it.
fn watchdog_script() -> &'static str {
    let page = include_str!("../index.html");
    let start = page.find("<script nonce=").expect("the watchdog script");
    let body = &page[start..];
    let open = body.find('>').expect("its opening tag") + 1;
    let close = body.find("</script>").expect("its end");
    &body[open..close]
}

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_trap_shows_the_banner_and_the_indicator_stops_saying_live() {
    let document = web_sys::window().unwrap().document().unwrap();
    // The indicator as the desk renders it, live.
    let indicator = document.create_element("span").unwrap();
    indicator.set_class_name("connection");
    indicator.set_attribute("data-link", "live").unwrap();
    indicator.set_inner_html("<span class=\"connection__label\">Live</span>");
    document.body().unwrap().append_child(&indicator).unwrap();
    js_sys::Function::new_no_args(watchdog_script())
        .call0(&wasm_bindgen::JsValue::NULL)
        .unwrap();
    assert!(document.get_element_by_id("omni-stopped").is_none());

    // A deliberate panic in a timer callback: with panic = abort it traps the wasm.
    let trap =
        Closure::once_into_js(|| -> () { panic!("deliberate panic: the watchdog must notice") });
    web_sys::window()
        .unwrap()
        .set_timeout_with_callback_and_timeout_and_arguments_0(trap.unchecked_ref(), 0)
        .unwrap();
    let started = js_sys::Date::now();
    let banner = loop {
        if let Some(banner) = document.get_element_by_id("omni-stopped") {
            break banner;
        }
        assert!(
            js_sys::Date::now() - started < 1_000.0,
            "no banner within a second"
        );
        gloo_timers::future::TimeoutFuture::new(10).await;
    };
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    assert!(banner
        .text_content()
        .unwrap()
        .starts_with("Omni Desk stopped working."));
    assert!(banner.query_selector("button").unwrap().is_some(), "Reload");
    assert_eq!(
        indicator.get_attribute("data-link").as_deref(),
        Some("stopped")
    );
    assert_eq!(indicator.text_content().as_deref(), Some("Stopped"));
    banner.remove();
    indicator.remove();
}
