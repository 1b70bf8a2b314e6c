//! The host bridge in a real browser: only the embedding window at its allowed origin is heard, answers find their
//! request, and a request nobody answers fails after five seconds with a clear reason.

use std::{cell::RefCell, rc::Rc};

use gloo_timers::future::TimeoutFuture;
use omni_desk::host::{bridge::NO_ANSWER, PanelBridge as Bridge};
use omni_protocol::host_bridge::{HostBound, PanelBound, RecordRef};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::HtmlIFrameElement;

/// A frame running `script`; `sandboxed` gives it an origin of its own ("null"), as a page
/// of another site would have.
async fn frame(script: &str, sandboxed: bool) -> (HtmlIFrameElement, web_sys::Window) {
    let document = web_sys::window().unwrap().document().unwrap();
    let frame: HtmlIFrameElement = document.create_element("iframe").unwrap().unchecked_into();
    if sandboxed {
        frame.set_attribute("sandbox", "allow-scripts").unwrap();
    }
    frame.set_srcdoc(&format!("<script>{script}</script>"));
    document.body().unwrap().append_child(&frame).unwrap();
    TimeoutFuture::new(100).await;
    let window = frame.content_window().unwrap();
    (frame, window)
}

fn own_origin() -> String {
    web_sys::window().unwrap().location().origin().unwrap()
}

/// A page posting `recordFocused` for `name` to its parent, once the test listens.
fn focusing(name: &str) -> String {
    format!(
        "setTimeout(function () {{ parent.postMessage({{bridge:'omni-desk',version:1,id:'h-{name}',\
         type:'recordFocused',payload:{{entity:'customer',id:'42',name:'{name}'}}}}, '*'); }}, 500);"
    )
}

fn heard_names(bridge: &Bridge) -> Rc<RefCell<Vec<String>>> {
    let names = Rc::new(RefCell::new(Vec::new()));
    let kept = names.clone();
    bridge.on_message(move |message| {
        if let PanelBound::RecordFocused(record) = message.body {
            kept.borrow_mut().push(record.name);
        }
    });
    names
}

#[wasm_bindgen_test]
async fn only_the_embedding_window_at_its_allowed_origin_is_heard() {
    // Another site's page (its origin is "null") posting as if it were the host: even as the
    // bridge's peer, its origin is not the one allowed.
    let (stranger, stranger_window) = frame(&focusing("Stranger"), true).await;
    let posing = Bridge::new(stranger_window, own_origin());
    let posing_heard = heard_names(&posing);
    // The desk's own origin, from the peer window, and from another frame of that origin.
    let (friend, friend_window) = frame(&focusing("Friend"), false).await;
    let (sibling, _) = frame(&focusing("Sibling"), false).await;
    let bridge = Bridge::new(friend_window, own_origin());
    let heard = heard_names(&bridge);
    TimeoutFuture::new(900).await;

    assert_eq!(
        *heard.borrow(),
        ["Friend"],
        "only the peer at its origin is heard"
    );
    assert!(
        posing_heard.borrow().is_empty(),
        "a page of another origin is not heard: {:?}",
        posing_heard.borrow()
    );
    for element in [stranger, friend, sibling] {
        element.remove();
    }
}

#[wasm_bindgen_test]
async fn an_answer_finds_its_request_and_silence_times_out_after_five_seconds() {
    // A host that answers every request with one record, keeping the request's id.
    let answering = "addEventListener('message', function (e) { var m = e.data; \
        if (m && m.type !== 'result') parent.postMessage({bridge:'omni-desk',version:1,id:m.id,\
        type:'result',payload:{ok:true,records:[{entity:'customer',id:'42',name:'Maria Rossi'}]}}, '*'); });";
    let (host, peer) = frame(answering, false).await;
    TimeoutFuture::new(200).await;
    let bridge = Bridge::new(peer, own_origin());
    let open = || {
        HostBound::OpenRecord(RecordRef {
            entity: "customer".into(),
            id: "42".into(),
        })
    };
    let answer = bridge.request(open()).await.expect("the host answers");
    assert_eq!(answer.records[0].name, "Maria Rossi");
    host.remove();

    let (silent, peer) = frame("", false).await;
    let bridge = Bridge::new(peer, own_origin());
    let started = js_sys::Date::now();
    let answer = bridge.request(open()).await;
    let waited = js_sys::Date::now() - started;
    assert_eq!(answer, Err(NO_ANSWER.to_owned()));
    assert!(
        (4_900.0..7_000.0).contains(&waited),
        "waited {waited} ms, not five seconds"
    );
    silent.remove();
}
