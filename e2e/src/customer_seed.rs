//! Customers for measurements: many, with an email each and a phone shared by families.

use anyhow::Result;

use crate::Server;

/// The email of seeded customer `n`.
pub fn email_of(n: usize) -> String {
    format!("customer{n}@bench.example")
}

/// The phone of seeded customer `n`: families of four share one, +44 20 7000 0000 upwards.
pub fn phone_of(n: usize) -> String {
    format!("+44207{:07}", n / 4)
}

impl Server {
    /// `count` customers (not drafts), each with [`email_of`] and [`phone_of`], names in
    /// several scripts.
    pub async fn seed_customers(&self, count: usize) -> Result<()> {
        let url = format!("sqlite://{}", self.database.display());
        let pool = sqlx::SqlitePool::connect(&url).await?;
        let mut tx = pool.begin().await?;
        const FIRST: [&str; 8] = [
            "Ana", "Jürgen", "李", "Fatima", "Olu", "Sofía", "Kenji", "Ewa",
        ];
        const LAST: [&str; 8] = [
            "López", "Müller", "雷", "Haddad", "Adeyemi", "Ruiz", "Sato", "Nowak",
        ];
        for n in 0..count {
            let id: i64 = sqlx::query_scalar(
            "INSERT INTO customers (first_name, last_name, company, created_at, updated_at, version) \
             VALUES (?, ?, '', 0, 0, 1) RETURNING id",
        )
        .bind(FIRST[n % 8])
        .bind(LAST[n / 8 % 8])
        .fetch_one(&mut *tx)
        .await?;
            sqlx::query(
                "INSERT INTO customer_emails (address, customer_id, position) VALUES (?, ?, 0)",
            )
            .bind(email_of(n))
            .bind(id)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO customer_phones (customer_id, number, position) VALUES (?, ?, 0)",
            )
            .bind(id)
            .bind(phone_of(n))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        sqlx::query("ANALYZE").execute(&pool).await?;
        pool.close().await;
        Ok(())
    }
}
