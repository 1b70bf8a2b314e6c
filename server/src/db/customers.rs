//! Customers as stored: the people interactions come from.

use crate::{error::ApiError, AppState};

/// The customer whose email is `address` (lower case).
pub async fn by_email(app: &AppState, address: &str) -> Result<Option<i64>, ApiError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM customers WHERE lower(email) = ?")
            .bind(address)
            .fetch_optional(&app.db)
            .await?,
    )
}

/// The customer with `address`, created with this name if new. Two first contacts from one
/// address at once both end at the one customer.
pub async fn upsert_by_email(
    app: &AppState,
    first: &str,
    last: &str,
    address: &str,
) -> Result<i64, ApiError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO customers (first_name, last_name, email) VALUES (?, ?, ?) \
         ON CONFLICT (email) DO UPDATE SET email = excluded.email RETURNING id",
    )
    .bind(first)
    .bind(last)
    .bind(address)
    .fetch_one(&app.db)
    .await?)
}

/// The customer without an address named `first` `last` (the null sender's), created if new.
/// The caller serialises (ingest holds its lock).
pub async fn unaddressed(app: &AppState, first: &str, last: &str) -> Result<i64, ApiError> {
    let known: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM customers WHERE email IS NULL AND first_name = ? AND last_name = ? \
         ORDER BY id LIMIT 1",
    )
    .bind(first)
    .bind(last)
    .fetch_optional(&app.db)
    .await?;
    if let Some(id) = known {
        return Ok(id);
    }
    Ok(sqlx::query_scalar(
        "INSERT INTO customers (first_name, last_name, email) VALUES (?, ?, NULL) RETURNING id",
    )
    .bind(first)
    .bind(last)
    .fetch_one(&app.db)
    .await?)
}

/// (first name, last name, email, phone) of customer `id`.
pub async fn contact(
    app: &AppState,
    id: i64,
) -> Result<Option<(String, String, Option<String>, Option<String>)>, ApiError> {
    Ok(
        sqlx::query_as("SELECT first_name, last_name, email, phone FROM customers WHERE id = ?")
            .bind(id)
            .fetch_optional(&app.db)
            .await?,
    )
}
