//! The panel's end of the host bridge (docs/host-bridge.md): posts to the embedding page at
//! its origin, hears only allowed origins, and pairs each request with its `result` or, after
//! five seconds, a clear failure.

use std::{
    cell::{Cell, RefCell},
    collections::HashMap,
    rc::Rc,
};

use futures::{channel::oneshot, future::Either};
use omni_protocol::host_bridge::{
    id_to_answer, result_id, BridgeMessage, BridgeResult, HostBound, NewRecord, PanelBound,
    Refusal, REQUEST_TIMEOUT_MS,
};
use wasm_bindgen::{prelude::Closure, JsCast};

/// Why a request to the host came to nothing, in words for the agent.
pub const NO_ANSWER: &str = "The CRM did not answer within 5 seconds.";

type Handler = Rc<dyn Fn(BridgeMessage<PanelBound>)>;
type Listener = Closure<dyn FnMut(web_sys::MessageEvent)>;

struct Inner {
    peer: web_sys::Window,
    peer_origin: String,
    next_id: Cell<u64>,
    pending: RefCell<HashMap<String, oneshot::Sender<BridgeResult>>>,
    handler: RefCell<Option<Handler>>,
    listener: RefCell<Option<Listener>>,
}

/// One conversation with one host window.
#[derive(Clone)]
pub struct Bridge(Rc<Inner>);

impl Bridge {
    /// Talks to `peer` at `peer_origin` (an origin the configuration allows, checked by the
    /// caller), and hears only that window at that origin: another frame of an allowed
    /// origin could otherwise answer the desk's requests or link its interactions.
    pub fn new(peer: web_sys::Window, peer_origin: String) -> Self {
        let bridge = Bridge(Rc::new(Inner {
            peer,
            peer_origin,
            next_id: Cell::new(0),
            pending: RefCell::new(HashMap::new()),
            handler: RefCell::new(None),
            listener: RefCell::new(None),
        }));
        bridge.listen();
        bridge
    }

    /// What to do with a message from the host that is not a `result`.
    pub fn on_message(&self, handler: impl Fn(BridgeMessage<PanelBound>) + 'static) {
        *self.0.handler.borrow_mut() = Some(Rc::new(handler));
    }

    /// Sends a notice (no answer expected).
    pub fn tell(&self, body: HostBound) {
        let id = self.next_id();
        self.post(&BridgeMessage::new(id, body));
    }

    /// Answers the host's request `id`.
    pub fn answer(&self, id: &str, result: BridgeResult) {
        self.post(&BridgeMessage::new(id, HostBound::Result(result)));
    }

    /// Sends a request and waits for its `result`: the host's records when it did it, the
    /// host's reason when it refused, [`NO_ANSWER`] after five seconds of silence.
    pub async fn request(&self, body: HostBound) -> Result<BridgeResult, String> {
        let id = self.next_id();
        self.request_as(id, body).await
    }

    /// `createRecord`. `sending` gets the request's id before it goes out: the host's
    /// `recordCreated` names it, perhaps before (or without) the request's `result`.
    pub async fn create_record(
        &self,
        defaults: NewRecord,
        sending: impl FnOnce(&str),
    ) -> Result<(), String> {
        let id = self.next_id();
        sending(&id);
        self.request_as(id, HostBound::CreateRecord(defaults))
            .await
            .map(drop)
    }

    async fn request_as(&self, id: String, body: HostBound) -> Result<BridgeResult, String> {
        let (answered, answer) = oneshot::channel();
        self.0.pending.borrow_mut().insert(id.clone(), answered);
        self.post(&BridgeMessage::new(id.clone(), body));
        let timeout = gloo_timers::future::TimeoutFuture::new(REQUEST_TIMEOUT_MS);
        let outcome = futures::future::select(answer, timeout).await;
        self.0.pending.borrow_mut().remove(&id);
        match outcome {
            Either::Left((Ok(result), _)) if result.ok => Ok(result),
            Either::Left((Ok(result), _)) => Err(result
                .error
                .filter(|reason| !reason.trim().is_empty())
                .unwrap_or_else(|| "The CRM refused it.".to_owned())),
            Either::Left((Err(_), _)) | Either::Right(_) => Err(NO_ANSWER.to_owned()),
        }
    }

    fn next_id(&self) -> String {
        let n = self.0.next_id.get() + 1;
        self.0.next_id.set(n);
        format!("desk-{n}")
    }

    fn post(&self, message: &BridgeMessage<HostBound>) {
        let Ok(value) = js_sys::JSON::parse(&message.to_json()) else {
            return;
        };
        if let Err(error) = self.0.peer.post_message(&value, &self.0.peer_origin) {
            web_sys::console::warn_2(&"Omni Desk could not post to the CRM:".into(), &error);
        }
    }

    fn listen(&self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        // The listener holds the bridge weakly: dropping every `Bridge` ends the conversation.
        let inner = Rc::downgrade(&self.0);
        let listener = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                if let Some(inner) = inner.upgrade() {
                    Bridge(inner).heard(&event);
                }
            },
        );
        let _ =
            window.add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
        *self.0.listener.borrow_mut() = Some(listener);
    }

    fn heard(&self, event: &web_sys::MessageEvent) {
        let Some(json) = js_sys::JSON::stringify(&event.data())
            .ok()
            .and_then(|text| text.as_string())
        else {
            return;
        };
        let decoded = BridgeMessage::<PanelBound>::decode(&json);
        if decoded == Err(Refusal::NotOurs) {
            return; // another script's message: none of our business
        }
        let origin = event.origin();
        let from_peer = event
            .source()
            .is_some_and(|source| js_sys::Object::is(&source, &self.0.peer));
        if !from_peer || origin != self.0.peer_origin {
            web_sys::console::warn_1(
                &format!("Omni Desk ignored a host bridge message from {origin}: only the page embedding the desk ({}) is heard.", self.0.peer_origin).into(),
            );
            return;
        }
        match decoded {
            Err(refusal) => {
                web_sys::console::warn_1(
                    &format!("Omni Desk ignored a message from {origin}: {refusal}").into(),
                );
                if let Some(id) = id_to_answer(&json) {
                    self.answer(&id, BridgeResult::failed(refusal.to_string()));
                } else if let Some(waiting) =
                    result_id(&json).and_then(|id| self.0.pending.borrow_mut().remove(&id))
                {
                    // A broken answer fails its request now, with the reason, not as silence.
                    let _ = waiting.send(BridgeResult::failed(format!(
                        "The CRM's answer was refused: {refusal}."
                    )));
                }
            }
            Ok(BridgeMessage {
                id,
                body: PanelBound::Result(result),
                ..
            }) => {
                if let Some(waiting) = self.0.pending.borrow_mut().remove(&id) {
                    let _ = waiting.send(result);
                }
            }
            Ok(message) => {
                let handler = self.0.handler.borrow().clone();
                if let Some(handler) = handler {
                    handler(message);
                }
            }
        }
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let (Some(window), Some(listener)) = (web_sys::window(), self.listener.get_mut().take())
        {
            let _ = window
                .remove_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
        }
    }
}
