//! The email interaction list: filtered and paged on the server, updated in place by
//! events, and virtualised — only the rows in view (plus a few) are in the DOM.

use leptos::{html, prelude::*, task::spawn_local};

use super::{list_filters::ListFiltersBar, list_row::ListRow};
use crate::{
    actions::{search::write_to_address, Actions},
    store::{list::InteractionList, rows::RowsStoreFields},
    ui::{drafts::DraftBoxes, search::SearchBar},
};

/// Rows the desk could not judge are asked about together after this pause.
const CHECK_AFTER_MS: u32 = 150;

pub const ROW_HEIGHT: i32 = 68;
/// Rows kept beyond each edge of the viewport, so a scroll shows rows, not gaps.
const OVERSCAN: usize = 4;
/// A recount of the list's total waits this long for changes to settle.
const RECOUNT_AFTER_MS: u32 = 500;
/// ...and at most this long while changes keep coming.
const RECOUNT_AT_MOST_MS: u32 = 8_000;

/// The rows to render for a scroll position: `(first index, how many)`.
pub fn visible_window(scroll_top: i32, viewport: i32, total: usize) -> (usize, usize) {
    let first = (scroll_top.max(0) / ROW_HEIGHT) as usize;
    let first = first.saturating_sub(OVERSCAN).min(total);
    let count = (viewport.max(ROW_HEIGHT) / ROW_HEIGHT) as usize + 1 + 2 * OVERSCAN;
    (first, count.min(total - first))
}

#[component]
pub fn InteractionListPane() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let list = expect_context::<InteractionList>();
    let scroll_top = RwSignal::new(0);
    let viewport = RwSignal::new(600);
    let scroller = NodeRef::<html::Div>::new();

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
        // Sent now, not when the task first runs (at sign-in, after the desk is built).
        spawn_local(actions.load_first_page());
    });
    // The search lives in the page's address: shareable, and kept by a reload.
    Effect::new(move |_| list.filters.with(|f| write_to_address(&f.quick, &f.search)));
    // Changes the desk could not judge against the search are asked of the server.
    Effect::new(move |_| {
        if !list.unsure.with(Vec::is_empty) {
            spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(CHECK_AFTER_MS).await;
                actions.check_unsure().await;
            });
        }
    });
    let searching = Memo::new(move |_| list.filters.with(|f| f.searching()));
    // Changes beyond the loaded rows made the total uncertain: ask again once they settle.
    // One recount waits at a time; while changes keep coming, each waits twice as long as
    // the last (to 8 s).
    let pace = StoredValue::new((0.0_f64, RECOUNT_AFTER_MS));
    let waiting = StoredValue::new(false);
    Effect::new(move |_| {
        if list.total_uncertain.get() && !waiting.get_value() {
            let now = js_sys::Date::now();
            let (last, delay) = pace.get_value();
            let delay = if now - last < f64::from(RECOUNT_AT_MOST_MS) * 2.0 {
                (delay * 2).min(RECOUNT_AT_MOST_MS)
            } else {
                RECOUNT_AFTER_MS
            };
            pace.set_value((now, delay));
            waiting.set_value(true);
            spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(delay).await;
                if waiting.try_set_value(false).is_some() {
                    return; // the list is gone
                }
                if list.total_uncertain.try_get_untracked() == Some(true) {
                    actions.recount().await;
                }
            });
        }
    });
    // The viewport's height, measured once the desk is laid out (not in the middle of
    // building it, which would lay it out twice); scrolling measures it again.
    Effect::new(move |_| {
        if let Some(el) = scroller.get() {
            request_animation_frame(move || viewport.set(el.client_height()));
        }
    });

    // The rows' ids in order: changes only when a row comes, goes or moves (an update in
    // place reaches the one row that shows it, see `ListRow`).
    let ids = Memo::new(move |_| {
        list.rows
            .rows()
            .with(|rows| rows.iter().map(|row| row.id).collect::<Vec<i64>>())
    });
    let on_scroll = move |_| {
        let Some(el) = scroller.get_untracked() else {
            return;
        };
        scroll_top.set(el.scroll_top());
        viewport.set(el.client_height());
        let loaded = ids.with_untracked(Vec::len) as i32 * ROW_HEIGHT;
        if el.scroll_top() + el.client_height() > loaded - 10 * ROW_HEIGHT {
            spawn_local(actions.load_next_page());
        }
    };
    let window =
        Memo::new(move |_| visible_window(scroll_top.get(), viewport.get(), ids.with(Vec::len)));
    // Row slots, not rows: slot `n` shows the interaction at `first + n`.
    let slots = move || (0..window.get().1).collect::<Vec<usize>>();
    let slot_row = move |slot: usize| {
        let id = Memo::new(move |_| ids.with(|ids| ids.get(window.get().0 + slot).copied()));
        let item = Memo::new(move |_| {
            id.get()
                .and_then(|id| list.rows.rows().at_key(id).try_get())
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
            <SearchBar />
            <div hidden=move || searching.get()><ListFiltersBar /></div>
            {move || list.error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <div class="list-scroll" node_ref=scroller on:scroll=on_scroll>
                <ul class="list-rows" style:height=move || format!("{}px", ids.with(Vec::len) as i32 * ROW_HEIGHT)>
                    <For each=slots key=|slot| *slot let:slot>
                        {slot_row(slot)}
                    </For>
                </ul>
                <Show when=move || !list.loading.get() && ids.with(Vec::is_empty)>
                    <p class="pane__empty">{move || if searching.get() {
                        "Nothing found. Try other words, or change the conditions."
                    } else {
                        "No interactions match these filters."
                    }}</p>
                </Show>
            </div>
            <DraftBoxes />
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
