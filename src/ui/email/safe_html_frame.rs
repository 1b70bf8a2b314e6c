//! An email's HTML in a sandboxed frame: no scripts ever, remote images only after "Show
//! images", `cid:` images from the message's parts, quoted history behind "Show trimmed
//! content", sized to its content.

use leptos::{html, prelude::*, task::spawn_local};
use omni_protocol::{paths, Attachment};
use wasm_bindgen::JsCast;

use crate::{
    api::Api,
    email::{
        quoted_html::quote_start,
        safe_html::{has_remote_images, srcdoc},
    },
    store::Session,
};

/// Fits the frame to its document (readable because the frame is same-origin, not scripted).
fn fit(frame: &web_sys::HtmlIFrameElement) {
    let height = frame
        .content_document()
        .and_then(|document| document.document_element())
        .map(|root| root.scroll_height())
        .unwrap_or(0);
    let _ = frame.set_attribute("height", &(height.max(40) + 8).to_string());
    // Links open in a new tab without a handle back to the desk.
    if let Some(document) = frame.content_document() {
        if let Ok(links) = document.query_selector_all("a[href]") {
            for index in 0..links.length() {
                if let Some(link) = links
                    .item(index)
                    // The frame is another realm: `instanceof` fails there, hence unchecked.
                    .map(|node| node.unchecked_into::<web_sys::Element>())
                {
                    let _ = link.set_attribute("rel", "noopener noreferrer");
                    let _ = link.set_attribute("target", "_blank");
                }
            }
        }
    }
}

#[component]
pub fn SafeHtmlFrame(
    html: String,
    #[prop(optional)] attachments: Vec<Attachment>,
) -> impl IntoView {
    let api = use_context::<Api>();
    let session = use_context::<Session>();
    let remote = has_remote_images(&html);
    let show_images = RwSignal::new(false);
    let quote_at = quote_start(&html);
    let show_trimmed = RwSignal::new(false);
    let cids = RwSignal::new(Vec::<(String, String)>::new());
    let frame = NodeRef::<html::Iframe>::new();

    // Inline parts are fetched with the bearer token and shown from blob: URLs.
    let inline: Vec<Attachment> = attachments
        .into_iter()
        .filter(|a| a.content_id.is_some() && html.contains("cid:"))
        .collect();
    if let (Some(api), Some(token)) = (api, session.and_then(|s| s.token.get_untracked())) {
        for part in inline {
            let (api, token) = (api.clone(), token.clone());
            spawn_local(async move {
                if let Ok(url) = api
                    .file_url(&token, &paths::attachment(part.id), &part.content_type)
                    .await
                {
                    cids.update(|list| {
                        list.push((part.content_id.clone().unwrap_or_default(), url))
                    });
                }
            });
        }
    }

    let document = move || {
        let shown = match quote_at {
            Some(at) if !show_trimmed.get() => &html[..at],
            _ => html.as_str(),
        };
        srcdoc(shown, show_images.get(), &cids.get())
    };
    view! {
        <div class="safe-html">
            <Show when=move || remote && !show_images.get()>
                <p class="safe-html__images">
                    "Remote images are blocked to protect your privacy. "
                    <button class="button button--small" type="button" on:click=move |_| show_images.set(true)>
                        "Show images"
                    </button>
                </p>
            </Show>
            <iframe
                node_ref=frame
                class="safe-html__frame"
                title="Email content"
                sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
                referrerpolicy="no-referrer"
                srcdoc=document
                on:load=move |_| {
                    if let Some(frame) = frame.get() {
                        fit(&frame);
                    }
                }
            ></iframe>
            {quote_at.map(|_| view! {
                <button class="button button--small plain-body__toggle" type="button"
                    aria-expanded=move || show_trimmed.get().to_string()
                    on:click=move |_| show_trimmed.update(|shown| *shown = !*shown)>
                    {move || if show_trimmed.get() { "Hide trimmed content" } else { "Show trimmed content" }}
                </button>
            })}
        </div>
    }
}
