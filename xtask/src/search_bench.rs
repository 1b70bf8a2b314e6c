//! Searching 100,000 interactions and 300,000 messages: the server's time for a quick
//! search and for a three-condition advanced search (over HTTP, on this machine), and the
//! desk's time from the search's answer to its rows on screen.

use std::time::{Duration, Instant};

use anyhow::{ensure, Context, Result};
use omni_e2e::{api_sign_in, rare_word, Driver, Server, VOCABULARY};
use omni_protocol::list::query_value;

use crate::shell::scratch_dir;

pub const INTERACTIONS: usize = 100_000;
const MESSAGES_EACH: usize = 3;
/// Searches timed on the server, of each kind.
const SERVER_RUNS: usize = 60;
/// Quick searches typed into the desk and timed to their rows.
const DESK_RUNS: usize = 15;

pub struct SearchFigures {
    pub quick_ms: Vec<f64>,
    /// Quick searches for a word most interactions hold.
    pub common_ms: Vec<f64>,
    pub common_found: Vec<f64>,
    /// Quick searches that find nothing.
    pub nobody_ms: Vec<f64>,
    pub advanced_ms: Vec<f64>,
    /// Answer read → rows rendered, in the desk.
    pub render_ms: Vec<f64>,
    /// How many interactions the searches found (the total of each answer), median.
    pub quick_found: Vec<f64>,
    pub seed_seconds: f64,
}

/// A quick search an agent types, by kind: a customer's surname (folded), an interaction
/// number from a subject, a word of middling rank, the prefix of one, two words.
fn quick_text(n: usize) -> String {
    const SURNAMES: [&str; 5] = ["muller", "lopez", "nielsen", "ivanova", "mensah"];
    match n % 5 {
        0 => SURNAMES[(n / 5) % SURNAMES.len()].to_owned(),
        1 => format!("{}", 1_000 + n * 997 % 90_000),
        2 => rare_word(200 + n * 37 % 2_000),
        3 => rare_word(100 + n * 53 % 2_000).chars().take(5).collect(),
        _ => format!("{} {}", VOCABULARY[n % 10], rare_word(50 + n % 300)),
    }
}

/// A surname nobody has: the search finds nothing.
fn nobody_text(n: usize) -> String {
    const NOBODY: [&str; 3] = ["whitcombe", "yardley", "oyelaran"];
    NOBODY[n % NOBODY.len()].to_owned()
}

/// A word in most interactions (the most frequent words of the texts).
fn common_text(n: usize) -> String {
    VOCABULARY[n % 12].to_owned()
}

/// Subject contains a word, status is queued or closed, arrived after a day.
fn advanced_query(n: usize) -> String {
    let word = VOCABULARY[(n * 5) % VOCABULARY.len()];
    let search = serde_json::json!({"join": "all", "conditions": [
        {"field": "subject", "op": "contains", "value": {"text": word}},
        {"field": "status", "op": "is_any_of", "value": {"choices": ["queued", "closed"]}},
        {"field": "arrived", "op": "after", "value": {"date": "2023-12-01"}},
    ]});
    format!("search={}&tz=0", query_value(&search.to_string()))
}

/// One search over HTTP: its time and the total it found.
async fn timed(http: &reqwest::Client, url: &str, token: &str) -> Result<(f64, f64)> {
    let started = Instant::now();
    let answer = http.get(url).bearer_auth(token).send().await?;
    ensure!(answer.status().is_success(), "{url}: {}", answer.status());
    let page: serde_json::Value = answer.json().await?;
    let ms = started.elapsed().as_secs_f64() * 1_000.0;
    Ok((ms, page["total"].as_f64().unwrap_or_default()))
}

/// An async WebDriver script: types `arguments[0]` into the quick search, presses Enter and
/// calls back once one more `arguments[1]` mark exists.
const SEARCH_AND_AWAIT_MARK: &str = "const [text, name, done] = arguments;
    const before = performance.getEntriesByName(name).length;
    const observer = new PerformanceObserver(() => {
      if (performance.getEntriesByName(name).length > before) { observer.disconnect(); done(true); }
    });
    observer.observe({ type: 'mark' });
    const box = document.querySelector('#quick-search');
    box.value = text;
    box.dispatchEvent(new Event('input', { bubbles: true }));
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));";

pub async fn search_figures(dist: &std::path::Path) -> Result<SearchFigures> {
    use omni_desk::actions::list::{LIST_ANSWER_MARK, LIST_RENDERED_MARK};
    let dir = tempfile::tempdir_in(scratch_dir()?)?;
    let server = Server::start(dir.path(), dist, &[]).await?;
    let seeding = Instant::now();
    server.seed_search(INTERACTIONS, MESSAGES_EACH).await?;
    let seed_seconds = seeding.elapsed().as_secs_f64();
    let token = api_sign_in(&server.url(), "anna", "anna-demo").await?;
    let http = reqwest::Client::new();
    // No channel: a search spans every channel, as the desk asks it.
    let list = format!("{}/api/v1/interactions?limit=30", server.url());
    // Warm the page cache as a running server has it.
    timed(&http, &list, &token).await?;
    let (mut quick_ms, mut advanced_ms, mut quick_found) = (Vec::new(), Vec::new(), Vec::new());
    let (mut common_ms, mut common_found, mut nobody_ms) = (Vec::new(), Vec::new(), Vec::new());
    for n in 0..SERVER_RUNS {
        let (ms, found) = timed(
            &http,
            &format!("{list}&q={}", query_value(&common_text(n))),
            &token,
        )
        .await?;
        common_ms.push(ms);
        common_found.push(found);
        let (ms, found) = timed(
            &http,
            &format!("{list}&q={}", query_value(&quick_text(n))),
            &token,
        )
        .await?;
        quick_ms.push(ms);
        quick_found.push(found);
        let (ms, found) = timed(
            &http,
            &format!("{list}&q={}", query_value(&nobody_text(n))),
            &token,
        )
        .await?;
        ensure!(found == 0.0, "{:?} found {found}", nobody_text(n));
        nobody_ms.push(ms);
        let (ms, _) = timed(&http, &format!("{list}&{}", advanced_query(n)), &token).await?;
        advanced_ms.push(ms);
    }

    let driver = Driver::start().await?;
    let browser = driver.browser(1280, 900).await?;
    let measured = async {
        omni_e2e::sign_in(&browser, &server.url(), "anna", "anna-demo").await?;
        browser
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(fantoccini::Locator::Css(".list-row"))
            .await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let mut render_ms = Vec::new();
        for n in 0..DESK_RUNS {
            browser
                .execute_async(
                    SEARCH_AND_AWAIT_MARK,
                    vec![quick_text(n + 1).into(), LIST_RENDERED_MARK.into()],
                )
                .await?;
            render_ms.push(
                crate::bench::between_marks(&browser, LIST_ANSWER_MARK, LIST_RENDERED_MARK).await?,
            );
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        Ok::<_, anyhow::Error>(render_ms)
    }
    .await;
    browser.close().await.ok();
    let render_ms = measured.context("the desk's search rendering")?;
    Ok(SearchFigures {
        quick_ms,
        common_ms,
        common_found,
        nobody_ms,
        advanced_ms,
        render_ms,
        quick_found,
        seed_seconds,
    })
}

pub fn report(figures: &SearchFigures, percentile: fn(&[f64], f64) -> f64) -> String {
    let row = |what: &str, values: &[f64], goal: &str| {
        format!(
            "| {what} | {:.1} | {:.1} | {goal} |\n",
            percentile(values, 0.5),
            percentile(values, 0.95)
        )
    };
    format!(
        "\n## Search: {INTERACTIONS} interactions, {} messages\n\n\
         Seeded in {:.0} s (FTS5 indexes filled by their triggers); texts drawn by Zipf's law from \
         48 common and 20,000 rarer words. Server times are one HTTP request each from the bench on \
         this machine, a page of 30 with its total. Quick searches cycle through what agents type: \
         a surname (folded: \"muller\"), an interaction number, a rarer word, a 5-letter prefix, two \
         words (they find {:.0} interactions at the median); the common-word row searches words that \
         most interactions hold (median {:.0} found). The advanced search is *subject contains a \
         word, status is any of queued/closed, arrived after 2023-12-01*. The desk's time runs from \
         the answer read to its rows rendered.\n\n\
         | measure | median ms | p95 ms | goal |\n|---|---|---|---|\n{}{}{}{}{}",
        INTERACTIONS * MESSAGES_EACH,
        figures.seed_seconds,
        percentile(&figures.quick_found, 0.5),
        percentile(&figures.common_found, 0.5),
        row("quick search, server", &figures.quick_ms, "p95 ≤ 30 ms"),
        row("quick search for a word most interactions hold, server", &figures.common_ms, "—"),
        row("quick search for a surname nobody has, server", &figures.nobody_ms, "—"),
        row("3-condition advanced search, server", &figures.advanced_ms, "p95 ≤ 50 ms"),
        row("search results rendered after the answer, desk", &figures.render_ms, "≤ 16 ms"),
    )
}
