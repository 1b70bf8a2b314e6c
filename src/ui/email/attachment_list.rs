//! A message's attachments: each downloadable; images previewed and enlargeable.

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::{paths, Attachment};
use wasm_bindgen::JsCast;

use crate::{actions::Actions, email::compose::size_text};

fn is_previewable(content_type: &str) -> bool {
    matches!(
        content_type,
        "image/png" | "image/jpeg" | "image/gif" | "image/webp"
    )
}

/// Saves a blob: URL under `filename` through a temporary link.
pub fn save_file(url: &str, filename: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(link) = document.create_element("a") else {
        return;
    };
    let Ok(link) = link.dyn_into::<web_sys::HtmlAnchorElement>() else {
        return;
    };
    link.set_href(url);
    link.set_download(filename);
    link.click();
}

#[component]
pub fn AttachmentList(attachments: Vec<Attachment>) -> impl IntoView {
    let visible: Vec<Attachment> = attachments
        .into_iter()
        .filter(|a| !a.inline || a.content_id.is_none())
        .collect();
    (!visible.is_empty()).then(|| {
        view! {
            <ul class="attachments" aria-label="Attachments">
                {visible.into_iter().map(|attachment| view! { <AttachmentItem attachment=attachment /> }).collect_view()}
            </ul>
        }
    })
}

#[component]
fn AttachmentItem(attachment: Attachment) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let preview = RwSignal::new(None::<String>);
    let enlarged = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let path = paths::attachment(attachment.id);
    if is_previewable(&attachment.content_type) {
        let (path, content_type) = (path.clone(), attachment.content_type.clone());
        spawn_local(async move {
            if let Ok(url) = actions.file_url(path, content_type).await {
                preview.set(Some(url));
            }
        });
    }
    let download = {
        let (filename, content_type) =
            (attachment.filename.clone(), attachment.content_type.clone());
        move |_| {
            let (path, filename, content_type) =
                (path.clone(), filename.clone(), content_type.clone());
            spawn_local(async move {
                match actions.file_url(path, content_type).await {
                    Ok(url) => save_file(&url, &filename),
                    Err(failure) => error.set(Some(failure.message)),
                }
            });
        }
    };
    let name = attachment.filename.clone();
    view! {
        <li class="attachment" data-attachment-id=attachment.id>
            {move || preview.get().map(|url| {
                let name = name.clone();
                view! {
                    <button class="attachment__thumb" type="button" title="Enlarge" on:click=move |_| enlarged.set(true)>
                        <img src=url.clone() alt=format!("Preview of {name}") />
                    </button>
                    <Show when=move || enlarged.get()>
                        <div class="lightbox" role="dialog" aria-label="Image" on:click=move |_| enlarged.set(false)>
                            <img src=url.clone() alt="Enlarged attachment" />
                        </div>
                    </Show>
                }
            })}
            <button class="attachment__download" type="button" on:click=download title="Download">
                <span class="attachment__name" title=attachment.filename.clone()>{attachment.filename.clone()}</span>
                <span class="attachment__size">{size_text(attachment.size)}</span>
            </button>
            {move || error.get().map(|message| view! { <span class="form-error" role="alert">{message}</span> })}
        </li>
    }
}
