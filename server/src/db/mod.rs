//! Opening the SQLite database and applying the embedded migrations; and the queries per
//! table group, as they move here from the domain folders (issue 11).

pub mod agents;
pub mod customers;
pub mod delivery_jobs;
pub mod email_accounts;
pub mod idempotent_answers;
pub mod interaction_list;
pub mod interactions;
pub mod messages;
pub mod offers;
pub mod queues;
pub mod saved_searches;
pub mod search;
pub mod search_choices;
pub mod sessions;
pub mod summaries;
pub mod uploads;
pub mod wrap_ups;

use std::{path::Path, str::FromStr, time::Duration};

use sqlx::{
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    SqlitePool,
};

/// A transaction that writes: it takes SQLite's write lock at its start (`BEGIN IMMEDIATE`),
/// so a busy database makes it wait its turn (the busy timeout). A deferred one that read
/// first cannot wait: when another connection wrote meanwhile its write fails at once with
/// "database is locked" (seen once FTS5 triggers made writes longer).
pub async fn write(
    pool: &sqlx::SqlitePool,
) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

/// Opens (creating if needed) and migrates the database file.
pub async fn open(path: &Path) -> Result<SqlitePool, sqlx::Error> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
    }
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5))
        // Each pooled connection keeps its own page cache: 16 MB each (SQLite's default is
        // 2 MB) keeps a busy list's tables in memory, and reads go through mmap.
        .pragma("cache_size", "-16000")
        .pragma("mmap_size", "268435456");
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}
