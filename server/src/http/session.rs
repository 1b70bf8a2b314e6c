//! The `Session` extractor: the bearer token every endpoint but sign-in carries, checked
//! against the sessions table.

use axum::{
    extract::FromRequestParts,
    http::{header, request::Parts},
};

use crate::{error::ApiError, presence::auth, AppState};

/// A verified bearer token: who is calling.
#[derive(Debug, Clone)]
pub struct Session {
    pub agent_id: i64,
    pub token_hash: String,
}

impl Session {
    /// Whether the session may still be used (not signed out, not expired).
    pub async fn is_live(&self, app: &AppState) -> Result<bool, sqlx::Error> {
        auth::is_live(app, &self.token_hash).await
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
            .and_then(bearer_token)
            .filter(|token| !token.is_empty())
            .ok_or_else(|| {
                ApiError::unauthorized("Sign in first: this request carries no bearer token.")
            })?;
        let token_hash = auth::token_hash(token);
        let found = auth::session_agent(app, &token_hash).await?;
        match found {
            Some((agent_id, true)) => Ok(Session {
                agent_id,
                token_hash,
            }),
            Some((_, false)) => Err(ApiError::account_disabled()),
            None => Err(ApiError::unauthorized(
                "Your session has ended; please sign in again.",
            )),
        }
    }
}

/// The token of an `Authorization: Bearer …` value; the scheme is case-insensitive
/// (RFC 7235).
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim_start().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

#[cfg(test)]
mod tests {
    use super::bearer_token;
    use proptest::prelude::*;

    #[test]
    fn the_scheme_is_case_insensitive_and_the_token_trimmed() {
        assert_eq!(bearer_token("Bearer abc"), Some("abc"));
        assert_eq!(bearer_token("bEaReR  abc "), Some("abc"));
        assert_eq!(bearer_token("Basic abc"), None);
        assert_eq!(bearer_token("Bearer"), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]
        /// Any header text: no panic, and a token only under the Bearer scheme.
        #[test]
        fn any_header_value_is_read_safely(value in "\\PC{0,80}") {
            if let Some(token) = bearer_token(&value) {
                prop_assert!(value.to_ascii_lowercase().trim_start().starts_with("bearer "));
                prop_assert!(value.contains(token));
            }
        }
    }
}
