//! The event stream client: SSE read over `fetch` (so it can send the bearer token and its
//! last event id), parsed by our own parser, reconnecting with backoff until stopped.

use std::{cell::RefCell, rc::Rc};

use futures::future::{select, Either};
use gloo_timers::future::TimeoutFuture;
use js_sys::{Reflect, Uint8Array};
use omni_protocol::{paths, sse::SseParser, Event};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, Headers, ReadableStreamDefaultReader, RequestCache, RequestInit, Response,
};

use super::Api;

/// How the stream is doing, as the connection indicator shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    Connecting,
    Live,
    Reconnecting,
    Offline,
}

impl LinkState {
    pub fn label(self) -> &'static str {
        match self {
            LinkState::Connecting => "connecting",
            LinkState::Live => "live",
            LinkState::Reconnecting => "reconnecting",
            LinkState::Offline => "offline",
        }
    }
}

/// No bytes (not even a keep-alive comment, sent every 15 s) for this long means a dead link.
const SILENCE_LIMIT_MS: u32 = 45_000;
const BACKOFF_CAP_MS: u32 = 10_000;
/// A stream that lived this long was healthy: the next reconnect starts the backoff again.
/// One that ends sooner (a proxy closing each 200 at once) keeps backing off.
pub const HEALTHY_AFTER_MS: f64 = 5_000.0;

/// The attempt number after a stream ended: back to the first after a healthy stream.
pub fn next_attempt(attempt: u32, lived_ms: Option<f64>) -> u32 {
    match lived_ms {
        Some(lived) if lived >= HEALTHY_AFTER_MS => 1,
        _ => attempt.saturating_add(1),
    }
}

/// Wait before reconnect attempt `attempt` (1-based): the server's `retry:` hint (default
/// 500 ms) doubling per attempt up to 10 s, spread by `jitter` in [0, 1) over ±20 %.
pub fn backoff_delay_ms(attempt: u32, retry_hint_ms: Option<u32>, jitter: f64) -> u32 {
    let base = retry_hint_ms.unwrap_or(500).clamp(100, BACKOFF_CAP_MS) as f64;
    let doubled = base * 2f64.powi(attempt.saturating_sub(1).min(10) as i32);
    let capped = doubled.min(BACKOFF_CAP_MS as f64);
    (capped * (0.8 + 0.4 * jitter.clamp(0.0, 1.0))) as u32
}

/// What the stream tells the stores.
pub struct StreamSink {
    pub last_event_id: Box<dyn Fn() -> Option<u64>>,
    pub on_link: Box<dyn Fn(LinkState)>,
    pub on_event: Box<dyn Fn(Event)>,
    /// An event was dropped (a line over the parser's limit): the stores may have missed a
    /// change and should be fetched again.
    pub on_missed: Box<dyn Fn()>,
    /// The token was refused (or the account disabled): the session is over; the stream
    /// stops. Receives the server's message.
    pub on_session_refused: Box<dyn Fn(String)>,
}

/// Stops the stream when asked (sign-out) or when dropped.
#[derive(Clone, Default)]
pub struct StreamHandle {
    inner: Rc<RefCell<HandleState>>,
}

#[derive(Default)]
struct HandleState {
    stopped: bool,
    controller: Option<AbortController>,
}

impl StreamHandle {
    pub fn stop(&self) {
        let mut state = self.inner.borrow_mut();
        state.stopped = true;
        if let Some(controller) = state.controller.take() {
            controller.abort();
        }
    }

    fn is_stopped(&self) -> bool {
        self.inner.borrow().stopped
    }
}

enum Ended {
    SessionRefused(String),
    /// Lost after having been live for so many ms, or before it was live.
    Lost {
        lived_ms: Option<f64>,
    },
}

/// Starts reading the stream in the background.
pub fn connect(api: &Api, token: String, sink: StreamSink) -> StreamHandle {
    let handle = StreamHandle::default();
    let running = handle.clone();
    let url = api.url(paths::EVENTS);
    wasm_bindgen_futures::spawn_local(async move {
        let mut attempt = 0;
        let mut parser_retry = None;
        (sink.on_link)(LinkState::Connecting);
        while !running.is_stopped() {
            let Ok(controller) = AbortController::new() else {
                break;
            };
            running.inner.borrow_mut().controller = Some(controller.clone());
            let ended = read_once(&url, &token, &controller, &sink, &mut parser_retry).await;
            if running.is_stopped() {
                break;
            }
            match ended {
                Ended::SessionRefused(message) => {
                    (sink.on_session_refused)(message);
                    break;
                }
                Ended::Lost { lived_ms } => attempt = next_attempt(attempt, lived_ms),
            }
            (sink.on_link)(if browser_online() {
                LinkState::Reconnecting
            } else {
                LinkState::Offline
            });
            TimeoutFuture::new(backoff_delay_ms(
                attempt,
                parser_retry,
                js_sys::Math::random(),
            ))
            .await;
        }
    });
    handle
}

fn browser_online() -> bool {
    web_sys::window()
        .map(|window| window.navigator().on_line())
        .unwrap_or(true)
}

async fn read_once(
    url: &str,
    token: &str,
    controller: &AbortController,
    sink: &StreamSink,
    retry_hint: &mut Option<u32>,
) -> Ended {
    let lost = Ended::Lost { lived_ms: None };
    let Ok(response) = open(url, token, (sink.last_event_id)(), controller).await else {
        return lost;
    };
    if matches!(response.status(), 401 | 403) {
        let body = match response.text() {
            Ok(text) => JsFuture::from(text)
                .await
                .ok()
                .and_then(|text| text.as_string())
                .unwrap_or_default(),
            Err(_) => String::new(),
        };
        return Ended::SessionRefused(super::error_from(response.status(), &body).message);
    }
    if !response.ok() {
        return lost;
    }
    let Some(reader) = response.body().and_then(|body| {
        body.get_reader()
            .dyn_into::<ReadableStreamDefaultReader>()
            .ok()
    }) else {
        return lost;
    };
    // Live once bytes flow (the server writes a comment at once): a proxy that answers 200
    // and then holds everything back is not a live stream, and does not reset the backoff.
    let mut live_since = None;
    let mut parser = SseParser::new();
    let mut dropped = 0;
    loop {
        let read = JsFuture::from(reader.read());
        let silence = TimeoutFuture::new(SILENCE_LIMIT_MS);
        let chunk = match select(read, silence).await {
            Either::Left((Ok(chunk), _)) => chunk,
            Either::Left((Err(_), _)) | Either::Right(_) => {
                controller.abort();
                break;
            }
        };
        if Reflect::get(&chunk, &JsValue::from_str("done"))
            .ok()
            .and_then(|done| done.as_bool())
            .unwrap_or(true)
        {
            break;
        }
        let Ok(value) = Reflect::get(&chunk, &JsValue::from_str("value")) else {
            break;
        };
        if live_since.is_none() {
            live_since = Some(js_sys::Date::now());
            (sink.on_link)(LinkState::Live);
        }
        for message in parser.feed(&Uint8Array::new(&value).to_vec()) {
            match Event::from_json(&message.data) {
                Ok(Some(event)) => (sink.on_event)(event),
                Ok(None) => {} // a kind of event this desk does not know yet
                Err(error) => web_sys::console::warn_1(
                    &format!("ignored an unreadable event: {error}").into(),
                ),
            }
        }
        *retry_hint = parser.retry_ms().or(*retry_hint);
        if parser.dropped_events() > dropped {
            dropped = parser.dropped_events();
            (sink.on_missed)();
        }
    }
    Ended::Lost {
        lived_ms: live_since.map(|since| js_sys::Date::now() - since),
    }
}

async fn open(
    url: &str,
    token: &str,
    last_event_id: Option<u64>,
    controller: &AbortController,
) -> Result<Response, JsValue> {
    let headers = Headers::new()?;
    headers.set("Authorization", &format!("Bearer {token}"))?;
    headers.set("Accept", "text/event-stream")?;
    if let Some(id) = last_event_id {
        headers.set(paths::LAST_EVENT_ID, &id.to_string())?;
    }
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_headers(&headers);
    init.set_cache(RequestCache::NoStore);
    init.set_signal(Some(&controller.signal()));
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await?
        .dyn_into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_a_cap_and_respects_the_hint() {
        let middle = 0.5; // no spread
        let delays: Vec<u32> = (1..=8)
            .map(|attempt| backoff_delay_ms(attempt, None, middle))
            .collect();
        assert_eq!(
            delays,
            vec![500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]
        );
        assert_eq!(backoff_delay_ms(1, Some(1000), middle), 1000);
        assert_eq!(backoff_delay_ms(2, Some(1000), middle), 2000);
        assert_eq!(
            backoff_delay_ms(1, Some(0), middle),
            100,
            "a zero hint cannot make a tight loop"
        );
        assert_eq!(backoff_delay_ms(1, None, 0.0), 400);
        assert_eq!(backoff_delay_ms(1, None, 0.999_999), 599);
        assert_eq!(backoff_delay_ms(u32::MAX, None, 1.0), 12_000);
    }

    #[test]
    fn a_stream_that_closes_at_once_does_not_reset_the_backoff() {
        // A proxy answers 200 and closes: each attempt waits longer, no reconnect storm.
        let mut attempt = 0;
        for _ in 0..6 {
            attempt = next_attempt(attempt, Some(30.0));
        }
        assert_eq!(attempt, 6);
        assert_eq!(backoff_delay_ms(attempt, None, 0.5), 10_000);
        assert_eq!(next_attempt(attempt, None), 7, "never live: longer still");
        assert_eq!(
            next_attempt(attempt, Some(HEALTHY_AFTER_MS)),
            1,
            "a healthy stream resets it"
        );
    }
}
