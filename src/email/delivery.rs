//! What the agent reads under an outbound email the mail server did not take.

/// `retry_at` is the next try as the agent's clock shows it (`None`: the server gave up).
pub fn delivery_notice(reason: &str, retry_at: Option<&str>) -> String {
    match retry_at {
        Some(at) => format!("Not delivered yet: {reason}. The server tries again at {at}."),
        None => format!(
            "Not delivered: {reason}. The server has stopped trying; send it again or reach the customer another way."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_when_it_tries_again_or_that_it_gave_up() {
        assert_eq!(
            delivery_notice("SMTP: connection refused", Some("10:42")),
            "Not delivered yet: SMTP: connection refused. The server tries again at 10:42."
        );
        assert!(delivery_notice("SMTP: 550 no such user", None)
            .starts_with("Not delivered: SMTP: 550 no such user. The server has stopped trying;"));
    }
}
