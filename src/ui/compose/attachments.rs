//! Files on a message being written: by button or drag and drop, refused over 15 MB with the
//! reason, uploaded with progress, images previewed and enlargeable, removable before send.

use crate::{
    actions::Actions,
    email::compose::{attachment_refusal, size_text},
    store::compose::Compositions,
};
use leptos::{html, prelude::*, task::spawn_local};
use omni_protocol::{paths, Upload};

/// A file on its way up.
#[derive(Clone, PartialEq)]
struct Pending {
    local_id: u32,
    name: String,
    percent: u32,
}

/// The uploads of a composition and the controls to change them. `uploads` is what will be
/// sent; `busy` is true while a file is still uploading. A file answered after the tray
/// closed goes to the stored composition `composition` (its key) instead.
#[component]
pub fn AttachmentTray(
    #[prop(into)] composition: String,
    uploads: RwSignal<Vec<Upload>>,
    busy: RwSignal<bool>,
    /// Files dropped on the composer, handed over here.
    dropped: RwSignal<Vec<web_sys::File>>,
) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let compositions = expect_context::<Compositions>();
    let pending = RwSignal::new(Vec::<Pending>::new());
    let refusals = RwSignal::new(Vec::<String>::new());
    let enlarged = RwSignal::new(None::<(String, String)>);
    // Previews of images uploaded here, straight from the agent's own file.
    let thumbs = RwSignal::new(Vec::<(i64, String)>::new());
    let picker = NodeRef::<html::Input>::new();
    let next_id = StoredValue::new(0u32);

    let add = {
        move |file: web_sys::File| {
            let name = file.name();
            if let Some(reason) = attachment_refusal(&name, file.size() as u64) {
                refusals.update(|list| list.push(reason));
                return;
            }
            next_id.update_value(|n| *n += 1);
            let local_id = next_id.get_value();
            pending.update(|list| {
                list.push(Pending {
                    local_id,
                    name: name.clone(),
                    percent: 0,
                })
            });
            busy.set(true);
            let composition = composition.clone();
            spawn_local(async move {
                let progress = move |loaded: f64, total: f64| {
                    let percent = if total > 0.0 {
                        (loaded / total * 100.0) as u32
                    } else {
                        0
                    };
                    pending.update(|list| {
                        if let Some(p) = list.iter_mut().find(|p| p.local_id == local_id) {
                            p.percent = percent.min(100);
                        }
                    });
                };
                match actions.upload(file.clone(), progress).await {
                    Ok(upload) => {
                        if upload.content_type.starts_with("image/") {
                            thumbs.try_update(|list| {
                                if let Ok(url) = web_sys::Url::create_object_url_with_blob(&file) {
                                    list.push((upload.id, url));
                                }
                            });
                        }
                        let kept = uploads.try_update(|list| list.push(upload.clone()));
                        if kept.is_none() {
                            // The composer closed meanwhile: nothing the agent added is lost.
                            compositions.add_upload(&composition, upload);
                            actions.draft_changed();
                        }
                    }
                    Err(failure) => refusals.update(|list| list.push(failure.message)),
                }
                pending.update(|list| list.retain(|p| p.local_id != local_id));
                // The composer may have closed meanwhile (another interaction, Discard,
                // sign-out): its signals are gone, and reading one would abort the desk.
                if let Some(left) = pending.try_with_untracked(|list| !list.is_empty()) {
                    busy.set(left);
                }
            });
        }
    };
    let add_dropped = add.clone();
    Effect::new(move |_| {
        let files = dropped.get();
        if files.is_empty() {
            return;
        }
        dropped.set(Vec::new());
        for file in files {
            add_dropped(file);
        }
    });
    let chosen = move |_| {
        let Some(input) = picker.get() else {
            return;
        };
        if let Some(files) = input.files() {
            for index in 0..files.length() {
                if let Some(file) = files.get(index) {
                    add(file);
                }
            }
        }
        input.set_value("");
    };
    let remove = move |upload: Upload| {
        uploads.update(|list| list.retain(|u| u.id != upload.id));
        spawn_local(actions.remove_upload(upload.id));
    };
    let thumb_of = move |id: i64| {
        thumbs.with_untracked(|list| {
            list.iter()
                .find(|(t, _)| *t == id)
                .map(|(_, url)| url.clone())
        })
    };
    let enlarge = move |upload: Upload| {
        if let Some(url) = thumb_of(upload.id) {
            enlarged.set(Some((url, upload.filename)));
            return;
        }
        spawn_local(async move {
            if let Ok(url) = actions
                .file_url(paths::upload(upload.id), upload.content_type.clone())
                .await
            {
                enlarged.set(Some((url, upload.filename)));
            }
        });
    };

    view! {
        <div class="attachments">
            <input node_ref=picker class="attachments__picker" type="file" multiple
                aria-label="Attach files" on:change=chosen />
            <button class="button button--small" type="button"
                on:click=move |_| { if let Some(input) = picker.get() { input.click(); } }>
                "Attach files"
            </button>
            <span class="attachments__hint">"or drop them here · 15 MB each"</span>
            <ul class="attachments__list">
                // Short lists: rebuilt when they change (a keyed loop would cost more code).
                {move || uploads.get().into_iter().map(|upload| {
                        let image = upload.content_type.starts_with("image/");
                        let (for_remove, for_eye) = (upload.clone(), upload.clone());
                        view! {
                            <li class="attachments__item" data-upload-id=upload.id>
                                {thumb_of(upload.id).map(|url| view! { <img class="attachments__thumb" src=url alt="" /> })}
                                <span class="attachments__name">{upload.filename.clone()}</span>
                                <span class="attachments__size">{size_text(upload.size)}</span>
                                {image.then(|| view! {
                                    <button class="button button--small button--quiet" type="button"
                                        title="Enlarge" aria-label=format!("Enlarge {}", for_eye.filename)
                                        on:click=move |_| enlarge(for_eye.clone())>"View"</button>
                                })}
                                <button class="button button--small button--quiet attachments__remove" type="button"
                                    aria-label=format!("Remove {}", upload.filename)
                                    on:click=move |_| remove(for_remove.clone())>"✕"</button>
                            </li>
                        }
                }).collect_view()}
                {move || pending.get().into_iter().map(|file| view! {
                    <li class="attachments__item attachments__item--pending">
                        <span class="attachments__name">{file.name.clone()}</span>
                        <progress max="100" value=file.percent aria-label=format!("Uploading {}", file.name)></progress>
                    </li>
                }).collect_view()}
            </ul>
            {move || (!refusals.get().is_empty()).then(|| view! {
                <div class="form-error attachments__refused" role="alert">
                    {refusals.get().into_iter().map(|r| view! { <p>{r}</p> }).collect_view()}
                    <button class="button button--small" type="button" on:click=move |_| refusals.set(Vec::new())>"OK"</button>
                </div>
            })}
            {move || enlarged.get().map(|(url, name)| view! {
                <div class="lightbox" role="dialog" aria-label=name.clone()
                    on:click=move |_| enlarged.set(None)>
                    <img src=url alt=name.clone() />
                    <button class="button" type="button">"Close"</button>
                </div>
            })}
        </div>
    }
}

/// The files of a drop event.
pub fn dropped_files(event: &web_sys::DragEvent) -> Vec<web_sys::File> {
    let Some(files) = event.data_transfer().and_then(|t| t.files()) else {
        return Vec::new();
    };
    (0..files.length()).filter_map(|i| files.get(i)).collect()
}

/// Keeps the browser from opening a file dragged over the composer.
pub fn allow_drop(event: &web_sys::DragEvent) {
    event.prevent_default();
    if let Some(transfer) = event.data_transfer() {
        transfer.set_drop_effect("copy");
    }
}
