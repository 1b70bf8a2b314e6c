//! `Path` and `Query` whose rejections speak the error body: a bad id in the address or a
//! query value that does not parse answers 422 with a sentence, not axum's plain text.

use axum::{
    extract::{rejection::QueryRejection, FromRequestParts},
    http::request::Parts,
};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// The address's parameters (ids), or 422.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| Path(value))
            .map_err(|_| {
                ApiError::validation(
                    "path",
                    "This address names something by a number, and a part of it is not one.",
                )
            })
    }
}

/// The query string's parameters, or 422 naming the one that does not parse.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| Query(value))
            .map_err(|rejection| {
                let field = match &rejection {
                    QueryRejection::FailedToDeserializeQueryString(error) => error
                        .body_text()
                        .strip_prefix("Failed to deserialize query string: ")
                        .and_then(|rest| rest.split_once(':'))
                        .map(|(field, _)| field.trim().to_owned())
                        .filter(|field| {
                            !field.is_empty()
                                && field.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                        }),
                    _ => None,
                };
                match field {
                    Some(field) => ApiError::validation(
                        &field,
                        format!("\"{field}\" has a value this server cannot read."),
                    ),
                    None => ApiError::validation(
                        "query",
                        "The query has a value this server cannot read.",
                    ),
                }
            })
    }
}
