//! The email interaction list: filtered and paged on the server, updated in place by
//! events, and virtualised — only the rows in view (plus a few) are in the DOM.

use leptos::{html, prelude::*, task::spawn_local};

use super::{list_filters::ListFiltersBar, list_row::ListRow};
use crate::{
    api::Api,
    store::{list::list_query, list::InteractionList, Session},
    ui::perf::mark,
};

pub const ROW_HEIGHT: i32 = 68;
/// Rows kept beyond each edge of the viewport, so a scroll shows rows, not gaps.
const OVERSCAN: usize = 4;
/// Rows a page asks for: a tall viewport's rows plus overscan (about 19); more come on scroll.
const PAGE: u32 = 30;

/// The rows to render for a scroll position: `(first index, how many)`.
pub fn visible_window(scroll_top: i32, viewport: i32, total: usize) -> (usize, usize) {
    let first = (scroll_top.max(0) / ROW_HEIGHT) as usize;
    let first = first.saturating_sub(OVERSCAN).min(total);
    let count = (viewport.max(ROW_HEIGHT) / ROW_HEIGHT) as usize + 1 + 2 * OVERSCAN;
    (first, count.min(total - first))
}

/// Performance marks around a first page (the bench measures between them).
pub const LIST_REQUEST_MARK: &str = "omni:list-request";
pub const LIST_RENDERED_MARK: &str = "omni:list-rendered";
/// Set when a first page's answer is read and decoded, before it is rendered.
pub const LIST_ANSWER_MARK: &str = "omni:list-answer";

#[component]
pub fn InteractionListPane() -> impl IntoView {
    let api = expect_context::<Api>();
    let session = expect_context::<Session>();
    let list = expect_context::<InteractionList>();
    let scroll_top = RwSignal::new(0);
    let viewport = RwSignal::new(600);
    let scroller = NodeRef::<html::Div>::new();
    let generation = StoredValue::new(0u64);

    let load = move |first: bool| {
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        // A new first page always goes (filters changed); a next page waits for the last.
        if !first
            && (list.loading.get_untracked() || list.next_cursor.with_untracked(Option::is_none))
        {
            return;
        }
        if first {
            generation.update_value(|g| *g += 1);
            mark(LIST_REQUEST_MARK);
        }
        let asked_in = generation.get_value();
        let filters = list.filters.get_untracked();
        let cursor = if first {
            None
        } else {
            list.next_cursor.get_untracked()
        };
        let query = list_query(&filters, cursor.as_deref(), PAGE);
        list.loading.set(true);
        // Sent now, not when the task first runs (at sign-in, after the desk is built).
        let asked = api.interactions(&token, &query);
        spawn_local(async move {
            let answer = asked.await;
            if generation.try_get_value() != Some(asked_in) {
                // The filters changed meanwhile (a newer first page is on its way), or the
                // pane is gone (signed out).
                return;
            }
            match answer {
                Ok(page) => {
                    if first {
                        mark(LIST_ANSWER_MARK);
                    }
                    list.error.set(None);
                    list.take_page(page, first);
                    if first {
                        leptos::task::tick().await;
                        mark(LIST_RENDERED_MARK);
                    }
                }
                Err(failure) => list.error.set(Some(failure.message)),
            }
            list.loading.set(false);
            if first {
                list.first_page_answered(&session, &token);
            }
        });
    };
    let reload = load.clone();
    // New filters start at the top. Setting the scroll position lays the page out at once:
    // not while the desk is being built (the first run), but on a filter change that layout
    // happens while the request is on its way, instead of when its answer wants rendering.
    Effect::new(move |ran_before: Option<()>| {
        list.filters.track();
        if ran_before.is_some() {
            if let Some(el) = scroller.get_untracked() {
                el.set_scroll_top(0);
            }
            scroll_top.set(0);
        }
        reload(true);
    });
    // The viewport's height, measured once the desk is laid out (not in the middle of
    // building it, which would lay it out twice); scrolling measures it again.
    Effect::new(move |_| {
        if let Some(el) = scroller.get() {
            request_animation_frame(move || viewport.set(el.client_height()));
        }
    });

    let on_scroll = move |_| {
        let Some(el) = scroller.get_untracked() else {
            return;
        };
        scroll_top.set(el.scroll_top());
        viewport.set(el.client_height());
        let loaded = list.rows.with_untracked(Vec::len) as i32 * ROW_HEIGHT;
        if el.scroll_top() + el.client_height() > loaded - 10 * ROW_HEIGHT {
            load(false);
        }
    };
    let window = Memo::new(move |_| {
        visible_window(scroll_top.get(), viewport.get(), list.rows.with(Vec::len))
    });
    // Row slots, not rows: slot `n` shows the interaction at `first + n`.
    let slots = move || (0..window.get().1).collect::<Vec<usize>>();
    let slot_row = move |slot: usize| {
        let item = Memo::new(move |_| {
            let index = window.get().0 + slot;
            list.rows.with(|rows| rows.get(index).cloned())
        });
        let top = Signal::derive(move || (window.get().0 + slot) as i32 * ROW_HEIGHT);
        view! { <ListRow item=item top=top /> }
    };

    view! {
        <section class="pane pane--list" aria-label="Interactions">
            <header class="list-head">
                <h2 class="pane__title">"Interactions"</h2>
                <span class="list-head__count" aria-live="polite">{move || format!("{} total", list.total.get())}</span>
            </header>
            <ListFiltersBar />
            {move || list.error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <div class="list-scroll" node_ref=scroller on:scroll=on_scroll>
                <ul class="list-rows" style:height=move || format!("{}px", list.rows.with(Vec::len) as i32 * ROW_HEIGHT)>
                    <For each=slots key=|slot| *slot let:slot>
                        {slot_row(slot)}
                    </For>
                </ul>
                <Show when=move || !list.loading.get() && list.rows.with(Vec::is_empty)>
                    <p class="pane__empty">"No interactions match these filters."</p>
                </Show>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_covers_the_viewport_plus_overscan_and_stays_in_bounds() {
        assert_eq!(visible_window(0, 680, 10_000), (0, 10 + 1 + 2 * OVERSCAN));
        let (first, count) = visible_window(68 * 5_000, 680, 10_000);
        assert_eq!(first, 5_000 - OVERSCAN);
        assert_eq!(count, 10 + 1 + 2 * OVERSCAN);
        assert_eq!(
            visible_window(68 * 9_999, 680, 10_000),
            (9_999 - OVERSCAN, OVERSCAN + 1)
        );
        assert_eq!(visible_window(0, 680, 0), (0, 0));
        assert!(
            visible_window(0, 1_000, 10_000).1 <= 100,
            "a bounded number of rows"
        );
    }
}
