//! Deployment settings, read from `OMNI_*` environment variables.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

#[derive(Debug, Clone)]
pub struct Config {
    /// `OMNI_ADDR`, default `127.0.0.1:8080`.
    pub addr: SocketAddr,
    /// `OMNI_DB`: the SQLite file, created and migrated on first start.
    pub database: PathBuf,
    /// `OMNI_FILES`: attachments and raw message sources; default `files/` beside the database.
    pub files_dir: Option<PathBuf>,
    /// `OMNI_DIST`: the built desk (Trunk's `dist/`).
    pub dist_dir: PathBuf,
    /// `OMNI_FRAME_ANCESTORS`: who may embed the desk in an iframe (CSP `frame-ancestors`).
    pub frame_ancestors: String,
    /// `OMNI_CONNECT_SRC`: where the desk may connect besides its own origin (CSP `connect-src`),
    /// e.g. the API's origin when `config.json` points elsewhere.
    pub connect_src: String,
    /// `OMNI_CORS_ORIGINS`: comma-separated origins allowed to call the API cross-origin, or `*`.
    pub cors_origins: Vec<String>,
    /// `OMNI_SESSION_HOURS`: bearer token lifetime.
    pub session_ttl: Duration,
    /// `OMNI_EVENT_LOG_KEEP`: how many events the replay log keeps.
    pub event_log_keep: u64,
    /// `OMNI_SEED_DEMO`: seed demo agents, queues and customers into an empty database.
    pub seed_demo: bool,
    /// `OMNI_DEMO_INTERACTIONS`: with the demo seed, also a history of 67 email interactions
    /// in every state (`cargo xtask run` sets it; tests start without).
    pub demo_history: bool,
    /// `OMNI_TRUSTED_PROXIES`: comma-separated addresses of reverse proxies in front of the
    /// server; from them, the client is the last `X-Forwarded-For` address (for the sign-in
    /// pause per address). Without it, the connection's address.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// `OMNI_INBOUND_KEY`: enables `POST /api/v1/inbound` for callers sending this key.
    pub inbound_key: Option<String>,
    /// `OMNI_SIMULATOR_PER_MINUTE`: inbound contacts the traffic simulator creates; 0 = off.
    pub simulator_per_minute: f64,
    /// `OMNI_OUTBOX`: where sent mail is written as `.eml` files when no SMTP server is set;
    /// default `outbox/` beside the database.
    pub outbox_dir: Option<PathBuf>,
    /// `OMNI_SMTP_URL`: deliver through this SMTP server instead, e.g.
    /// `smtp://user:password@mail.example.com:587?tls=required` or `smtps://…:465`.
    pub smtp_url: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database: PathBuf::from("data/omni-desk.db"),
            files_dir: None,
            dist_dir: PathBuf::from("dist"),
            frame_ancestors: "'self'".into(),
            connect_src: String::new(),
            cors_origins: Vec::new(),
            session_ttl: Duration::from_secs(12 * 3600),
            event_log_keep: 10_000,
            seed_demo: true,
            demo_history: false,
            trusted_proxies: Vec::new(),
            inbound_key: None,
            simulator_per_minute: 0.0,
            outbox_dir: None,
            smtp_url: None,
        }
    }
}

impl Config {
    /// Where attachments and raw sources are kept.
    pub fn files(&self) -> PathBuf {
        self.files_dir.clone().unwrap_or_else(|| {
            self.database
                .parent()
                .map(|dir| dir.join("files"))
                .unwrap_or_else(|| PathBuf::from("files"))
        })
    }

    /// Where sent mail goes as `.eml` files when there is no SMTP server.
    pub fn outbox(&self) -> PathBuf {
        self.outbox_dir.clone().unwrap_or_else(|| {
            self.database
                .parent()
                .map(|dir| dir.join("outbox"))
                .unwrap_or_else(|| PathBuf::from("outbox"))
        })
    }

    pub fn from_env() -> Result<Self, String> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let mut config = Config::default();
        if let Some(addr) = get("OMNI_ADDR") {
            config.addr = addr
                .parse()
                .map_err(|_| format!("OMNI_ADDR: not an address: {addr}"))?;
        }
        if let Some(path) = get("OMNI_DB") {
            config.database = path.into();
        }
        if let Some(path) = get("OMNI_FILES") {
            config.files_dir = Some(path.into());
        }
        if let Some(path) = get("OMNI_DIST") {
            config.dist_dir = path.into();
        }
        if let Some(ancestors) = get("OMNI_FRAME_ANCESTORS") {
            config.frame_ancestors = with_self(&ancestors);
        }
        if let Some(sources) = get("OMNI_CONNECT_SRC") {
            config.connect_src = sources;
        }
        if let Some(origins) = get("OMNI_CORS_ORIGINS") {
            config.cors_origins = origins
                .split(',')
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(str::to_owned)
                .collect();
        }
        if let Some(hours) = get("OMNI_SESSION_HOURS") {
            let hours: u64 = hours
                .parse()
                .map_err(|_| format!("OMNI_SESSION_HOURS: not a number: {hours}"))?;
            config.session_ttl = Duration::from_secs(hours * 3600);
        }
        if let Some(keep) = get("OMNI_EVENT_LOG_KEEP") {
            config.event_log_keep = keep
                .parse()
                .map_err(|_| format!("OMNI_EVENT_LOG_KEEP: not a number: {keep}"))?;
        }
        config.inbound_key = get("OMNI_INBOUND_KEY").filter(|key| !key.is_empty());
        if let Some(rate) = get("OMNI_SIMULATOR_PER_MINUTE") {
            config.simulator_per_minute = rate
                .parse::<f64>()
                .ok()
                .filter(|rate| rate.is_finite() && *rate >= 0.0)
                .ok_or_else(|| format!("OMNI_SIMULATOR_PER_MINUTE: not a rate: {rate}"))?;
        }
        if let Some(path) = get("OMNI_OUTBOX") {
            config.outbox_dir = Some(path.into());
        }
        config.smtp_url = get("OMNI_SMTP_URL").filter(|url| !url.is_empty());
        if let Some(seed) = get("OMNI_SEED_DEMO") {
            config.seed_demo = !matches!(seed.as_str(), "0" | "false" | "no");
        }
        if let Some(proxies) = get("OMNI_TRUSTED_PROXIES") {
            config.trusted_proxies = proxies
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| {
                    p.parse()
                        .map_err(|_| format!("OMNI_TRUSTED_PROXIES: not an address: {p}"))
                })
                .collect::<Result<_, _>>()?;
        }
        if let Some(history) = get("OMNI_DEMO_INTERACTIONS") {
            config.demo_history = matches!(history.as_str(), "1" | "true" | "yes");
        }
        Ok(config)
    }
}

/// `frame-ancestors` always allows the desk's own origin: the Local CRM (`crm.html`) frames
/// the desk from it. Only an explicit `'none'` (no embedding at all) is left as it is.
fn with_self(ancestors: &str) -> String {
    let words: Vec<&str> = ancestors.split_whitespace().collect();
    if words.is_empty() {
        return "'self'".into();
    }
    if words.iter().any(|w| *w == "'self'" || *w == "'none'") {
        return words.join(" ");
    }
    format!("'self' {}", words.join(" "))
}

#[cfg(test)]
mod frame_ancestor_tests {
    use super::with_self;

    #[test]
    fn the_desks_own_origin_may_always_frame_it() {
        assert_eq!(
            with_self("https://crm.example.com"),
            "'self' https://crm.example.com"
        );
        assert_eq!(
            with_self("'self' https://a.example"),
            "'self' https://a.example"
        );
        assert_eq!(with_self("  "), "'self'");
        assert_eq!(with_self("'none'"), "'none'");
    }
}
