//! End-to-end, over real TCP: clients that never finish their headers or their body are let
//! go within seconds, and the answers the HTTP layer gives by itself (a 100 KB address)
//! carry the JSON error body like every other error.

use std::time::{Duration, Instant};

use anyhow::{ensure, Context, Result};
use omni_e2e::{dist_dir, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Everything the server sends until it closes, and how long that took.
async fn until_closed(mut tcp: TcpStream, within: Duration) -> Result<(String, Duration)> {
    let started = Instant::now();
    let mut answer = Vec::new();
    tokio::time::timeout(within, tcp.read_to_end(&mut answer))
        .await
        .context("the server still holds the connection")??;
    Ok((
        String::from_utf8_lossy(&answer).into_owned(),
        started.elapsed(),
    ))
}

async fn headers_never_finished(server: &Server) -> Result<()> {
    let mut tcp = TcpStream::connect(server.addr).await?;
    tcp.write_all(b"GET /api/v1/me HTTP/1.1\r\nHost: desk\r\nAuthorization: Bearer x")
        .await?;
    let (_, after) = until_closed(tcp, Duration::from_secs(20)).await?;
    ensure!(after <= Duration::from_secs(12), "closed after {after:?}");
    Ok(())
}

async fn body_shorter_than_announced(server: &Server) -> Result<()> {
    let mut tcp = TcpStream::connect(server.addr).await?;
    tcp.write_all(
        b"POST /api/v1/session HTTP/1.1\r\nHost: desk\r\nContent-Type: application/json\r\n\
          Content-Length: 100\r\n\r\n{\"username\":",
    )
    .await?;
    let (answer, after) = until_closed(tcp, Duration::from_secs(30)).await?;
    ensure!(after <= Duration::from_secs(17), "answered after {after:?}");
    ensure!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    ensure!(
        answer.contains("\"message\":\"The request body stopped arriving"),
        "{answer}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn slow_clients_are_let_go_and_every_error_has_its_body() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path(), &dist_dir()?, &[]).await?;

    // A 100 KB address (a search pasted whole), sent as any client would.
    let mut tcp = TcpStream::connect(server.addr).await?;
    let long = "x".repeat(100 * 1024);
    tcp.write_all(
        format!("GET /api/v1/interactions?q={long} HTTP/1.1\r\nHost: desk\r\n\r\n").as_bytes(),
    )
    .await?;
    let (answer, _) = until_closed(tcp, Duration::from_secs(10)).await?;
    ensure!(
        answer.starts_with("HTTP/1.1 414"),
        "{}",
        &answer[..answer.len().min(200)]
    );
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    let body: serde_json::Value = serde_json::from_str(body).context("a JSON error body")?;
    ensure!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("too long")),
        "{body}"
    );

    let (headers, body) = tokio::join!(
        headers_never_finished(&server),
        body_shorter_than_announced(&server)
    );
    headers.context("headers never finished")?;
    body.context("a body shorter than its Content-Length")?;
    Ok(())
}
