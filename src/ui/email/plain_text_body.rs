//! A plain-text body: line breaks kept, links clickable, quoted history behind a toggle.

use leptos::prelude::*;
use omni_protocol::TextBody;

use crate::email::plain_text::{href, linkify, Segment};

fn render(text: &str) -> impl IntoView {
    linkify(text)
        .into_iter()
        .map(|segment| match segment {
            Segment::Text(text) => text.into_any(),
            Segment::Link(link) => {
                let target = href(&link);
                view! { <a href=target target="_blank" rel="noopener noreferrer">{link}</a> }
                    .into_any()
            }
        })
        .collect_view()
}

#[component]
pub fn PlainTextBody(text: TextBody) -> impl IntoView {
    let TextBody { fresh, quoted } = text;
    let show_quoted = RwSignal::new(false);
    view! {
        <div class="plain-body">{render(&fresh)}</div>
        {quoted.map(|quoted| view! {
            <button class="button button--small plain-body__toggle" type="button"
                aria-expanded=move || show_quoted.get().to_string()
                on:click=move |_| show_quoted.update(|shown| *shown = !*shown)>
                {move || if show_quoted.get() { "Hide trimmed content" } else { "Show trimmed content" }}
            </button>
            <Show when=move || show_quoted.get()>
                <div class="plain-body plain-body--quoted">{render(&quoted)}</div>
            </Show>
        })}
    }
}
