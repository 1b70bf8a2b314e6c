//! The live figures of `cargo xtask bench`: events arriving at 100 a second for a minute, with
//! 10,000 interactions in the list and a thread open, and the desk's memory as they go on.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
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
/// Memory is read after every `MEMORY_STEP` events, up to `MEMORY_AFTER_MANY`; the goal
/// compares the last reading with the first.
pub const MEMORY_STEP: usize = 5_000;
pub const MEMORY_AFTER_MANY: usize = 50_000;
/// Issue 10's goals.
pub const P95_GOAL_MS: f64 = 20.0;
pub const MEMORY_GROWTH_GOAL: f64 = 1.5;

pub struct LiveFigures {
    /// Per event: published by the server → seen in the DOM, for list rows
    /// (`interaction_changed`).
    pub list_ms: Vec<f64>,
    /// Per event: published → seen in the DOM, for the open thread (`message_added`).
    pub thread_ms: Vec<f64>,
    /// Per change: the request leaving the bench → seen in the DOM (both kinds).
    pub request_ms: Vec<f64>,
    /// Per change: its event arriving in the desk's stream → seen in the DOM (both kinds).
    pub desk_ms: Vec<f64>,
    /// Per change: the server publishing its event → its bytes arriving in the desk's stream.
    pub stream_ms: Vec<f64>,
    /// Per change: the server publishing its event → a plain HTTP client of the stream (not
    /// a browser) reading it.
    pub server_ms: Vec<f64>,
    /// The wasm memory in bytes after every `MEMORY_STEP` events.
    pub memory: Vec<f64>,
    /// Tag changes that never had an event of their own: another tag on the same row was
    /// written between their write and their announcement, which carried that one.
    pub superseded: usize,
    /// Tag changes that reached the desk in the same turn of its event loop as a newer event
    /// on the same row: the row rendered the newer one directly.
    pub coalesced: usize,
    /// Event → DOM of both kinds, per third of the minute (the open thread grows meanwhile).
    pub by_third: [Vec<f64>; 3],
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
      // The page rendered: what arrives from now on is another turn (see ARRIVALS).
      if (window.__benchTurn !== undefined) window.__benchTurn += 1;
      for (const r of records) {
        if (r.type === 'characterData') note(r.target.data);
        for (const n of r.addedNodes) note(n.textContent);
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });";

/// Records when each `bench-N` first arrives in a chunk of the event stream (the desk reads it
/// with a `ReadableStreamDefaultReader`): the desk's own share is from there to the DOM. Also
/// the turn of the event loop it arrived in (a message-channel task or a render ends each turn), and its
/// place in the stream: the desk renders once per turn, so of two changes to one row that
/// arrive in one turn only the later can show.
const ARRIVALS: &str = "window.__benchArrived = new Map();
    window.__benchCutOff = new Set();
    window.__benchTurnOf = new Map();
    window.__benchPlace = new Map();
    window.__benchTurn = 0;
    let places = 0;
    let turnEnding = false;
    const turns = new MessageChannel();
    turns.port1.onmessage = () => { window.__benchTurn += 1; turnEnding = false; };
    const read = ReadableStreamDefaultReader.prototype.read;
    const decoder = new TextDecoder();
    ReadableStreamDefaultReader.prototype.read = function () {
      return read.call(this).then(chunk => {
        if (chunk && chunk.value) {
          const now = performance.timeOrigin + performance.now();
          if (!turnEnding) { turnEnding = true; turns.port2.postMessage(0); }
          const text = decoder.decode(chunk.value, { stream: true });
          for (const m of text.matchAll(/bench-(\\d+)/g)) {
            if (!window.__benchArrived.has(m[1])) {
              window.__benchArrived.set(m[1], now);
              window.__benchTurnOf.set(m[1], window.__benchTurn);
              window.__benchPlace.set(m[1], places++);
              // The event's end (its blank line) came in a later chunk.
              if (!text.includes('\\n\\n', m.index)) window.__benchCutOff.add(m[1]);
            }
          }
        }
        return chunk;
      });
    };";

const SEEN: &str = "return Object.fromEntries(window.__benchSeen);";
const ARRIVED: &str = "return Object.fromEntries(window.__benchArrived);";
const TURN_OF: &str = "return Object.fromEntries(window.__benchTurnOf);";
const PLACE: &str = "return Object.fromEntries(window.__benchPlace);";
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

impl Change {
    /// The event that carries this change to the desk.
    fn event_type(&self) -> &'static str {
        match self {
            Change::Tag { .. } => "interaction_changed",
            Change::Note => "message_added",
        }
    }
}

/// The `bench-N` numbers in a text.
fn bench_labels(text: &str) -> Vec<usize> {
    text.split("bench-")
        .skip(1)
        .filter_map(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .collect()
}

/// When the server published the event of each change: the first event of the change's
/// type that names its label.
async fn published(server: &Server, after: i64, rows: &[i64], total: usize) -> Result<Vec<f64>> {
    let mut at = vec![f64::NAN; total];
    for (kind, created_at, payload) in server.events_after(after).await? {
        for n in bench_labels(&payload) {
            if n < total && at[n].is_nan() && change_of(n, rows).event_type() == kind {
                at[n] = created_at as f64;
            }
        }
    }
    Ok(at)
}

/// The tag change's row.
fn row_of(n: usize, rows: &[i64]) -> Option<i64> {
    match change_of(n, rows) {
        Change::Tag { interaction } => Some(interaction),
        Change::Note => None,
    }
}

/// The next tag change on the row of tag change `n`.
fn next_tag_on_its_row(n: usize, total: usize, rows: &[i64]) -> Option<usize> {
    let row = row_of(n, rows)?;
    (n + 1..total).find(|&later| row_of(later, rows) == Some(row))
}

/// Whether tag change `n` was overtaken: the server's answer to it carried another tag
/// change on the same row, written between `n`'s write and its announcement (a later one, or
/// an earlier one whose write reached the database after it), so `n` never had its own event.
fn overtaken(n: usize, announced: &[usize], rows: &[i64]) -> bool {
    let row = row_of(n, rows);
    row.is_some()
        && announced
            .iter()
            .any(|&other| other != n && row_of(other, rows) == row)
}

/// When each `bench-N` first reached a plain HTTP client of the event stream, on this
/// machine's clock: the server's share of event → DOM, without the browser's.
type Heard = Arc<Mutex<HashMap<usize, f64>>>;

/// Listens to `GET /events` as `token`'s agent until aborted, noting each label's arrival.
fn listen(base: String, token: String, heard: Heard) -> tokio::task::JoinHandle<Result<()>> {
    tokio::spawn(async move {
        let mut stream = reqwest::Client::new()
            .get(format!("{base}/api/v1/events"))
            .bearer_auth(token)
            .send()
            .await?
            .error_for_status()?;
        let mut pending = String::new();
        while let Some(bytes) = stream.chunk().await? {
            let now = now_ms();
            pending.push_str(&String::from_utf8_lossy(&bytes));
            // Whole events only: a label cut across two chunks is read once it is whole.
            let Some(end) = pending.rfind("\n\n") else {
                continue;
            };
            let mut heard = heard.lock().expect("the heard map");
            for n in bench_labels(&pending[..end]) {
                heard.entry(n).or_insert(now);
            }
            pending.drain(..end);
        }
        Ok(())
    })
}

/// Sends change `n`; for a tag, answers the labels the server announced for its row (a later
/// change's, when that one was written before this one was announced).
async fn send(anna: &AgentApi, thread: i64, change: Change, n: usize) -> Result<Vec<usize>> {
    let label = format!("bench-{n}");
    match change {
        Change::Tag { interaction } => {
            let answer = anna
                .send(
                    Method::PUT,
                    &format!("/api/v1/interactions/{interaction}/tags"),
                    json!({"tags": [label]}),
                )
                .await?;
            Ok(bench_labels(&answer["tags"].to_string()))
        }
        Change::Note => {
            anna.send(
                Method::POST,
                &format!("/api/v1/interactions/{thread}/notes"),
                json!({"body": label, "upload_ids": []}),
            )
            .await?;
            Ok(Vec::new())
        }
    }
}

pub async fn live_figures(dist: &std::path::Path, bulk: usize) -> Result<LiveFigures> {
    let dir = tempfile::tempdir_in(scratch_dir()?)?;
    // The log keeps every event of the run, for the publication times.
    let server = Server::start(dir.path(), dist, &[("OMNI_EVENT_LOG_KEEP", "1000000")]).await?;
    let thread = server.seed_bulk(bulk, "anna", 100).await?;
    let driver = Driver::start().await?;
    let browser = driver.browser(1280, 900).await?;
    let measured = measure(&server, &browser, thread).await;
    browser.close().await.ok();
    measured
}

/// Waits until the desk has shown change `n` (so a memory reading is of a settled desk).
async fn shown(browser: &fantoccini::Client, n: usize) -> Result<()> {
    let check = format!("return window.__benchSeen.has('{n}');");
    let deadline = Instant::now() + Duration::from_secs(60);
    while browser.execute(&check, vec![]).await?.as_bool() != Some(true) {
        if Instant::now() > deadline {
            bail!("change {n} never showed in the desk");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

async fn memory(browser: &fantoccini::Client) -> Result<f64> {
    browser
        .execute(MEMORY, vec![])
        .await?
        .as_f64()
        .context("no wasm memory to read")
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
    browser.execute(ARRIVALS, vec![]).await?;
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
    let before = server.last_event_id().await?;
    let heard = Heard::default();
    let listener = listen(server.url(), anna.token.clone(), heard.clone());
    tokio::time::sleep(Duration::from_millis(300)).await; // connected before the first change

    // A minute at the rate: each change sent on its tick, whether or not the last answered.
    let total = (RATE_PER_SECOND * SECONDS) as usize;
    let mut sent = vec![0f64; total];
    let mut ticks = tokio::time::interval(Duration::from_micros(1_000_000 / RATE_PER_SECOND));
    let mut tasks = Vec::with_capacity(total);
    let mut memory_curve = Vec::new();
    for (n, at) in sent.iter_mut().enumerate() {
        ticks.tick().await;
        *at = now_ms();
        let (anna, rows) = (anna.clone(), rows.clone());
        tasks.push(tokio::spawn(async move {
            send(&anna, thread, change_of(n, &rows), n).await
        }));
        if (n + 1).is_multiple_of(MEMORY_STEP) {
            memory_curve.push(memory(browser).await?);
        }
    }
    let mut announced = Vec::with_capacity(total);
    for task in tasks {
        announced.push(task.await??);
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    if listener.is_finished() {
        listener.await??;
        bail!("the bench's own listener to the event stream ended early");
    }
    listener.abort();
    let heard = heard.lock().expect("the heard map").clone();
    if heard.is_empty() {
        bail!("the bench's own listener to the event stream heard nothing");
    }
    let seen = browser.execute(SEEN, vec![]).await?;
    let seen = seen.as_object().context("the page's records")?;
    let turn_of = browser.execute(TURN_OF, vec![]).await?;
    let turn_of = turn_of.as_object().context("the page's turns")?;
    let place = browser.execute(PLACE, vec![]).await?;
    let place = place.as_object().context("the page's places")?;
    let turn = |n: usize| turn_of.get(&n.to_string()).and_then(|v| v.as_u64());
    let place = |n: usize| place.get(&n.to_string()).and_then(|v| v.as_u64());
    let arrived = browser.execute(ARRIVED, vec![]).await?;
    let arrived = arrived.as_object().context("the page's arrivals")?;
    let published = published(server, before, &rows, total).await?;
    let (mut list_ms, mut thread_ms, mut request_ms) = (Vec::new(), Vec::new(), Vec::new());
    let (mut desk_ms, mut stream_ms, mut server_ms) = (Vec::new(), Vec::new(), Vec::new());
    let (mut superseded, mut coalesced) = (0, 0);
    let mut by_third: [Vec<f64>; 3] = Default::default();
    for (n, at) in sent.iter().enumerate() {
        if published[n].is_nan() && overtaken(n, &announced[n], &rows) {
            superseded += 1;
            continue;
        }
        let came = |n: usize| arrived.get(&n.to_string()).and_then(|v| v.as_f64());
        let Some(shown) = seen.get(&n.to_string()).and_then(|v| v.as_f64()) else {
            // Two tags on one row in one turn of the event loop: the row shows the one later
            // in the stream at once (one render), which is right; the other never reaches the
            // DOM.
            let row = row_of(n, &rows);
            let shown_instead = (0..total).find(|&other| {
                other != n
                    && row.is_some()
                    && row_of(other, &rows) == row
                    && turn(other).is_some()
                    && turn(other) == turn(n)
                    && place(other) > place(n)
                    && seen.contains_key(&other.to_string())
            });
            if came(n).is_some() && shown_instead.is_some() {
                coalesced += 1;
                continue;
            }
            let check = format!("return document.body.textContent.includes('bench-{n} ') || document.body.innerHTML.includes('bench-{n}<');");
            let there = browser.execute(&check, vec![]).await?;
            let cut_off = browser
                .execute(
                    "return window.__benchCutOff.has(arguments[0]);",
                    vec![n.to_string().into()],
                )
                .await?;
            bail!(
                "change {n} ({}) never showed in the desk (in the page now: {there}; published: {}; \
                 arrived in the stream: {:?}, its end in a later chunk: {cut_off}; \
                 the next change to its row arrived: {:?})",
                change_of(n, &rows).event_type(),
                !published[n].is_nan(),
                came(n),
                next_tag_on_its_row(n, total, &rows).and_then(came),
            );
        };
        if published[n].is_nan() {
            bail!("change {n} has no event in the log");
        }
        request_ms.push(shown - at);
        if let Some(came) = came(n) {
            desk_ms.push(shown - came);
            stream_ms.push(came - published[n]);
        }
        if let Some(heard) = heard.get(&n) {
            server_ms.push(heard - published[n]);
        }
        by_third[(3 * n / total).min(2)].push(shown - published[n]);
        match change_of(n, &rows) {
            Change::Tag { .. } => list_ms.push(shown - published[n]),
            Change::Note => thread_ms.push(shown - published[n]),
        }
    }

    // On to 50,000 changes, as fast as the server takes them, for the memory curve.
    let started = Instant::now();
    let mut next = total;
    while next < MEMORY_AFTER_MANY {
        let end = (next + 8).min(MEMORY_AFTER_MANY);
        let batch: Vec<_> = (next..end)
            .map(|n| {
                let (anna, rows) = (anna.clone(), rows.clone());
                tokio::spawn(async move { send(&anna, thread, change_of(n, &rows), n).await })
            })
            .collect();
        for task in batch {
            task.await??;
        }
        for n in next..end {
            if (n + 1).is_multiple_of(MEMORY_STEP) {
                shown(browser, n).await?;
                memory_curve.push(memory(browser).await?);
            }
        }
        next = end;
        if started.elapsed() > Duration::from_secs(900) {
            bail!("50,000 changes took over 15 minutes");
        }
    }
    Ok(LiveFigures {
        list_ms,
        thread_ms,
        request_ms,
        desk_ms,
        stream_ms,
        server_ms,
        memory: memory_curve,
        superseded,
        coalesced,
        by_third,
    })
}

fn superseded_note(superseded: usize, coalesced: usize) -> String {
    let mut note = String::new();
    if superseded > 0 {
        note += &format!(
            "{superseded} tag change(s) had no event of their own: another tag on the same row was \
             written between their write and their announcement, so the announcement carried \
             that one. "
        );
    }
    if coalesced > 0 {
        note += &format!(
            "{coalesced} tag change(s) reached the desk in the same turn of its event loop as a \
             newer event on the same row, which the row showed at once; they are not timed."
        );
    }
    note
}

pub fn report(figures: &LiveFigures, percentile: fn(&[f64], f64) -> f64) -> String {
    let all: Vec<f64> = figures
        .list_ms
        .iter()
        .chain(&figures.thread_ms)
        .copied()
        .collect();
    let p95 = percentile(&all, 0.95);
    let first = figures.memory.first().copied().unwrap_or(f64::NAN);
    let last = figures.memory.last().copied().unwrap_or(f64::NAN);
    let growth = last / first;
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
    let curve: Vec<String> = figures
        .memory
        .iter()
        .enumerate()
        .map(|(i, bytes)| {
            format!(
                "{}k: {:.1}",
                (i + 1) * MEMORY_STEP / 1000,
                bytes / 1_048_576.0
            )
        })
        .collect();
    format!(
        "\n## Live events\n\n\
         The desk signed in over the 10,000 interactions above, a thread open; changes sent at\n\
         {RATE_PER_SECOND} a second for {SECONDS} s, half `interaction_changed` (a tag on one of the rows on\n\
         screen) and half `message_added` (a note in the open thread). Event → DOM runs from the\n\
         server publishing the event (its `created_at` in the log, stamped once its payload is read,\n\
         just before it is committed and sent) to a MutationObserver in the page seeing its text:\n\
         the commit, the stream, the desk's parser, stores and the DOM update. {}\n\n\
         | change | events | median | p95 | max |\n|---|---|---|---|---|\n{}{}{}\n\
         Goal (issue 10): event → DOM p95 ≤ {P95_GOAL_MS} ms for both together — {}.\n\n\
         By third of the minute (the open thread grows by 1,000 notes in each): p95 {}.\n\n\
         From the request leaving the bench instead (the server's write added): {}\
         From publication to the event's bytes arriving in the desk's stream (commit, fan-out,\n\
         the socket, the browser's network thread, the page's main thread free to read them): {}\
         From publication to a plain HTTP client of the stream on the same machine (the server's\n\
         and the socket's share alone): {}\
         The desk's own share, from the event's bytes arriving in its stream to the DOM: {}\
         Wasm memory (MB) after every {MEMORY_STEP} events, the first {SECONDS} s at the rate and the\n\
         rest as fast as the server takes them: {}. After {MEMORY_AFTER_MANY} it is {growth:.2}× \
         the reading after {MEMORY_STEP}. Goal: under {MEMORY_GROWTH_GOAL}× — {}.\n",
        superseded_note(figures.superseded, figures.coalesced),
        row("list row (`interaction_changed`)", &figures.list_ms),
        row("open thread (`message_added`)", &figures.thread_ms),
        row("both", &all),
        verdict(p95 <= P95_GOAL_MS),
        figures
            .by_third
            .iter()
            .map(|third| format!("{:.1} ms", percentile(third, 0.95)))
            .collect::<Vec<_>>()
            .join(", "),
        format_args!(
            "median {:.1} ms, p95 {:.1} ms.\n",
            percentile(&figures.request_ms, 0.5),
            percentile(&figures.request_ms, 0.95)
        ),
        format_args!(
            "median {:.1} ms, p95 {:.1} ms.\n",
            percentile(&figures.stream_ms, 0.5),
            percentile(&figures.stream_ms, 0.95)
        ),
        format_args!(
            "median {:.1} ms, p95 {:.1} ms.\n",
            percentile(&figures.server_ms, 0.5),
            percentile(&figures.server_ms, 0.95)
        ),
        format_args!(
            "median {:.1} ms, p95 {:.1} ms ({} events).\n\n",
            percentile(&figures.desk_ms, 0.5),
            percentile(&figures.desk_ms, 0.95),
            figures.desk_ms.len()
        ),
        curve.join(", "),
        verdict(growth < MEMORY_GROWTH_GOAL),
    )
}
