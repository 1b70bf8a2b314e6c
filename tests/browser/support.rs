//! Mounting components, finding and clicking elements, waiting for the DOM to change.

use gloo_timers::future::TimeoutFuture;
use leptos::{mount::mount_to, prelude::*};
use omni_desk::{actions::Actions, api::Api, ui::app::provide_desk};
use omni_protocol::{SignInRequest, SignInResponse};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

pub fn api() -> Api {
    match option_env!("OMNI_TEST_API") {
        Some(base) => Api::new(base),
        None => {
            panic!("build with OMNI_TEST_API=<reference server address>; `cargo xtask test` does")
        }
    }
}

static PANICS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Panics so far, counted from the first call on. A panic in a task the test does not await
/// (a request answered after its component went) does not fail the test by itself; it aborts
/// that task and leaves the desk in an unknown state, so tests check this count instead.
pub fn panics_seen() -> usize {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            previous(info);
        }));
    });
    PANICS.load(std::sync::atomic::Ordering::SeqCst)
}

pub async fn sign_in(username: &str, password: &str) -> SignInResponse {
    let request = SignInRequest {
        username: username.into(),
        password: password.into(),
    };
    api().sign_in(&request).await.expect("demo agent signs in")
}

/// Makes every demo agent Working Offline. A contact a test posts only to read it then stays
/// in its queue: an agent an earlier test left Available would be offered it, and an offered
/// contact is the offered agent's, which the supervisor cannot close.
pub async fn nobody_takes_offers() {
    for name in ["anna", "ben", "chris"] {
        let agent = sign_in(name, &format!("{name}-demo")).await;
        // Refused only while the agent works something, and then no offer reaches them.
        let _ = api()
            .set_status(&agent.token, omni_protocol::AgentStatus::WorkingOffline)
            .await;
    }
}

/// Closes interaction `id` as the supervisor: a contact a test posts only to read it must not
/// wait in its queue, or it is offered to whichever agent a later test makes Available. Post
/// it after [`nobody_takes_offers`].
pub async fn close_as_supervisor(id: i64) {
    let sam = sign_in("sam", "sam-demo").await;
    api()
        .close(&sam.token, id, None)
        .await
        .expect("the supervisor closes it");
}

/// The desk's actions and stores against the test server, with `username` signed in.
pub async fn signed_in(username: &str, password: &str) -> Actions {
    let answer = sign_in(username, password).await;
    let actions = Actions::new(api());
    actions.stores.session.begin(answer.token, answer.agent);
    actions
}

/// A fresh container with `view` mounted in it, the actions and stores provided.
pub struct Mounted {
    pub root: HtmlElement,
    _handle: Box<dyn std::any::Any>,
}

pub fn mount<V: IntoView + 'static>(
    actions: Actions,
    view: impl FnOnce() -> V + 'static,
) -> Mounted {
    let document = web_sys::window().unwrap().document().unwrap();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = mount_to(root.clone(), move || {
        provide_desk(actions);
        view()
    });
    Mounted {
        root,
        _handle: Box::new(handle),
    }
}

impl Mounted {
    pub fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    pub fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into().ok())
            .collect()
    }

    pub fn text(&self, selector: &str) -> String {
        self.find(selector)
            .and_then(|el| el.text_content())
            .unwrap_or_default()
    }

    pub async fn click(&self, selector: &str) {
        let element: HtmlElement = self
            .find(selector)
            .unwrap_or_else(|| panic!("no {selector} to click"))
            .unchecked_into();
        element.click();
        leptos::task::tick().await;
    }

    pub async fn type_into(&self, selector: &str, value: &str) {
        let input: HtmlInputElement = self
            .find(selector)
            .unwrap_or_else(|| panic!("no {selector}"))
            .unchecked_into();
        input.set_value(value);
        input
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
        leptos::task::tick().await;
    }

    /// Chooses `value` in the select `selector`, as the agent would.
    pub async fn choose(&self, selector: &str, value: &str) {
        let select: web_sys::HtmlSelectElement = self
            .find(selector)
            .unwrap_or_else(|| panic!("no {selector}"))
            .unchecked_into();
        select.set_value(value);
        select
            .dispatch_event(&web_sys::Event::new("change").unwrap())
            .unwrap();
        leptos::task::tick().await;
    }

    /// Picks the option of select `selector` that reads `label`, as the agent does.
    pub async fn choose_labelled(&self, selector: &str, label: &str) {
        let value = self
            .all(&format!("{selector} option"))
            .into_iter()
            .find(|option| option.text_content().as_deref() == Some(label))
            .and_then(|option| option.get_attribute("value"))
            .unwrap_or_else(|| panic!("{selector} has no option {label:?}"));
        self.choose(selector, &value).await;
    }

    /// Waits up to 5 s for `check` to hold; the server answers asynchronously.
    pub async fn wait_for(&self, what: &str, check: impl Fn(&Mounted) -> bool) {
        for _ in 0..250 {
            if check(self) {
                return;
            }
            TimeoutFuture::new(20).await;
        }
        panic!(
            "timed out waiting for {what}; DOM: {}",
            self.root.inner_html()
        );
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}
