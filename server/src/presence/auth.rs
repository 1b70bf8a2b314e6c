//! Sign-in and sign-out: passwords, tokens and sessions (`http::session` checks them on
//! every other request).

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use std::net::IpAddr;

use omni_protocol::{SignInRequest, SignInResponse};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::{
    clock::now_ms, db::agents as db_agents, db::sessions, error::ApiError, presence::agents,
    AppState,
};

pub fn hash_password(password: &str) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(ApiError::internal)
}

fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Checks the username and password and opens a session. `client`: the address the request
/// came from, when known (for the pause per address).
pub async fn sign_in(
    app: &AppState,
    request: &SignInRequest,
    client: Option<IpAddr>,
) -> Result<SignInResponse, ApiError> {
    let username = request.username.trim();
    if username.is_empty() {
        return Err(ApiError::validation("username", "Enter your username."));
    }
    if request.password.is_empty() {
        return Err(ApiError::validation("password", "Enter your password."));
    }
    if username.chars().count() > 254 {
        return Err(ApiError::validation(
            "username",
            "A username has at most 254 characters.",
        ));
    }
    if request.password.chars().count() > 1024 {
        return Err(ApiError::validation(
            "password",
            "A password has at most 1,024 characters.",
        ));
    }
    app.sign_ins.check(username, client)?;
    let found = db_agents::credentials(app, username).await?;
    // Verify against a throwaway hash for unknown names too, so timing does not reveal them.
    // At most a few at once: a flood of sign-ins must not starve every other request. The
    // permit goes with the hash, so a client that hangs up does not free it early.
    let hashing = app
        .sign_ins
        .hashing
        .clone()
        .acquire_owned()
        .await
        .map_err(ApiError::internal)?;
    // Checked again now it is this attempt's turn: a burst that passed together is stopped
    // once the wrong ones before it have counted.
    app.sign_ins.check(username, client)?;
    let known = found.is_some();
    let password = request.password.clone();
    // The permit comes back with the answer and is let go once the attempt has counted.
    let (agent, ok, hashing) = tokio::task::spawn_blocking(move || match found {
        Some((id, stored, active)) => (
            Some((id, active)),
            verify_password(&password, &stored),
            hashing,
        ),
        None => {
            verify_password(&password, &DUMMY_HASH);
            (None, false, hashing)
        }
    })
    .await
    .map_err(ApiError::internal)?;
    let Some((agent_id, active)) = agent.filter(|_| ok) else {
        // Only agents' names are counted per name: that part stays as small as the team.
        app.sign_ins.failed(known.then_some(username), client);
        drop(hashing);
        return Err(ApiError::unauthorized("Wrong username or password."));
    };
    app.sign_ins.succeeded(username);
    drop(hashing);
    if !active {
        return Err(ApiError::account_disabled());
    }

    let token = new_token();
    let now = now_ms();
    let expires_at = now + app.config.session_ttl.as_millis() as i64;
    sessions::open(app, &token_hash(&token), agent_id, expires_at).await?;
    let agent = agents::profile(app, agent_id).await?;
    Ok(SignInResponse {
        token,
        expires_at,
        agent,
    })
}

/// The agent of the live session whose token hashes to `token_hash`, and whether their
/// account is active (the `Session` extractor asks on every request).
pub async fn session_agent(
    app: &AppState,
    token_hash: &str,
) -> Result<Option<(i64, bool)>, ApiError> {
    sessions::agent_of(app, token_hash).await
}

/// Whether that session may still be used (an open event stream asks now and then).
pub async fn is_live(app: &AppState, token_hash: &str) -> Result<bool, sqlx::Error> {
    sessions::is_live(app, token_hash).await
}

/// Ends the session whose token hashes to `token_hash`.
pub async fn sign_out(app: &AppState, token_hash: &str) -> Result<(), ApiError> {
    sessions::revoke(app, token_hash).await
}

/// What an unknown username's password is checked against.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| hash_password(&new_token()).unwrap_or_default());

/// Wrong passwords in a row, per agent's username, before sign-in pauses for that name.
const FREE_FAILURES: u32 = 5;
/// Wrong sign-ins in a row from one address (any username) before it pauses: more than per
/// name, as a whole office may sign in through one address.
const FREE_FAILURES_PER_ADDRESS: u32 = 20;
/// The first pause; each wrong password after it doubles it, up to `LONGEST_PAUSE_MS`.
const FIRST_PAUSE_MS: i64 = 30_000;
const LONGEST_PAUSE_MS: i64 = 15 * 60_000;
/// Past this many names and addresses, those no longer paused are forgotten.
const REMEMBERED: usize = 10_000;

/// Who a count of wrong sign-ins is about.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Counted {
    Username(String),
    Address(IpAddr),
}

impl Counted {
    fn free_failures(&self) -> u32 {
        match self {
            Counted::Username(_) => FREE_FAILURES,
            Counted::Address(_) => FREE_FAILURES_PER_ADDRESS,
        }
    }
}

/// Sign-in's brakes: a pause per username and per client address after wrong passwords in a
/// row, and a cap on the password hashes computed at once (each costs a core for tens of
/// milliseconds).
pub struct SignInGuard {
    /// Username (lower-cased) or address → its run of wrong sign-ins.
    failures: std::sync::Mutex<std::collections::HashMap<Counted, Run>>,
    pub hashing: std::sync::Arc<tokio::sync::Semaphore>,
}

/// Wrong sign-ins in a row, until when they pause, and when the last one came.
#[derive(Clone, Copy, Default)]
struct Run {
    wrong: u32,
    paused_until: i64,
    last_at: i64,
}

impl Default for SignInGuard {
    fn default() -> Self {
        Self {
            failures: Default::default(),
            hashing: std::sync::Arc::new(tokio::sync::Semaphore::new(2)),
        }
    }
}

/// The address a run is counted for: IPv6 by its /64 (one customer's network), so that
/// hopping within it does not start afresh.
fn counted_address(client: IpAddr) -> Counted {
    match client {
        IpAddr::V6(v6) => {
            let bits = u128::from(v6) & !((1u128 << 64) - 1);
            Counted::Address(IpAddr::V6(bits.into()))
        }
        v4 => Counted::Address(v4),
    }
}

impl SignInGuard {
    /// 429 while `username`, or the address `client`, pauses after wrong sign-ins.
    pub fn check(&self, username: &str, client: Option<IpAddr>) -> Result<(), ApiError> {
        let failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let until = |counted: &Counted| failures.get(counted).map_or(0, |run| run.paused_until);
        let by_name = until(&Counted::Username(username.to_lowercase()));
        let by_address = client.map_or(0, |client| until(&counted_address(client)));
        let left_ms = by_name.max(by_address) - now_ms();
        if left_ms > 0 {
            let seconds = (left_ms as u64).div_ceil(1000);
            let whose = if by_name >= by_address {
                "this username"
            } else {
                "your network address"
            };
            return Err(ApiError::too_many(
                seconds,
                format!("Too many wrong passwords for {whose}; try again in {seconds} s."),
            ));
        }
        Ok(())
    }

    /// Counts a wrong sign-in against the agent's name (when it is one) and the address. A
    /// run that rested for the longest pause starts again from nothing.
    fn failed(&self, username: Option<&str>, client: Option<IpAddr>) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let now = now_ms();
        if failures.len() > REMEMBERED {
            // Names are as many as the team and always kept; addresses that rested go.
            failures.retain(|counted, run| {
                matches!(counted, Counted::Username(_)) || now - run.last_at < LONGEST_PAUSE_MS
            });
        }
        let counted = username
            .map(|name| Counted::Username(name.to_lowercase()))
            .into_iter()
            .chain(client.map(counted_address));
        for counted in counted {
            let free = counted.free_failures();
            let run = failures.entry(counted).or_default();
            if now - run.last_at >= LONGEST_PAUSE_MS && run.paused_until <= now {
                *run = Run::default();
            }
            run.wrong += 1;
            run.last_at = now;
            if run.wrong >= free {
                let doublings = (run.wrong - free).min(10);
                let pause = (FIRST_PAUSE_MS << doublings).min(LONGEST_PAUSE_MS);
                run.paused_until = now + pause;
            }
        }
    }

    /// A right password ends the name's run. The address keeps its own: one valid account
    /// must not let its holder go on guessing others' passwords from there.
    fn succeeded(&self, username: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&Counted::Username(username.to_lowercase()));
    }
}
