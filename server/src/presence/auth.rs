//! Sign-in and sign-out: passwords, tokens and sessions (`http::session` checks them on
//! every other request).

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use omni_protocol::{SignInRequest, SignInResponse};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::{clock::now_ms, error::ApiError, presence::agents, AppState};

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

/// Checks the username and password and opens a session.
pub async fn sign_in(app: &AppState, request: &SignInRequest) -> Result<SignInResponse, ApiError> {
    let username = request.username.trim();
    if username.is_empty() {
        return Err(ApiError::validation("username", "Enter your username."));
    }
    if request.password.is_empty() {
        return Err(ApiError::validation("password", "Enter your password."));
    }
    let found: Option<(i64, String, bool)> =
        sqlx::query_as("SELECT id, password_hash, active FROM agents WHERE username = ?")
            .bind(username)
            .fetch_optional(&app.db)
            .await?;
    // Verify against a throwaway hash for unknown names too, so timing does not reveal them.
    let password = request.password.clone();
    let (agent, ok) = tokio::task::spawn_blocking(move || match found {
        Some((id, stored, active)) => (Some((id, active)), verify_password(&password, &stored)),
        None => {
            verify_password(&password, &DUMMY_HASH);
            (None, false)
        }
    })
    .await
    .map_err(ApiError::internal)?;
    let Some((agent_id, active)) = agent.filter(|_| ok) else {
        return Err(ApiError::unauthorized("Wrong username or password."));
    };
    if !active {
        return Err(ApiError::forbidden(DISABLED));
    }

    let token = new_token();
    let now = now_ms();
    let expires_at = now + app.config.session_ttl.as_millis() as i64;
    sqlx::query(
        "INSERT INTO sessions (token_hash, agent_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
    )
    .bind(token_hash(&token))
    .bind(agent_id)
    .bind(now)
    .bind(expires_at)
    .execute(&app.db)
    .await?;
    let agent = agents::profile(app, agent_id).await?;
    Ok(SignInResponse {
        token,
        expires_at,
        agent,
    })
}

/// Ends the session whose token hashes to `token_hash`.
pub async fn sign_out(app: &AppState, token_hash: &str) -> Result<(), ApiError> {
    sqlx::query("UPDATE sessions SET revoked_at = ? WHERE token_hash = ?")
        .bind(now_ms())
        .bind(token_hash)
        .execute(&app.db)
        .await?;
    Ok(())
}

pub const DISABLED: &str = "This account is disabled. Ask your supervisor to enable it.";

/// What an unknown username's password is checked against.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| hash_password(&new_token()).unwrap_or_default());
