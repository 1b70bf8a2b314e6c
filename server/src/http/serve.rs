//! The connection loop: every accepted TCP connection is served by hyper with limits a
//! public server needs. Headers must arrive whole within [`HEADER_TIMEOUT`]; a request body
//! that stalls for [`BODY_TIMEOUT`] ends the request (`http::desk::api_layers`). Each request
//! carries the client's address (`ConnectInfo`), for the sign-in throttle per address. The
//! answers hyper gives by itself get the JSON error body (`early_errors`).

use std::{net::SocketAddr, time::Duration};

use axum::{extract::ConnectInfo, Router};
use hyper_util::{
    rt::{TokioExecutor, TokioIo, TokioTimer},
    server::{conn::auto::Builder, graceful::GracefulShutdown},
    service::TowerToHyperService,
};
use tokio::net::TcpListener;

use crate::http::early_errors::EarlyErrors;
use tower::ServiceExt;

/// Longest wait for a request's headers (a client that never finishes them is dropped).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest pause inside a request body before the request is given up.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(15);

/// Serves `app` on `listener` until `shutdown` resolves, then lets open requests finish.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let graceful = GracefulShutdown::new();
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    tokio::pin!(shutdown);
    loop {
        let (tcp, client) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait, do not spin.
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Small writes (event stream lines, the chunks of a compressed answer) go out at once
        // instead of waiting for the previous segment's acknowledgement (Nagle).
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::warn!(%error, "TCP_NODELAY not set");
        }
        let app = app
            .clone()
            .map_request(move |mut request: axum::extract::Request<_>| {
                request
                    .extensions_mut()
                    .insert(ConnectInfo::<SocketAddr>(client));
                request
            });
        let service = TowerToHyperService::new(app.map_request(
            |request: hyper::Request<hyper::body::Incoming>| request.map(axum::body::Body::new),
        ));
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(EarlyErrors::new(tcp)), service)
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, %client, "connection ended with an error");
            }
        });
    }
    graceful.shutdown().await;
    Ok(())
}
