//! `POST /sign-in` opens a session; `DELETE /sign-in` ends the caller's.

use std::net::{IpAddr, SocketAddr};

use axum::{
    extract::{ConnectInfo, State},
    http::{HeaderMap, StatusCode},
    routing::post,
    Extension, Json, Router,
};
use omni_protocol::{paths, SignInRequest, SignInResponse};

use crate::{
    error::ApiError,
    http::{error_body::ApiJson, session::Session},
    presence::auth,
    AppState,
};

pub fn routes() -> Router<AppState> {
    let path = paths::SIGN_IN.trim_start_matches("/api/v1");
    Router::new().route(path, post(sign_in).delete(sign_out))
}

async fn sign_in(
    State(app): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<SignInRequest>,
) -> Result<(StatusCode, Json<SignInResponse>), ApiError> {
    // The connection loop (http/serve.rs) tells where the request came from.
    let client = peer.map(|Extension(ConnectInfo(address))| {
        client_address(address.ip(), &headers, &app.config.trusted_proxies)
    });
    let signed_in = auth::sign_in(&app, &request, client).await?;
    Ok((StatusCode::CREATED, Json(signed_in)))
}

async fn sign_out(State(app): State<AppState>, session: Session) -> Result<StatusCode, ApiError> {
    auth::sign_out(&app, &session.token_hash).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The client behind `peer`: the peer itself, or, when it is one of our reverse proxies, the
/// last `X-Forwarded-For` address that is not.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|hop| hop.trim().parse::<IpAddr>().ok())
        .rev()
        .find(|hop| !trusted.contains(hop))
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_behind_a_trusted_proxy_is_the_last_forwarded_address() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            "198.51.100.9, 203.0.113.5".parse().unwrap(),
        );
        assert_eq!(
            client_address(proxy, &headers, &[proxy]),
            "203.0.113.5".parse::<IpAddr>().unwrap()
        );
        // Anyone else's X-Forwarded-For is not believed.
        let stranger: IpAddr = "192.0.2.1".parse().unwrap();
        assert_eq!(client_address(stranger, &headers, &[proxy]), stranger);
        assert_eq!(client_address(proxy, &HeaderMap::new(), &[proxy]), proxy);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn any_forwarded_for_gives_the_peer_or_an_address_it_names(header in "\\PC{0,300}") {
            let proxy: IpAddr = "10.0.0.2".parse().unwrap();
            let mut headers = HeaderMap::new();
            if let Ok(value) = header.parse() {
                headers.insert("x-forwarded-for", value);
            }
            let client = client_address(proxy, &headers, &[proxy]);
            let named = header
                .split(',')
                .any(|hop| hop.trim().parse::<IpAddr>().ok() == Some(client));
            proptest::prop_assert!(client == proxy || named);
        }
    }
}
