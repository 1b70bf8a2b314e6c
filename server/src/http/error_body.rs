//! The error body on the wire: an [`ApiError`] as a response, and JSON bodies whose
//! rejections speak it too.

use axum::{
    extract::{rejection::JsonRejection, FromRequest, Request},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use omni_protocol::ErrorCode;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = self.into_parts();
        (status, Json(body)).into_response()
    }
}

/// `Json<T>` whose rejections speak the error body instead of axum's plain text.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(JsonRejection::JsonDataError(error)) => Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::Validation,
                format!("The request body does not fit: {}", error.body_text()),
            )),
            Err(rejection) => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::BadRequest,
                rejection.body_text(),
            )),
        }
    }
}

pub async fn api_not_found() -> ApiError {
    ApiError::not_found("No such endpoint.")
}
