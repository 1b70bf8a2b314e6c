//! The live figures of `cargo xtask bench`: events arriving at 100 a second for a minute, with
//! 10,000 interactions in the list and a thread open, and the desk's memory as they go on.

use std::{
    sync::Arc,
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use anyhow::{bail, Context, Result};
use fantoccini::Locator;
use omni_e2e::{AgentApi, Driver, Server};
use reqwest::Method;
use serde_json::json;

use crate::shell::scratch_dir;

pub const RATE_PER_SECOND: u64 = 100;
pub const SECONDS: u64 = 60;
/// Memory is read after this many events, and again after `MEMORY_AFTER_MANY`.
pub const MEMORY_AFTER_FEW: usize = 5_000;
pub const MEMORY_AFTER_MANY: usize = 50_000;
/// Issue 10's goals.
pub const P95_GOAL_MS: f64 = 20.0;
pub const MEMORY_GROWTH_GOAL: f64 = 1.5;

pub struct LiveFigures {
    /// Per event: sent → seen in the DOM, for list rows (`interaction_changed`).
    pub list_ms: Vec<f64>,
    /// Per event: sent → seen in the DOM, for the open thread (`message_added`).
    pub thread_ms: Vec<f64>,
    pub memory_after_few: f64,
    pub memory_after_many: f64,
}

fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or_default()
}

/// Records when each `bench-N` text first appears in the document (added nodes and changed
/// texts), on the page's own clock, which is the machine's.
const WATCH: &str = "window.__benchSeen = new Map();
    const note = text => {
      const now = performance.timeOrigin + performance.now();
      for (const m of (text || '').matchAll(/bench-(\\d+)/g)) {
        if (!window.__benchSeen.has(m[1])) window.__benchSeen.set(m[1], now);
      }
    };
    new MutationObserver(records => {
      for (const r of records) {
        if (r.type === 'characterData') note(r.target.data);
        for (const n of r.addedNodes) note(n.textContent);
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });";

const SEEN: &str = "return Object.fromEntries(window.__benchSeen);";
const MEMORY: &str = "return window.__omniMemory ? window.__omniMemory.buffer.byteLength : null;";

/// One change the generator makes: a tag on a list row, or a note in the open thread.
enum Change {
    Tag { interaction: i64 },
    Note,
}

fn change_of(n: usize, rows: &[i64]) -> Change {
    if n.is_multiple_of(2) {
        Change::Tag {
            interaction: rows[(n / 2) % rows.len()],
        }
    } else {
        Change::Note
    }
}

async fn send(anna: &AgentApi, thread: i64, change: Change, n: usize) -> Result<()> {
    let label = format!("bench-{n}");
    match change {
        Change::Tag { interaction } => {
            anna.send(
                Method::PUT,
                &format!("/api/v1/interactions/{interaction}/tags"),
                json!({"tags": [label]}),
            )
            .await?;
        }
        Change::Note => {
            anna.send(
                Method::POST,
                &format!("/api/v1/interactions/{thread}/notes"),
                json!({"body": label, "upload_ids": []}),
            )
            .await?;
        }
    }
    Ok(())
}

pub async fn live_figures(dist: &std::path::Path, bulk: usize) -> Result<LiveFigures> {
    let dir = tempfile::tempdir_in(scratch_dir()?)?;
    let server = Server::start(dir.path(), dist, &[]).await?;
    let thread = server.seed_bulk(bulk, "anna", 100).await?;
    let driver = Driver::start().await?;
    let browser = driver.browser(1280, 900).await?;
    let measured = measure(&server, &browser, thread).await;
    browser.close().await.ok();
    measured
}

async fn measure(
    server: &Server,
    browser: &fantoccini::Client,
    thread: i64,
) -> Result<LiveFigures> {
    omni_e2e::sign_in(browser, &server.url(), "anna", "anna-demo").await?;
    browser
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(".thread .message[data-message-id]"))
        .await
        .context("the open thread")?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    browser.execute(WATCH, vec![]).await?;
    let anna = Arc::new(AgentApi::sign_in(&server.url(), "anna", "anna-demo").await?);
    // The rows on screen: their changes must show.
    let page = anna
        .get("/api/v1/interactions?channel=email&limit=10")
        .await?;
    let rows: Arc<Vec<i64>> = Arc::new(
        page["items"]
            .as_array()
            .context("a first page")?
            .iter()
            .filter_map(|item| item["id"].as_i64())
            .collect(),
    );

    // A minute at the rate: each change sent on its tick, whether or not the last answered.
    let total = (RATE_PER_SECOND * SECONDS) as usize;
    let mut sent = vec![0f64; total];
    let mut ticks = tokio::time::interval(Duration::from_micros(1_000_000 / RATE_PER_SECOND));
    let mut tasks = Vec::with_capacity(total);
    let mut memory_after_few = None;
    for (n, at) in sent.iter_mut().enumerate() {
        ticks.tick().await;
        *at = now_ms();
        let (anna, rows) = (anna.clone(), rows.clone());
        tasks.push(tokio::spawn(async move {
            send(&anna, thread, change_of(n, &rows), n).await
        }));
        if n + 1 == MEMORY_AFTER_FEW {
            memory_after_few = browser.execute(MEMORY, vec![]).await?.as_f64();
        }
    }
    for task in tasks {
        task.await??;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let seen = browser.execute(SEEN, vec![]).await?;
    let seen = seen.as_object().context("the page's records")?;
    let (mut list_ms, mut thread_ms) = (Vec::new(), Vec::new());
    for (n, at) in sent.iter().enumerate() {
        let Some(shown) = seen.get(&n.to_string()).and_then(|v| v.as_f64()) else {
            bail!("change {n} never showed in the desk");
        };
        match change_of(n, &rows) {
            Change::Tag { .. } => list_ms.push(shown - at),
            Change::Note => thread_ms.push(shown - at),
        }
    }

    // On to 50,000 changes, as fast as the server takes them, for the memory figure.
    let started = Instant::now();
    let mut next = total;
    while next < MEMORY_AFTER_MANY {
        let batch: Vec<_> = (next..(next + 8).min(MEMORY_AFTER_MANY))
            .map(|n| {
                let (anna, rows) = (anna.clone(), rows.clone());
                tokio::spawn(async move { send(&anna, thread, change_of(n, &rows), n).await })
            })
            .collect();
        for task in batch {
            task.await??;
        }
        next += 8;
        if started.elapsed() > Duration::from_secs(900) {
            bail!("50,000 changes took over 15 minutes");
        }
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let memory_after_many = browser.execute(MEMORY, vec![]).await?.as_f64();
    Ok(LiveFigures {
        list_ms,
        thread_ms,
        memory_after_few: memory_after_few.context("no wasm memory to read")?,
        memory_after_many: memory_after_many.context("no wasm memory to read")?,
    })
}

pub fn report(figures: &LiveFigures, percentile: fn(&[f64], f64) -> f64) -> String {
    let all: Vec<f64> = figures
        .list_ms
        .iter()
        .chain(&figures.thread_ms)
        .copied()
        .collect();
    let p95 = percentile(&all, 0.95);
    let growth = figures.memory_after_many / figures.memory_after_few;
    let verdict = |ok: bool| {
        if ok {
            "meets the goal"
        } else {
            "MISSES the goal"
        }
    };
    let row = |name: &str, values: &[f64]| {
        format!(
            "| {name} | {} | {:.1} ms | {:.1} ms | {:.1} ms |\n",
            values.len(),
            percentile(values, 0.5),
            percentile(values, 0.95),
            values.iter().copied().fold(0.0, f64::max)
        )
    };
    format!(
        "\n## Live events\n\n\
         The desk signed in over the 10,000 interactions above, a thread open; changes sent at\n\
         {RATE_PER_SECOND} a second for {SECONDS} s, half `interaction_changed` (a tag on one of the rows on\n\
         screen) and half `message_added` (a note in the open thread). Each runs from the request\n\
         leaving the bench to a MutationObserver in the page seeing its text: the server's write and\n\
         publication, the stream, the desk's stores and the DOM update, all included.\n\n\
         | change | events | median | p95 | max |\n|---|---|---|---|---|\n{}{}{}\n\
         Goal (issue 10): p95 ≤ {P95_GOAL_MS} ms for both together — {}.\n\n\
         Wasm memory after {MEMORY_AFTER_FEW} events: {:.1} MB; after {MEMORY_AFTER_MANY}: {:.1} MB \
         ({growth:.2}×). Goal: under {MEMORY_GROWTH_GOAL}× — {}.\n",
        row("list row (`interaction_changed`)", &figures.list_ms),
        row("open thread (`message_added`)", &figures.thread_ms),
        row("both", &all),
        verdict(p95 <= P95_GOAL_MS),
        figures.memory_after_few / 1_048_576.0,
        figures.memory_after_many / 1_048_576.0,
        verdict(growth < MEMORY_GROWTH_GOAL),
    )
}
