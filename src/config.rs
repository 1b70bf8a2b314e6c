//! Where the backend is, and who may embed the desk: `public/config.json`, and `?api=` when
//! a CRM embeds the desk (only for a backend the file allows).

use serde::Deserialize;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct DeskConfig {
    /// Base address of the backend, e.g. `https://desk-api.example.com`; empty = this origin.
    #[serde(default)]
    pub api_base: String,
    /// Origins of the CRM pages whose host-bridge messages the desk hears (no wildcard);
    /// the desk's own origin (the Local CRM) is always one.
    #[serde(default)]
    pub host_origins: Vec<String>,
    /// Backends that `?api=` may choose, as origins.
    #[serde(default)]
    pub api_origins: Vec<String>,
}

impl DeskConfig {
    /// The `?api=` override wins over the file, so one build serves many embeddings, but
    /// only for a backend the file allows: a link must not point an agent's desk (and the
    /// password typed into it) at someone else's server. Anything else is ignored and the
    /// reason returned for the console.
    pub fn with_override(mut self, api_param: Option<String>) -> (Self, Option<String>) {
        let Some(api) = api_param.filter(|api| !api.trim().is_empty()) else {
            return (self, None);
        };
        let api = api.trim().trim_end_matches('/').to_owned();
        let allowed = crate::host::origins::origin_of(&api).is_some_and(|origin| {
            crate::host::origins::is_listed(&origin, &self.api_origins)
                || crate::host::origins::origin_of(&self.api_base).as_deref() == Some(&origin)
        });
        if !allowed {
            let why = format!(
                "Omni Desk ignored ?api={api}: that backend is not in config.json's api_origins."
            );
            return (self, Some(why));
        }
        self.api_base = api;
        (self, None)
    }
}

/// Reads `config.json` beside the page; a missing file means "same origin".
pub async fn load() -> Result<DeskConfig, String> {
    let (status, body) = crate::api::Api::new("")
        .exchange("GET", "/config.json", Default::default())
        .await
        .map_err(|error| format!("config.json could not be read: {}", error.message))?;
    let file = match status {
        200..=299 => serde_json::from_str::<DeskConfig>(&body)
            .map_err(|error| format!("config.json is not valid: {error}"))?,
        404 => DeskConfig::default(),
        status => return Err(format!("config.json could not be read (HTTP {status}).")),
    };
    let (config, ignored) = file.with_override(api_param());
    if let Some(why) = ignored {
        web_sys::console::warn_1(&why.into());
    }
    Ok(config)
}

fn api_param() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get("api")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(json: &str) -> DeskConfig {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn api_param_overrides_the_file_only_for_an_allowed_backend() {
        let config =
            file(r#"{"api_base": "https://a.example", "api_origins": ["https://b.example"]}"#);
        let chosen = |param: Option<&str>| config.clone().with_override(param.map(Into::into));
        assert_eq!(chosen(None).0.api_base, "https://a.example");
        assert_eq!(chosen(Some("  ")).0.api_base, "https://a.example");
        assert_eq!(
            chosen(Some("https://b.example/")).0.api_base,
            "https://b.example"
        );
        assert_eq!(
            chosen(Some("https://b.example/desk")).0.api_base,
            "https://b.example/desk"
        );
        // The file's own backend under another path is allowed too.
        assert_eq!(
            chosen(Some("https://a.example/v2")).0.api_base,
            "https://a.example/v2"
        );
        for refused in [
            "https://evil.example",
            "https://b.example.evil.example",
            "http://b.example",
            "javascript:alert(1)",
            "b.example",
        ] {
            let (kept, why) = chosen(Some(refused));
            assert_eq!(kept.api_base, "https://a.example", "{refused}");
            assert!(why.unwrap().contains("not in config.json's api_origins"));
        }
    }

    #[test]
    fn an_empty_file_means_this_origin_and_no_hosts() {
        let empty = file("{}");
        assert_eq!(empty.api_base, "");
        assert!(empty.host_origins.is_empty());
        let (kept, why) = empty.with_override(Some("https://b.example".into()));
        assert_eq!(kept.api_base, "");
        assert!(why.is_some());
    }
}
