//! Where the backend is: `public/config.json`, or `?api=` when a CRM embeds the desk.

use serde::Deserialize;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct DeskConfig {
    /// Base address of the backend, e.g. `https://desk-api.example.com`; empty = this origin.
    #[serde(default)]
    pub api_base: String,
}

impl DeskConfig {
    /// The `?api=` override wins over the file, so one build serves many embeddings.
    pub fn with_override(mut self, api_param: Option<String>) -> Self {
        if let Some(api) = api_param.filter(|api| !api.trim().is_empty()) {
            self.api_base = api.trim().trim_end_matches('/').to_owned();
        }
        self
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
    Ok(file.with_override(api_param()))
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

    #[test]
    fn api_param_overrides_the_file() {
        let file: DeskConfig =
            serde_json::from_str(r#"{"api_base": "https://a.example"}"#).unwrap();
        assert_eq!(
            file.clone().with_override(None).api_base,
            "https://a.example"
        );
        assert_eq!(
            file.clone().with_override(Some("  ".into())).api_base,
            "https://a.example"
        );
        assert_eq!(
            file.with_override(Some("https://b.example/".into()))
                .api_base,
            "https://b.example"
        );
        let empty: DeskConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(empty.api_base, "");
    }
}
