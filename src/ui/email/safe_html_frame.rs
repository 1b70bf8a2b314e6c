//! An email's HTML in a sandboxed frame: no scripts ever, remote images only after "Show
//! images", `cid:` images from the message's parts, quoted history behind "Show trimmed
//! content", sized to its content.

use leptos::{html, prelude::*, task::spawn_local};
use omni_protocol::{paths, Attachment, HtmlBody};
use wasm_bindgen::JsCast;

use crate::{
    actions::Actions,
    email::safe_html::{restore_held, srcdoc},
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
    html: HtmlBody,
    #[prop(optional)] attachments: Vec<Attachment>,
) -> impl IntoView {
    let actions = use_context::<Actions>();
    let HtmlBody {
        fresh,
        quoted,
        held,
    } = html;
    let remote = !held.is_empty();
    let show_images = RwSignal::new(false);
    let has_quote = quoted.is_some();
    let show_trimmed = RwSignal::new(false);
    let cids = RwSignal::new(Vec::<(String, String)>::new());
    let frame = NodeRef::<html::Iframe>::new();

    // Inline parts are fetched with the bearer token and shown from blob: URLs.
    let inline: Vec<Attachment> = attachments
        .into_iter()
        .filter(|a| {
            a.content_id.is_some()
                && (fresh.contains("cid:") || quoted.as_deref().is_some_and(|q| q.contains("cid:")))
        })
        .collect();
    if let Some(actions) = actions {
        for part in inline {
            spawn_local(async move {
                if let Ok(url) = actions
                    .file_url(paths::attachment(part.id), part.content_type.clone())
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
        let mut shown = fresh.clone();
        if let (Some(quoted), true) = (&quoted, show_trimmed.get()) {
            shown.push_str(quoted);
        }
        let remote = show_images.get();
        if remote {
            shown = restore_held(&shown, &held);
        }
        srcdoc(&shown, remote, &cids.get())
    };
    view! {
        <div class="safe-html">
            <Show when=move || remote && !show_images.get()>
                <p class="safe-html__images">
                    "Images and styles from the internet are held back to protect your privacy. "
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
            {has_quote.then(|| view! {
                <button class="button button--small plain-body__toggle" type="button"
                    aria-expanded=move || show_trimmed.get().to_string()
                    on:click=move |_| show_trimmed.update(|shown| *shown = !*shown)>
                    {move || if show_trimmed.get() { "Hide trimmed content" } else { "Show trimmed content" }}
                </button>
            })}
        </div>
    }
}
