//! The message body: Markdown or plain text, `/` then words to insert a canned answer at the
//! cursor, and a preview rendered by the server exactly as it will be sent.

use leptos::{html, prelude::*, task::spawn_local};
use omni_protocol::{CannedAnswer, HtmlBody, MailFormat};

use crate::{
    actions::Actions,
    email::compose::{byte_at, insert_at, slash_query, utf16_at},
    store::compose::{matching, Catalog},
    ui::email::SafeHtmlFrame,
};

/// The `/query` being typed and where it starts (byte offset).
#[derive(Clone, PartialEq)]
struct Search {
    from: usize,
    query: String,
}

#[component]
pub fn BodyEditor(
    body: RwSignal<String>,
    format: RwSignal<MailFormat>,
    #[prop(into)] label: String,
) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let catalog = expect_context::<Catalog>();
    let area = NodeRef::<html::Textarea>::new();
    let search = RwSignal::new(None::<Search>);
    let highlighted = RwSignal::new(0usize);
    let previewing = RwSignal::new(false);
    let preview = RwSignal::new(None::<Result<String, String>>);

    // Canned answers load the first time a `/` search starts.
    let load_canned = move || spawn_local(actions.ensure_canned());
    let found = Memo::new(move |_| {
        let Some(search) = search.get() else {
            return Vec::new();
        };
        catalog.canned.with(|answers| {
            matching(answers.as_deref().unwrap_or_default(), &search.query)
                .into_iter()
                .take(6)
                .cloned()
                .collect::<Vec<CannedAnswer>>()
        })
    });

    let typed = move |_| {
        let Some(area) = area.get() else {
            return;
        };
        let text = area.value();
        let cursor = byte_at(&text, area.selection_start().ok().flatten().unwrap_or(0));
        let now = slash_query(&text, cursor).map(|(from, query)| Search { from, query });
        if now.is_some() {
            load_canned();
        }
        highlighted.set(0);
        search.set(now);
        body.set(text);
    };
    let insert = move |answer: CannedAnswer| {
        let (Some(area), Some(found)) = (area.get(), search.get_untracked()) else {
            return;
        };
        let text = area.value();
        let cursor = byte_at(&text, area.selection_start().ok().flatten().unwrap_or(0));
        let (text, at) = insert_at(&text, found.from, cursor, &answer.body);
        area.set_value(&text);
        let caret = utf16_at(&text, at);
        let _ = area.set_selection_range(caret, caret);
        let _ = area.focus();
        body.set(text);
        search.set(None);
    };
    let keys = move |event: web_sys::KeyboardEvent| {
        let count = found.with_untracked(Vec::len);
        if search.with_untracked(Option::is_none) || count == 0 {
            return;
        }
        match event.key().as_str() {
            "ArrowDown" => highlighted.update(|h| *h = (*h + 1) % count),
            "ArrowUp" => highlighted.update(|h| *h = (*h + count - 1) % count),
            "Enter" | "Tab" => {
                if let Some(answer) =
                    found.with_untracked(|f| f.get(highlighted.get_untracked()).cloned())
                {
                    insert(answer);
                }
            }
            "Escape" => search.set(None),
            _ => return,
        }
        event.prevent_default();
    };
    let show_preview = move |_| {
        previewing.set(true);
        preview.set(None);
        let markdown = body.get_untracked();
        spawn_local(async move {
            preview.set(Some(actions.preview(markdown).await.map_err(|f| f.message)));
        });
    };

    view! {
        <div class="body-editor">
            <div class="body-editor__bar" role="group" aria-label="Body">
                <button class="button button--small" type="button" aria-pressed=move || (!previewing.get()).to_string()
                    on:click=move |_| previewing.set(false)>"Write"</button>
                <Show when=move || format.get() == MailFormat::Html>
                    <button class="button button--small body-editor__preview-tab" type="button"
                        aria-pressed=move || previewing.get().to_string() on:click=show_preview>"Preview"</button>
                </Show>
                <label class="body-editor__format">
                    "Mail format "
                    <select on:change=move |ev| {
                        let plain = event_target_value(&ev) == "plain";
                        format.set(if plain { MailFormat::Plain } else { MailFormat::Html });
                        if plain { previewing.set(false); }
                    }>
                        <option value="html" selected=move || format.get() == MailFormat::Html>"Markdown (HTML)"</option>
                        <option value="plain" selected=move || format.get() == MailFormat::Plain>"Plain text"</option>
                    </select>
                </label>
            </div>
            <div class="body-editor__write" class:body-editor__write--hidden=move || previewing.get()>
                <textarea node_ref=area class="body-editor__text" rows="9" aria-label=label
                    placeholder="Write here. Type / and words to insert a canned answer."
                    prop:value=move || body.get() on:input=typed on:keydown=keys
                    aria-autocomplete="list" aria-controls="canned-answers"></textarea>
                <Show when=move || search.with(Option::is_some)>
                    <ul class="canned" id="canned-answers" role="listbox" aria-label="Canned answers">
                        {move || {
                            let list = found.get();
                            if list.is_empty() {
                                return view! { <li class="canned__none">"No canned answer matches."</li> }.into_any();
                            }
                            list.into_iter().enumerate().map(|(index, answer)| {
                                let chosen = answer.clone();
                                view! {
                                    <li role="option" class="canned__item"
                                        aria-selected=move || (highlighted.get() == index).to_string()
                                        on:mousedown=move |ev| { ev.prevent_default(); insert(chosen.clone()); }>
                                        <strong>{answer.title.clone()}</strong>
                                        <span>{answer.body.lines().next().unwrap_or_default().to_owned()}</span>
                                    </li>
                                }
                            }).collect_view().into_any()
                        }}
                    </ul>
                </Show>
            </div>
            <Show when=move || previewing.get()>
                <div class="body-editor__preview">
                    {move || match preview.get() {
                        None => view! { <p class="pane__empty">"Rendering…"</p> }.into_any(),
                        Some(Err(message)) => view! { <p class="form-error" role="alert">{message}</p> }.into_any(),
                        // Our own Markdown, rendered by the server: nothing in it to hold.
                        Some(Ok(html)) => view! { <SafeHtmlFrame html=HtmlBody { fresh: html, ..HtmlBody::default() } /> }.into_any(),
                    }}
                </div>
            </Show>
        </div>
    }
}
