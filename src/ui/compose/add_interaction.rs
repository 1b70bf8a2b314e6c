//! "Add interaction → Email" (PRODUCT B6): a new email, the agent Busy while writing it.

use leptos::{prelude::*, task::spawn_local};

use crate::actions::Actions;

#[component]
pub fn AddInteraction() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let open = RwSignal::new(false);
    let new_email = move |_| {
        open.set(false);
        spawn_local(actions.start_new_email());
    };
    view! {
        <div class="add-interaction">
            <button class="button" type="button" aria-haspopup="menu" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>"+ Add"</button>
            <Show when=move || open.get()>
                <ul class="menu" role="menu" aria-label="Add interaction">
                    <li role="none">
                        <button class="menu__item" role="menuitem" type="button" on:click=new_email>"Email"</button>
                    </li>
                </ul>
            </Show>
        </div>
    }
}
