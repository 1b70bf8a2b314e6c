//! One end of the host bridge (docs/host-bridge.md): posts to the other window at its
//! origin, hears only that window at that origin, and pairs each request with its `result`
//! or, after five seconds, a clear failure. The desk panel is one end ([`PanelBridge`]:
//! sends [`HostBound`], hears [`PanelBound`]); the Local CRM page is the other
//! ([`HostBridge`]).

use std::{
    cell::{Cell, RefCell},
    collections::HashMap,
    marker::PhantomData,
    rc::Rc,
};

use futures::{channel::oneshot, future::Either};
use omni_protocol::host_bridge::{
    id_to_answer, result_id, Body, BridgeMessage, BridgeResult, HostBound, NewRecord, PanelBound,
    Refusal, REQUEST_TIMEOUT_MS,
};
use wasm_bindgen::{prelude::Closure, JsCast};

/// Why a request to the host came to nothing, in words for the agent.
pub const NO_ANSWER: &str = "The CRM did not answer within 5 seconds.";

/// What one end sends: its ids' prefix, and what it says when the other end stays silent.
pub trait Side: Body + 'static {
    type Hears: Body + 'static;
    const ID_PREFIX: &'static str;
    const NO_ANSWER: &'static str;
    const PEER: &'static str;
}

impl Side for HostBound {
    type Hears = PanelBound;
    const ID_PREFIX: &'static str = "desk";
    const NO_ANSWER: &'static str = NO_ANSWER;
    const PEER: &'static str = "the CRM";
}

impl Side for PanelBound {
    type Hears = HostBound;
    const ID_PREFIX: &'static str = "crm";
    const NO_ANSWER: &'static str = "The desk did not answer within 5 seconds.";
    const PEER: &'static str = "the desk panel";
}

/// The desk panel's end.
pub type PanelBridge = Bridge<HostBound>;
/// The Local CRM page's end.
pub type HostBridge = Bridge<PanelBound>;

type Handler<In> = Rc<dyn Fn(BridgeMessage<In>)>;
type Listener = Closure<dyn FnMut(web_sys::MessageEvent)>;

struct Inner<Out: Side> {
    peer: web_sys::Window,
    peer_origin: String,
    /// Random per bridge (per page load): ids of an earlier load never match this one's.
    instance: String,
    next_id: Cell<u64>,
    pending: RefCell<HashMap<String, oneshot::Sender<BridgeResult>>>,
    handler: RefCell<Option<Handler<Out::Hears>>>,
    listener: RefCell<Option<Listener>>,
    sends: PhantomData<Out>,
}

/// One conversation with one window, sending `Out` and hearing `Out::Hears`.
pub struct Bridge<Out: Side>(Rc<Inner<Out>>);

impl<Out: Side> Clone for Bridge<Out> {
    fn clone(&self) -> Self {
        Bridge(self.0.clone())
    }
}

impl<Out: Side> Bridge<Out> {
    /// Talks to `peer` at `peer_origin` (an origin the configuration allows, checked by the
    /// caller), and hears only that window at that origin: another frame of an allowed
    /// origin could otherwise answer this end's requests or link its interactions.
    pub fn new(peer: web_sys::Window, peer_origin: String) -> Self {
        let bridge = Bridge(Rc::new(Inner {
            peer,
            peer_origin,
            instance: format!("{:x}", (js_sys::Math::random() * 4_294_967_296.0) as u64),
            next_id: Cell::new(0),
            pending: RefCell::new(HashMap::new()),
            handler: RefCell::new(None),
            listener: RefCell::new(None),
            sends: PhantomData,
        }));
        bridge.listen();
        bridge
    }

    /// What to do with a message from the other end that is not a `result`.
    pub fn on_message(&self, handler: impl Fn(BridgeMessage<Out::Hears>) + 'static) {
        *self.0.handler.borrow_mut() = Some(Rc::new(handler));
    }

    /// Sends a notice (no answer expected).
    pub fn tell(&self, body: Out) {
        let id = self.next_id();
        self.post(&BridgeMessage::new(id, body));
    }

    /// Answers the other end's request `id`.
    pub fn answer(&self, id: &str, result: BridgeResult) {
        self.post(&BridgeMessage::new(id, Out::result(result)));
    }

    /// Sends a request and waits for its `result`: the records when it was done, the other
    /// end's reason when it refused, [`Side::NO_ANSWER`] after five seconds of silence.
    pub async fn request(&self, body: Out) -> Result<BridgeResult, String> {
        let id = self.next_id();
        self.request_as(id, body).await
    }

    async fn request_as(&self, id: String, body: Out) -> Result<BridgeResult, String> {
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
                .unwrap_or_else(|| format!("{} refused it.", capitalised(Out::PEER)))),
            Either::Left((Err(_), _)) | Either::Right(_) => Err(Out::NO_ANSWER.to_owned()),
        }
    }

    fn next_id(&self) -> String {
        let n = self.0.next_id.get() + 1;
        self.0.next_id.set(n);
        format!("{}-{}-{n}", Out::ID_PREFIX, self.0.instance)
    }

    fn post(&self, message: &BridgeMessage<Out>) {
        let Ok(value) = js_sys::JSON::parse(&message.to_json()) else {
            return;
        };
        if let Err(error) = self.0.peer.post_message(&value, &self.0.peer_origin) {
            web_sys::console::warn_2(
                &format!("Omni Desk could not post to {}:", Out::PEER).into(),
                &error,
            );
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
        let decoded = BridgeMessage::<Out::Hears>::decode(&json);
        if matches!(decoded, Err(Refusal::NotOurs)) {
            return; // another script's message: none of our business
        }
        let origin = event.origin();
        let from_peer = event
            .source()
            .is_some_and(|source| js_sys::Object::is(&source, &self.0.peer));
        if !from_peer || origin != self.0.peer_origin {
            web_sys::console::warn_1(
                &format!(
                    "Omni Desk ignored a host bridge message from {origin}: only {} ({}) is heard.",
                    Out::PEER,
                    self.0.peer_origin
                )
                .into(),
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
                        "The answer of {} was refused: {refusal}.",
                        Out::PEER
                    )));
                }
            }
            Ok(BridgeMessage { id, body }) => match body.into_result() {
                Ok(result) => {
                    if let Some(waiting) = self.0.pending.borrow_mut().remove(&id) {
                        let _ = waiting.send(result);
                    }
                }
                Err(body) => {
                    let handler = self.0.handler.borrow().clone();
                    if let Some(handler) = handler {
                        handler(BridgeMessage { id, body });
                    }
                }
            },
        }
    }
}

impl PanelBridge {
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
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

impl<Out: Side> Drop for Inner<Out> {
    fn drop(&mut self) {
        if let (Some(window), Some(listener)) = (web_sys::window(), self.listener.get_mut().take())
        {
            let _ = window
                .remove_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
        }
    }
}
