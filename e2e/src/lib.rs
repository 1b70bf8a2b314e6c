//! Harness for end-to-end runs: the real reference server as a process over a SQLite file,
//! chromedriver, and headless Chromium sessions. Used by the e2e tests and `cargo xtask bench`.

pub mod customer_seed;
mod search_seed;
pub use search_seed::{rare_word, VOCABULARY};

use std::{
    net::{SocketAddr, TcpListener},
    path::{Path, PathBuf},
    process::Stdio,
    time::{Duration, Instant},
};

use anyhow::{bail, Context, Result};
use fantoccini::{Client, ClientBuilder, Locator};
use tokio::process::{Child, Command};

/// The workspace root (this crate lives in `e2e/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

pub fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

async fn wait_until_listening(addr: SocketAddr, what: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if tokio::net::TcpStream::connect(addr).await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    bail!("{what} did not start listening on {addr}")
}

/// The reference server binary, built by `cargo xtask test` (or `OMNI_SERVER_BIN`).
pub fn server_binary() -> Result<PathBuf> {
    let path = std::env::var_os("OMNI_SERVER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/debug/omni-server"));
    if !path.exists() {
        bail!(
            "no server binary at {}; run `cargo xtask test`",
            path.display()
        );
    }
    Ok(path)
}

/// The release build of the desk (`dist/`), built by `cargo xtask test` (or `OMNI_DIST`).
pub fn dist_dir() -> Result<PathBuf> {
    let dir = std::env::var_os("OMNI_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("dist"));
    if !dir.join("index.html").exists() {
        bail!("no built desk in {}; run `cargo xtask test`", dir.display());
    }
    Ok(dir)
}

/// One reference server process; its database outlives restarts.
pub struct Server {
    pub addr: SocketAddr,
    pub database: PathBuf,
    dist: PathBuf,
    extra_env: Vec<(String, String)>,
    child: Option<Child>,
}

impl Server {
    /// Starts on a free port over a new database file in `dir`, serving `dist`.
    pub async fn start(dir: &Path, dist: &Path, extra_env: &[(&str, &str)]) -> Result<Self> {
        let mut server = Server {
            addr: SocketAddr::from(([127, 0, 0, 1], free_port()?)),
            database: dir.join("omni-desk.db"),
            dist: dist.to_path_buf(),
            extra_env: extra_env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            child: None,
        };
        server.child = Some(server.spawn_at(server.addr).await?);
        Ok(server)
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Another process over the same database, on its own port (for changes made while the
    /// main address is down).
    pub async fn spawn_at(&self, addr: SocketAddr) -> Result<Child> {
        let mut command = Command::new(server_binary()?);
        command
            .env("OMNI_ADDR", addr.to_string())
            .env("OMNI_DB", &self.database)
            .env("OMNI_DIST", &self.dist)
            .env("RUST_LOG", "warn")
            .env("OMNI_INBOUND_KEY", INBOUND_KEY)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        for (key, value) in &self.extra_env {
            command.env(key, value);
        }
        let child = command.spawn().context("starting omni-server")?;
        wait_until_listening(addr, "omni-server").await?;
        Ok(child)
    }

    pub async fn kill(&mut self) -> Result<()> {
        if let Some(mut child) = self.child.take() {
            child.kill().await?;
        }
        Ok(())
    }

    /// Sets (or with `None` removes) an environment variable for the next start.
    pub fn set_env(&mut self, key: &str, value: Option<&str>) {
        self.extra_env.retain(|(k, _)| k != key);
        if let Some(value) = value {
            self.extra_env.push((key.to_owned(), value.to_owned()));
        }
    }

    /// Waits up to `within` for the process to end by itself (a fault switch); its exit code.
    pub async fn exited(&mut self, within: Duration) -> Result<Option<i32>> {
        let mut child = self.child.take().context("the server is not running")?;
        match tokio::time::timeout(within, child.wait()).await {
            Ok(status) => Ok(status?.code()),
            Err(_) => {
                self.child = Some(child);
                bail!("the server is still running after {within:?}")
            }
        }
    }

    pub async fn restart(&mut self) -> Result<()> {
        self.kill().await?;
        self.child = Some(self.spawn_at(self.addr).await?);
        Ok(())
    }
}

/// A chromedriver process on a free port.
pub struct Driver {
    pub port: u16,
    _child: Child,
}

impl Driver {
    pub async fn start() -> Result<Self> {
        let binary = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let port = free_port()?;
        let child = Command::new(&binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| {
                format!("starting {binary}; `cargo xtask test` installs chromium-driver")
            })?;
        wait_until_listening(SocketAddr::from(([127, 0, 0, 1], port)), "chromedriver").await?;
        Ok(Self {
            port,
            _child: child,
        })
    }

    /// A new headless Chromium session with a fresh profile, at `width` × `height`, with the
    /// flags in `OMNI_CHROME_ARGS` too (whitespace-separated).
    pub async fn browser(&self, width: u32, height: u32) -> Result<Client> {
        self.browser_with(width, height, None).await
    }

    /// A browser that blocks third-party cookies, as Chromium does by default in incognito
    /// and Safari always does: a CRM page's embedded panel gets none.
    pub async fn browser_blocking_third_party_cookies(
        &self,
        width: u32,
        height: u32,
    ) -> Result<Client> {
        let prefs = serde_json::json!({
            "profile.block_third_party_cookies": true,
            "profile.cookie_controls_mode": 1,
        });
        self.browser_with(width, height, Some(prefs)).await
    }

    /// A browser that refuses every site its cookies and storage ("Block all cookies" in
    /// Chromium's settings): `localStorage` and `sessionStorage` throw `SecurityError`.
    pub async fn browser_blocking_site_data(&self, width: u32, height: u32) -> Result<Client> {
        let prefs = serde_json::json!({ "profile.default_content_setting_values.cookies": 2 });
        self.browser_with(width, height, Some(prefs)).await
    }

    async fn browser_with(
        &self,
        width: u32,
        height: u32,
        prefs: Option<serde_json::Value>,
    ) -> Result<Client> {
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--autoplay-policy=no-user-gesture-required",
        ];
        let mut capabilities = serde_json::Map::new();
        let mut args: Vec<String> = args.iter().map(|arg| arg.to_string()).collect();
        // More flags for a look inside, e.g. `--trace-startup=… --trace-startup-format=json`.
        if let Ok(extra) = std::env::var("OMNI_CHROME_ARGS") {
            args.extend(extra.split_whitespace().map(String::from));
        }
        let mut options = serde_json::json!({ "args": args });
        if let Some(prefs) = prefs {
            options["prefs"] = prefs;
        }
        if Path::new("/usr/bin/chromium").exists() {
            options["binary"] = "/usr/bin/chromium".into();
        }
        capabilities.insert("goog:chromeOptions".into(), options);
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .context("opening a Chromium session")?;
        client.set_window_size(width, height).await?;
        Ok(client)
    }
}

/// The `value` of the first element matching `css` (an input's text), if there is one.
pub async fn value_of(client: &Client, css: &str) -> Option<String> {
    client
        .find(Locator::Css(css))
        .await
        .ok()?
        .prop("value")
        .await
        .ok()?
}

/// Waits up to `within` for the input at `css` to hold `wanted`.
pub async fn wait_for_value(
    client: &Client,
    css: &str,
    wanted: &str,
    within: Duration,
) -> Result<()> {
    eventually(&format!("{css} = {wanted:?}"), within, || async {
        (value_of(client, css).await.as_deref() == Some(wanted)).then_some(())
    })
    .await
}

/// Enters the page's first iframe (an embedded desk panel) once it is there: a page that
/// builds its frame with its WebAssembly has none for a moment after loading.
pub async fn enter_first_frame(client: &Client, within: Duration) -> Result<()> {
    client.enter_parent_frame().await.ok();
    eventually("the page's iframe", within, || async {
        match client.enter_frame(0).await {
            Ok(()) => Some(()),
            Err(_) => {
                client.enter_parent_frame().await.ok();
                None
            }
        }
    })
    .await
}

/// Waits up to `within` for `check` to return `Some`.
pub async fn eventually<T, F, Fut>(what: &str, within: Duration, mut check: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + within;
    loop {
        if let Some(value) = check().await {
            return Ok(value);
        }
        if Instant::now() > deadline {
            bail!("timed out after {within:?} waiting for {what}");
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// The text of the first element matching `css`, if there is one.
/// How many elements `css` finds now.
pub async fn count(client: &Client, css: &str) -> usize {
    client
        .find_all(Locator::Css(css))
        .await
        .map(|found| found.len())
        .unwrap_or(0)
}

/// Waits up to 10 s until `css` finds exactly `expected` elements.
pub async fn wait_for_count(client: &Client, css: &str, expected: usize) -> Result<()> {
    eventually(
        &format!("{expected} × {css}"),
        Duration::from_secs(10),
        || async { (count(client, css).await == expected).then_some(()) },
    )
    .await
}

pub async fn text_of(client: &Client, css: &str) -> Option<String> {
    client.find(Locator::Css(css)).await.ok()?.text().await.ok()
}

pub async fn attr_of(client: &Client, css: &str, name: &str) -> Option<String> {
    client
        .find(Locator::Css(css))
        .await
        .ok()?
        .attr(name)
        .await
        .ok()?
}

/// Clicks the element at `css` once it is there (waiting up to `within`).
pub async fn click_when_there(client: &Client, css: &str, within: Duration) -> Result<()> {
    client
        .wait()
        .at_most(within)
        .for_element(Locator::Css(css))
        .await
        .with_context(|| format!("waiting for {css}"))?
        .click()
        .await?;
    Ok(())
}

/// Waits up to `within` for the element at `css` to hold `wanted`; its whole text.
pub async fn wait_for_text(
    client: &Client,
    css: &str,
    wanted: &str,
    within: Duration,
) -> Result<String> {
    eventually(&format!("{css} holding {wanted:?}"), within, || async {
        text_of(client, css)
            .await
            .filter(|text| text.contains(wanted))
    })
    .await
}

/// Types into the sign-in form and submits it.
pub async fn sign_in(
    client: &Client,
    base_url: &str,
    username: &str,
    password: &str,
) -> Result<()> {
    fill_sign_in(client, base_url, username, password).await?;
    client
        .find(Locator::Css("button[type=submit]"))
        .await?
        .click()
        .await?;
    Ok(())
}

/// Signs `username` in and makes them Available ("Ready to work"), so offers reach them.
pub async fn sign_in_ready(
    client: &Client,
    base_url: &str,
    username: &str,
    password: &str,
) -> Result<()> {
    sign_in(client, base_url, username, password).await?;
    let wait = Duration::from_secs(20);
    client
        .wait()
        .at_most(wait)
        .for_element(Locator::Css(".button--ready"))
        .await?
        .click()
        .await?;
    client
        .wait()
        .at_most(wait)
        .for_element(Locator::Css("[data-status=available]"))
        .await?;
    Ok(())
}

/// Opens the desk and types into the sign-in form, without submitting it.
pub async fn fill_sign_in(
    client: &Client,
    base_url: &str,
    username: &str,
    password: &str,
) -> Result<()> {
    client.goto(base_url).await?;
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("#sign-in-username"))
        .await?
        .send_keys(username)
        .await?;
    client
        .find(Locator::Css("#sign-in-password"))
        .await?
        .send_keys(password)
        .await?;
    Ok(())
}

/// Saves a PNG of the page to `target/screenshots/<name>.png`.
pub async fn screenshot(client: &Client, name: &str) -> Result<PathBuf> {
    let dir = workspace_root().join("target/screenshots");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{name}.png"));
    std::fs::write(&path, client.screenshot().await?)?;
    Ok(path)
}

/// Inbound key the harness gives every server it starts.
pub const INBOUND_KEY: &str = "e2e-inbound-key";

impl Server {
    /// Changes a queue's timers and mode directly in the database (there is no admin API
    /// yet); the running server reads queues afresh on every routing pass.
    pub async fn tune_queue(
        &self,
        name: &str,
        acceptance: i64,
        post_processing: i64,
        ring_all: bool,
    ) -> Result<()> {
        let url = format!("sqlite://{}", self.database.display());
        let pool = sqlx::SqlitePool::connect(&url).await?;
        sqlx::query(
            "UPDATE queues SET acceptance_seconds = ?, post_processing_seconds = ?, ring_all = ? WHERE name = ?",
        )
        .bind(acceptance)
        .bind(post_processing)
        .bind(ring_all)
        .bind(name)
        .execute(&pool)
        .await?;
        pool.close().await;
        Ok(())
    }

    /// A customer contact arrives in `queue` (by name), through `POST /api/v1/inbound`.
    pub async fn inbound(
        &self,
        queue: &str,
        customer_id: i64,
        subject: &str,
        body: &str,
    ) -> Result<i64> {
        let http = reqwest::Client::new();
        let token = api_sign_in(&self.url(), "anna", "anna-demo").await?;
        let queues: serde_json::Value = http
            .get(format!("{}/api/v1/queues", self.url()))
            .bearer_auth(&token)
            .send()
            .await?
            .json()
            .await?;
        let queue_id = queues
            .as_array()
            .and_then(|all| all.iter().find(|q| q["name"] == queue))
            .and_then(|q| q["id"].as_i64())
            .with_context(|| format!("no queue {queue}"))?;
        let answer = http
            .post(format!("{}/api/v1/inbound", self.url()))
            .header("x-inbound-key", INBOUND_KEY)
            .json(&serde_json::json!({"queue_id": queue_id, "customer_id": customer_id, "subject": subject, "body": body}))
            .send()
            .await?;
        if !answer.status().is_success() {
            bail!("inbound refused: {}", answer.text().await?);
        }
        let created: serde_json::Value = answer.json().await?;
        created["id"].as_i64().context("inbound answer has no id")
    }
}

impl Server {
    /// Runs one SQL statement on the server's database (set-ups there is no admin API for).
    pub async fn execute(&self, sql: &str) -> Result<()> {
        let url = format!("sqlite://{}", self.database.display());
        let pool = sqlx::SqlitePool::connect(&url).await?;
        sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(&pool)
            .await?;
        pool.close().await;
        Ok(())
    }

    /// The `.eml` files the server delivered to its outbox (beside the database), oldest first.
    pub fn outbox(&self) -> Result<Vec<Vec<u8>>> {
        let dir = self
            .database
            .parent()
            .context("database has a folder")?
            .join("outbox");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Ok(vec![]);
        };
        let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|e| e == "eml"))
            .filter_map(|path| Some((std::fs::metadata(&path).ok()?.modified().ok()?, path)))
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|(_, path)| Ok(std::fs::read(path)?))
            .collect()
    }
}

impl Server {
    /// A raw MIME email arrives in `queue` (by id), through `POST /api/v1/inbound/email`.
    pub async fn inbound_email(&self, queue_id: i64, raw: &[u8]) -> Result<i64> {
        let answer = reqwest::Client::new()
            .post(format!(
                "{}/api/v1/inbound/email?queue_id={queue_id}",
                self.url()
            ))
            .header("x-inbound-key", INBOUND_KEY)
            .header("content-type", "message/rfc822")
            .body(raw.to_vec())
            .send()
            .await?;
        if !answer.status().is_success() {
            bail!("inbound email refused: {}", answer.text().await?);
        }
        let created: serde_json::Value = answer.json().await?;
        created["id"].as_i64().context("inbound answer has no id")
    }
}

impl Server {
    /// Fills the database for measurements: `count` closed or waiting email interactions
    /// with one message each, and one interaction of `agent` (username) holding a thread of
    /// `thread` messages, open. Returns the long thread's interaction id.
    pub async fn seed_bulk(&self, count: usize, agent: &str, thread: usize) -> Result<i64> {
        let url = format!("sqlite://{}", self.database.display());
        let pool = sqlx::SqlitePool::connect(&url).await?;
        let mut tx = pool.begin().await?;
        let from = r#"{"name":"Maria Rossi","address":"maria.rossi@example.com"}"#;
        for n in 0..count as i64 {
            let state = if n % 3 == 0 { "queued" } else { "closed" };
            let at = 1_700_000_000_000 + n * 60_000;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO interactions (queue_id, channel, customer_id, contact_address, subject, first_message, \
                 state, created_at, accepted_at, closed_at, last_message_at, last_message_direction, \
                 last_message_preview) VALUES (1, 'email', ?, 'maria.rossi@example.com', ?, 'Hello', ?, ?, ?, ?, ?, \
                 'inbound', 'Hello, about my order') RETURNING id",
            )
            .bind(n % 8 + 1)
            .bind(format!("Bulk question {n}"))
            .bind(state)
            .bind(at)
            .bind((state == "closed").then_some(at + 1_000))
            .bind((state == "closed").then_some(at + 2_000))
            .bind(at)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO messages (interaction_id, direction, kind, from_json, sent_at, body_text, created_at) \
                 VALUES (?, 'inbound', 'email', ?, ?, 'Hello, about my order', ?)",
            )
            .bind(id)
            .bind(from)
            .bind(at)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
        let agent_id: i64 = sqlx::query_scalar("SELECT id FROM agents WHERE username = ?")
            .bind(agent)
            .fetch_one(&mut *tx)
            .await?;
        let long: i64 = sqlx::query_scalar(
            "INSERT INTO interactions (queue_id, channel, customer_id, subject, first_message, state, agent_id, \
             created_at, accepted_at) VALUES (1, 'email', 1, 'A very long conversation', 'Hello', 'active', ?, ?, ?) \
             RETURNING id",
        )
        .bind(agent_id)
        .bind(1_700_000_000_000i64)
        .bind(1_700_000_000_000i64)
        .fetch_one(&mut *tx)
        .await?;
        for n in 0..thread as i64 {
            let body = format!("Message {n}: thanks for the update.\n\nOn an earlier day, Support wrote:\n> previous text");
            sqlx::query(
                "INSERT INTO messages (interaction_id, direction, kind, from_json, sent_at, body_text, body_html, \
                 created_at) VALUES (?, ?, 'email', ?, ?, ?, ?, ?)",
            )
            .bind(long)
            .bind(if n % 2 == 0 { "inbound" } else { "outbound" })
            .bind(from)
            .bind(1_700_000_000_000 + n * 1_000)
            .bind(&body)
            .bind((n % 10 == 0).then(|| format!("<p>Message {n} with <b>HTML</b></p>")))
            .bind(1_700_000_000_000 + n * 1_000)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        pool.close().await;
        Ok(long)
    }
}

/// Signs in over the API (not the browser); returns the bearer token.
pub async fn api_sign_in(base_url: &str, username: &str, password: &str) -> Result<String> {
    let answer: serde_json::Value = reqwest::Client::new()
        .post(format!("{base_url}/api/v1/session"))
        .json(&serde_json::json!({"username": username, "password": password}))
        .send()
        .await?
        .json()
        .await?;
    answer["token"]
        .as_str()
        .map(str::to_owned)
        .context("sign-in answer has no token")
}

/// An agent's session on the API, for set-ups and for reading what the server says.
pub struct AgentApi {
    base: String,
    pub token: String,
    http: reqwest::Client,
}

impl AgentApi {
    /// The id of the queue called `name`.
    pub async fn queue_id(&self, name: &str) -> Result<i64> {
        let queues = self.get("/api/v1/queues").await?;
        queues
            .as_array()
            .and_then(|all| all.iter().find(|q| q["name"] == name))
            .and_then(|q| q["id"].as_i64())
            .with_context(|| format!("the queue {name}"))
    }

    pub async fn sign_in(base_url: &str, username: &str, password: &str) -> Result<Self> {
        Ok(Self {
            base: base_url.to_owned(),
            token: api_sign_in(base_url, username, password).await?,
            http: reqwest::Client::new(),
        })
    }

    /// The same agent's token on another server process (over the same database).
    pub fn at(&self, base_url: &str) -> Self {
        Self {
            base: base_url.to_owned(),
            token: self.token.clone(),
            http: reqwest::Client::new(),
        }
    }

    /// `GET path` as JSON.
    pub async fn get(&self, path: &str) -> Result<serde_json::Value> {
        let answer = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await?;
        let status = answer.status();
        let body = answer.text().await?;
        if !status.is_success() {
            bail!("GET {path}: {status} {body}");
        }
        Ok(serde_json::from_str(&body)?)
    }

    /// `method path` with a JSON body; fails unless the answer is a success.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: serde_json::Value,
    ) -> Result<serde_json::Value> {
        let answer = self
            .http
            .request(method.clone(), format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await?;
        let status = answer.status();
        let text = answer.text().await?;
        if !status.is_success() {
            bail!("{method} {path}: {status} {text}");
        }
        Ok(serde_json::from_str(&text).unwrap_or_default())
    }
}

impl Server {
    /// The logged events after `after`: `(type, created_at ms, payload JSON)`, oldest first.
    /// `created_at` is when the server published each, on this machine's clock.
    pub async fn events_after(&self, after: i64) -> Result<Vec<(String, i64, String)>> {
        let url = format!("sqlite://{}", self.database.display());
        let pool = sqlx::SqlitePool::connect(&url).await?;
        let rows =
            sqlx::query_as("SELECT type, created_at, payload FROM events WHERE id > ? ORDER BY id")
                .bind(after)
                .fetch_all(&pool)
                .await?;
        pool.close().await;
        Ok(rows)
    }

    /// The newest event id in the log (0 when there is none).
    pub async fn last_event_id(&self) -> Result<i64> {
        let url = format!("sqlite://{}", self.database.display());
        let pool = sqlx::SqlitePool::connect(&url).await?;
        let id = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM events")
            .fetch_one(&pool)
            .await?;
        pool.close().await;
        Ok(id)
    }
}

/// The agent's first pending offer once there is one (within 10 s): (offer id, interaction
/// id, `offered_at`), read from `GET /me/work` (the benches time from `offered_at`).
pub async fn first_offer(base_url: &str, token: &str) -> Result<(i64, i64, f64)> {
    let http = reqwest::Client::new();
    eventually("the offer", Duration::from_secs(10), || async {
        let work: serde_json::Value = http
            .get(format!("{base_url}/api/v1/me/work"))
            .bearer_auth(token)
            .send()
            .await
            .ok()?
            .json()
            .await
            .ok()?;
        let offer = work["offers"].get(0)?;
        Some((
            offer["id"].as_i64()?,
            offer["interaction"]["id"].as_i64()?,
            offer["offered_at"].as_f64()?,
        ))
    })
    .await
}

/// Accepts offer `offer_id` and ends its interaction over the API, so that the agent is
/// free for the next (a queue without post-processing).
pub async fn accept_and_end(
    base_url: &str,
    token: &str,
    offer_id: i64,
    interaction_id: i64,
) -> Result<()> {
    let http = reqwest::Client::new();
    for path in [
        format!("/api/v1/offers/{offer_id}/accept"),
        format!("/api/v1/interactions/{interaction_id}/end"),
    ] {
        let answer = http
            .post(format!("{base_url}{path}"))
            .bearer_auth(token)
            .send()
            .await?;
        if !answer.status().is_success() {
            bail!("{path}: {}", answer.text().await?);
        }
    }
    Ok(())
}
