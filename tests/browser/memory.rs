//! The desk's memory under a long run of live events: what it holds stays the same size.
//! (issue 10: the bench's wasm memory after 50,000 events must stay under 1.5× the memory
//! after 5,000; this finds a leak in a minute, and says which bytes.)

use std::sync::atomic::{AtomicIsize, Ordering};

use leptos::prelude::*;
use omni_desk::{
    store::{rows::RowsStoreFields, thread::KEPT_LIVE},
    ui::email::{InteractionListPane, ThreadView},
};
use omni_protocol::{EventBody, InteractionSummary, Message};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{api, mount, signed_in};

/// Bytes allocated and not yet freed, counted by the test binary's allocator.
static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);

/// The system allocator, counting (installed as the browser tests' global allocator).
pub struct Counting;

unsafe impl std::alloc::GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        LIVE_BYTES.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { std::alloc::System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        LIVE_BYTES.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }
}

fn live_bytes() -> isize {
    LIVE_BYTES.load(Ordering::Relaxed)
}

/// A customer's email, delivered to the server as a mail server would.
async fn an_email() -> InteractionSummary {
    let Some(key) = option_env!("OMNI_TEST_INBOUND_KEY") else {
        panic!("run through `cargo xtask test`")
    };
    let mime = "From: Maria Rossi <maria.rossi@example.com>\r\nTo: support@omni-desk.test\r\n\
        Subject: A long day of notes\r\nMessage-ID: <memory-test@example.com>\r\n\r\nHello\r\n";
    crate::support::nobody_takes_offers().await;
    let posted = gloo_net::http::Request::post(&api().url("/api/v1/inbound/email"))
        .header("x-inbound-key", key)
        .header("content-type", "message/rfc822")
        .body(mime)
        .unwrap()
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 201);
    let summary: InteractionSummary = posted.json().await.unwrap();
    crate::support::close_as_supervisor(summary.id).await;
    summary
}

/// Event `n` of the run: a tag on one of the list's rows, or a note in the open thread.
fn event(n: usize, rows: &[InteractionSummary], first: &Message) -> EventBody {
    let version = 1_000_000 + n as u64;
    if n.is_multiple_of(2) {
        let mut row = rows[(n / 2) % rows.len()].clone();
        row.tags = vec![format!("tag-{n}")];
        row.version = version;
        EventBody::InteractionChanged(row)
    } else {
        let mut note = first.clone();
        note.id = 10_000_000 + n as i64;
        note.sent_at = first.sent_at + n as i64;
        note.text.fresh = format!("note {n}");
        note.version = version;
        EventBody::MessageAdded(note)
    }
}

#[wasm_bindgen_test]
async fn memory_stays_flat_while_events_keep_coming() {
    let actions = signed_in("anna", "anna-demo").await;
    let summary = an_email().await;
    let stores = actions.stores;
    let shown = summary.clone();
    let desk = mount(actions, move || {
        view! {
            <InteractionListPane />
            <ThreadView interaction=shown />
        }
    });
    stores.work.open(&summary);
    desk.wait_for("the thread", |desk| desk.find(".thread .message").is_some())
        .await;
    desk.wait_for("the list", |desk| desk.find(".list-row").is_some())
        .await;
    let first = stores
        .thread
        .messages
        .rows()
        .with_untracked(|m| m[0].clone());
    let rows: Vec<InteractionSummary> = stores
        .list
        .rows
        .rows()
        .with_untracked(|r| r.iter().take(10).cloned().collect());

    // As the stream applies them: one at a time, the DOM updated after each.
    let mut after_warm_up = 0;
    const WARM_UP: usize = 2_000; // the thread is full (`KEPT_LIVE` messages) long before
    const EVENTS: usize = 8_000;
    for n in 0..EVENTS {
        stores.apply(&event(n, &rows, &first), 0);
        leptos::task::tick().await;
        if n % 50 == 0 {
            gloo_timers::future::TimeoutFuture::new(0).await; // let the browser breathe
        }
        if n + 1 == WARM_UP {
            after_warm_up = live_bytes();
        }
    }
    let grown = live_bytes() - after_warm_up;
    assert!(
        desk.all(".thread .message").len() <= KEPT_LIVE,
        "the thread keeps its newest {KEPT_LIVE}"
    );
    assert!(desk
        .text(".thread")
        .contains(&format!("note {}", EVENTS - 1)));
    // Before endless_rows and the flat row badges: ~140 bytes an event (840 KB here).
    assert!(
        grown < 64 * 1024,
        "{grown} bytes more after {} more events",
        EVENTS - WARM_UP
    );
}
