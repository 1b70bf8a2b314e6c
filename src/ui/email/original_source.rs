//! "View original": the raw message as received.

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::paths;

use crate::actions::Actions;

#[component]
pub fn OriginalSource(message_id: i64) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let source = RwSignal::new(None::<Result<String, String>>);
    let open = RwSignal::new(false);
    let toggle = move |_| {
        open.update(|open| *open = !*open);
        if source.get_untracked().is_some() {
            return;
        }
        spawn_local(async move {
            let text = actions.text(paths::message_source(message_id)).await;
            source.set(Some(text.map_err(|failure| failure.message)));
        });
    };
    view! {
        <button class="button button--small" type="button" aria-expanded=move || open.get().to_string() on:click=toggle>
            {move || if open.get() { "Hide original" } else { "View original" }}
        </button>
        <Show when=move || open.get()>
            {move || match source.get() {
                None => view! { <p class="pane__empty">"Loading the original…"</p> }.into_any(),
                Some(Ok(text)) => view! { <pre class="original-source">{text}</pre> }.into_any(),
                Some(Err(message)) => view! { <p class="form-error" role="alert">{message}</p> }.into_any(),
            }}
        </Show>
    }
}
