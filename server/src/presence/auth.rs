//! Sign-in and sign-out, and the `Session` extractor that guards every other endpoint.

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use axum::{
    extract::FromRequestParts,
    http::{header, request::Parts, StatusCode},
    routing::post,
    Json, Router,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use omni_protocol::{paths, SignInRequest, SignInResponse};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::{clock::now_ms, error::ApiError, error::ApiJson, presence::agents, AppState};

pub fn routes() -> Router<AppState> {
    let path = paths::SIGN_IN.trim_start_matches("/api/v1");
    Router::new().route(path, post(sign_in).delete(sign_out))
}

/// A verified bearer token: who is calling.
#[derive(Debug, Clone)]
pub struct Session {
    pub agent_id: i64,
    pub token_hash: String,
}

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

async fn sign_in(
    axum::extract::State(app): axum::extract::State<AppState>,
    ApiJson(request): ApiJson<SignInRequest>,
) -> Result<(StatusCode, Json<SignInResponse>), ApiError> {
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
    let agent = agents::profile(&app, agent_id).await?;
    Ok((
        StatusCode::CREATED,
        Json(SignInResponse {
            token,
            expires_at,
            agent,
        }),
    ))
}

async fn sign_out(
    axum::extract::State(app): axum::extract::State<AppState>,
    session: Session,
) -> Result<StatusCode, ApiError> {
    sqlx::query("UPDATE sessions SET revoked_at = ? WHERE token_hash = ?")
        .bind(now_ms())
        .bind(&session.token_hash)
        .execute(&app.db)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

const DISABLED: &str = "This account is disabled. Ask your supervisor to enable it.";

/// What an unknown username's password is checked against.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| hash_password(&new_token()).unwrap_or_default());

impl Session {
    /// Whether the session may still be used (not signed out, not expired).
    pub async fn is_live(&self, app: &AppState) -> Result<bool, sqlx::Error> {
        let live: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM sessions WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?",
        )
        .bind(&self.token_hash)
        .bind(now_ms())
        .fetch_optional(&app.db)
        .await?;
        Ok(live.is_some())
    }
}

impl FromRequestParts<AppState> for Session {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|token| !token.is_empty())
            .ok_or_else(|| {
                ApiError::unauthorized("Sign in first: this request carries no bearer token.")
            })?;
        let token_hash = token_hash(token);
        let found: Option<(i64, bool)> = sqlx::query_as(
            "SELECT agents.id, agents.active FROM sessions JOIN agents ON agents.id = sessions.agent_id \
             WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?",
        )
        .bind(&token_hash)
        .bind(now_ms())
        .fetch_optional(&app.db)
        .await?;
        match found {
            Some((agent_id, true)) => Ok(Session {
                agent_id,
                token_hash,
            }),
            Some((_, false)) => Err(ApiError::forbidden(DISABLED)),
            None => Err(ApiError::unauthorized(
                "Your session has ended; please sign in again.",
            )),
        }
    }
}
