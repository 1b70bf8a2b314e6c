//! Typing into a long draft: how long each keystroke takes to be handled (the desk's
//! handler, its effects and rendering), and how long until local storage holds it.

use std::time::Duration;

use anyhow::{Context, Result};
use fantoccini::Locator;
use omni_e2e::{eventually, sign_in_ready, Driver, Server};

use crate::shell::scratch_dir;

/// The body the agent types into, as the issue sets it.
const BODY_CHARS: usize = 40_000;
const KEYSTROKES: usize = 200;
/// Between keystrokes: a fast typist (about 12 characters a second).
const TYPING_GAP_MS: u64 = 80;

const EMAIL: &str = "From: \"Maria Rossi\" <maria.rossi@example.com>\r\n\
To: Support <support@omni-desk.test>\r\nSubject: A long answer\r\n\
Message-ID: <bench-draft-1@example.com>\r\nMIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\nPlease explain everything.\r\n";

pub struct DraftFigures {
    /// The desk's work for a keystroke: its `input` handler, then the effects and render
    /// it queued.
    pub handled_ms: Vec<f64>,
    /// Key → the page's next task: the browser's editing of the long text included.
    pub total_ms: Vec<f64>,
    /// `input` heard → the page's next task.
    pub from_input_ms: Vec<f64>,
    /// The same two for a bare textarea holding the same text, without the desk.
    pub bare_total_ms: Vec<f64>,
    pub bare_from_input_ms: Vec<f64>,
    pub stored_ms: Vec<f64>,
    pub long_tasks: usize,
}

/// An async WebDriver script. Fills the body with `arguments[0]` characters, waits for the
/// draft to be stored, then types `arguments[1]` characters at the start, `arguments[2]` ms
/// apart, through the browser's editing (`insertText`, what a key press does: the text
/// changes where the caret is, then `input`). Each is
/// handled once the page runs its next task (every microtask, effect and render done);
/// stored when `setItem` writes a draft that long. Calls back with both lists and the
/// number of tasks over 50 ms meanwhile.
const TYPE_AND_MEASURE: &str = "const [chars, count, gap, done] = arguments;
  const t = document.querySelector('.body-editor__text');
  const writes = [];
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    setItem.call(this, key, value);
    if (key.startsWith('omni-desk.draft|')) writes.push([performance.now(), value.length]);
  };
  let long = 0;
  new PerformanceObserver(list => { long += list.getEntries().length; }).observe({ type: 'longtask' });
  const channel = new MessageChannel();
  let next;
  channel.port1.onmessage = () => next(performance.now());
  const afterTasks = () => new Promise(r => { next = r; channel.port2.postMessage(0); });
  const sleep = ms => new Promise(r => setTimeout(r, ms));
  const key = (text, at) => { t.value = text; t.setSelectionRange(at, at);
    t.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: 'a' })); };
  (async () => {
    key('lorem ipsum '.repeat(chars / 12 + 1).slice(0, chars) + t.value, 0);
    await sleep(1500);
    long = 0;
    const base = writes.length ? writes[writes.length - 1][1] : 0;
    const handled = [], typed = [];
    // Each keystroke: `start` before the key goes in; `heard` and `passed` when the page's
    // first and last `input` listeners run (capturing and bubbling on window: the desk's
    // handler runs between them); `returned` when the browser's editing is done; `settled`
    // once the microtasks queued meanwhile (the desk's effects and render) have run; `end`
    // when the page runs its next task.
    let heard = 0, passed = 0;
    const first = () => { heard = performance.now(); };
    const last = () => { passed = performance.now(); };
    window.addEventListener('input', first, true);
    window.addEventListener('input', last, false);
    const settle = async () => { for (let i = 0; i < 20; i++) await null; return performance.now(); };
    const keystrokes = async (area, n) => {
      area.focus();
      area.setSelectionRange(0, 0);
      const total = [], fromInput = [], desk = [], starts = [];
      for (let i = 0; i < n; i++) {
        const start = performance.now();
        document.execCommand('insertText', false, 'a');
        const returned = performance.now();
        const settled = await settle();
        const end = await afterTasks();
        total.push(end - start);
        fromInput.push(end - heard);
        desk.push((passed - heard) + (settled - returned));
        starts.push(start);
        await sleep(gap);
      }
      return [desk, total, fromInput, starts];
    };
    // The browser alone: the same keystrokes into a bare textarea of the same size.
    const bare = document.createElement('textarea');
    bare.className = t.className; bare.rows = t.rows; bare.value = t.value;
    t.parentElement.appendChild(bare);
    const [bareDesk, bareTotal, bareFromInput] = await keystrokes(bare, 100);
    bare.remove();
    const [desk, total, fromInput, starts] = await keystrokes(t, count);
    window.removeEventListener('input', first, true);
    window.removeEventListener('input', last, false);
    handled.push(...desk);
    typed.push(...starts);
    window.__benchExtra = [total, fromInput, bareTotal, bareFromInput, bareDesk];
    await sleep(1500);
    const stored = typed.map((at, i) => {
      const write = writes.find(([when, length]) => when >= at && length >= base + i + 1);
      return write ? write[0] - at : -1;
    });
    Storage.prototype.setItem = setItem;
    done([handled, stored, long, ...window.__benchExtra]);
  })();";

pub async fn draft_figures(dist: &std::path::Path) -> Result<DraftFigures> {
    let dir = tempfile::tempdir_in(scratch_dir()?)?;
    let server = Server::start(dir.path(), dist, &[]).await?;
    server.tune_queue("Support Email", 30, 0, false).await?;
    let driver = Driver::start().await?;
    let browser = driver.browser(1280, 900).await?;
    let measured = async {
        sign_in_ready(&browser, &server.url(), "anna", "anna-demo").await?;
        let wait = Duration::from_secs(20);
        server.inbound_email(1, EMAIL.as_bytes()).await?;
        eventually("the offer accepted", wait, || async {
            let accept = browser
                .find(Locator::Css(".offer-card__accept"))
                .await
                .ok()?;
            accept.click().await.ok()
        })
        .await?;
        eventually("Reply", wait, || async {
            let reply = browser
                .find(Locator::XPath("//button[normalize-space()='Reply']"))
                .await
                .ok()?;
            reply.click().await.ok()
        })
        .await?;
        browser
            .wait()
            .at_most(wait)
            .for_element(Locator::Css(".body-editor__text"))
            .await?;
        // The typing takes longer than WebDriver's default 30 s for a script.
        browser
            .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
                Some(Duration::from_secs(120)),
                Some(Duration::from_secs(60)),
                Some(Duration::ZERO),
            ))
            .await?;
        let answer = browser
            .execute_async(
                TYPE_AND_MEASURE,
                vec![BODY_CHARS.into(), KEYSTROKES.into(), TYPING_GAP_MS.into()],
            )
            .await?;
        let list = |n: usize| -> Result<Vec<f64>> {
            answer[n]
                .as_array()
                .context("the page's figures")?
                .iter()
                .map(|v| v.as_f64().context("a figure"))
                .collect()
        };
        Ok::<_, anyhow::Error>(DraftFigures {
            handled_ms: list(0)?,
            stored_ms: list(1)?,
            long_tasks: answer[2].as_u64().unwrap_or_default() as usize,
            total_ms: list(3)?,
            from_input_ms: list(4)?,
            bare_total_ms: list(5)?,
            bare_from_input_ms: list(6)?,
        })
    }
    .await;
    browser.close().await.ok();
    measured
}

pub fn report(figures: &DraftFigures, percentile: fn(&[f64], f64) -> f64) -> String {
    let stored: Vec<f64> = figures
        .stored_ms
        .iter()
        .copied()
        .filter(|ms| *ms >= 0.0)
        .collect();
    let never = figures.stored_ms.len() - stored.len();
    let max = |values: &[f64]| values.iter().copied().fold(0.0, f64::max);
    format!(
        "\n## Typing into a long draft\n\n\
         A reply whose body holds {BODY_CHARS} characters; {KEYSTROKES} keystrokes at its start, \
         {TYPING_GAP_MS} ms apart, typed through the browser's own editing (`insertText`, as a key \
         press: the text changes at the caret, then `input`), Autosave on. \"Handled\" is the \
         desk's work for a keystroke: its `input` handler (between a first and a last listener \
         on window), then the effects and render it queued (the microtasks run once the \
         browser's editing returns). \"Stored\" runs until local storage holds a draft with that \
         keystroke in it. The browser's own editing of a text this long is measured beside it, \
         with the same keystrokes into a bare textarea: it is the same with and without the \
         desk, and it is most of what a keystroke costs here (headless Chromium, software \
         rendering, 2 cores).\n\n\
         | figure | p50 | p95 | max | goal (issue 12) |\n|---|---|---|---|---|\n\
         | keystroke → handled (the desk's work) | {:.2} ms | {:.2} ms | {:.2} ms | p95 ≤ 4 ms |\n\
         | keystroke → stored | {:.0} ms | {:.0} ms | {:.0} ms | ≤ 1 s |\n\
         | key → next task, in the desk (the browser's editing included) | {:.1} ms | {:.1} ms | {:.1} ms | |\n\
         | … in a bare textarea | {:.1} ms | {:.1} ms | {:.1} ms | |\n\
         | `input` → next task, in the desk | {:.1} ms | {:.1} ms | {:.1} ms | |\n\
         | … in a bare textarea | {:.1} ms | {:.1} ms | {:.1} ms | |\n\n\
         Keystrokes never stored: {never}. Tasks over 50 ms while typing (saves included): {}.\n",
        percentile(&figures.handled_ms, 0.5),
        percentile(&figures.handled_ms, 0.95),
        max(&figures.handled_ms),
        percentile(&stored, 0.5),
        percentile(&stored, 0.95),
        max(&stored),
        percentile(&figures.total_ms, 0.5),
        percentile(&figures.total_ms, 0.95),
        max(&figures.total_ms),
        percentile(&figures.bare_total_ms, 0.5),
        percentile(&figures.bare_total_ms, 0.95),
        max(&figures.bare_total_ms),
        percentile(&figures.from_input_ms, 0.5),
        percentile(&figures.from_input_ms, 0.95),
        max(&figures.from_input_ms),
        percentile(&figures.bare_from_input_ms, 0.5),
        percentile(&figures.bare_from_input_ms, 0.95),
        max(&figures.bare_from_input_ms),
        figures.long_tasks,
    )
}
