//! One condition as a chip: its words (click to edit field, operator and value), disable
//! or enable it, delete it; what is wrong with it shows beside it.

use leptos::prelude::*;

use super::value_input::ValueInput;
use crate::{
    search::{builder, chip_text::describe},
    store::{list::InteractionList, search::SearchBuilder},
    ui::focus::focus_by_id,
};

#[component]
pub fn Chip(index: usize) -> impl IntoView {
    let builder = expect_context::<SearchBuilder>();
    let list = expect_context::<InteractionList>();
    let condition = Memo::new(move |_| builder.draft.with(|s| s.conditions.get(index).cloned()));
    let offset = list.filters.with_untracked(|f| f.utc_offset_minutes);
    let words = move || {
        condition
            .get()
            .map(|c| builder.fields.with(|fields| describe(&c, fields, offset)))
            .unwrap_or_default()
    };
    let enabled = move || condition.with(|c| c.as_ref().is_some_and(|c| c.enabled));
    let problem = Memo::new(move |_| {
        builder
            .problems()
            .into_iter()
            .find(|(at, _)| *at == Some(index))
            .map(|(_, problem)| problem)
    });
    let editing = move || builder.editing.get() == Some(index);
    let toggle_editor = move |_| {
        builder.editing.update(|open| {
            *open = if *open == Some(index) {
                None
            } else {
                Some(index)
            }
        })
    };
    let problem_id = format!("chip-problem-{index}");
    view! {
        <li class="chip" class:chip--off=move || !enabled() class:chip--wrong=move || problem.with(Option::is_some)
            data-chip=index>
            <div class="chip__row">
                <button type="button" class="chip__words" aria-expanded=move || editing().to_string()
                    aria-describedby=problem_id.clone() title="Edit this condition" on:click=toggle_editor>
                    {words}
                    {move || (!enabled()).then_some(" (off)")}
                </button>
                <button type="button" class="chip__toggle"
                    on:click=move |_| builder.edit(index, |c| c.enabled = !c.enabled)>
                    {move || if enabled() { "Disable" } else { "Enable" }}
                </button>
                <button type="button" class="chip__delete" aria-label=move || format!("Delete: {}", words())
                    title="Delete this condition" on:click=move |_| {
                        builder.remove(index);
                        focus_by_id("search-add");
                    }>"×"</button>
            </div>
            <p id=problem_id class="chip__problem" role="alert" hidden=move || problem.with(Option::is_none)>
                {move || problem.get().unwrap_or_default()}
            </p>
            <Show when=editing>
                <ChipEditor index=index />
            </Show>
        </li>
    }
}

/// Field, operator and value of condition `index`.
#[component]
fn ChipEditor(index: usize) -> impl IntoView {
    let builder = expect_context::<SearchBuilder>();
    let field_id = Memo::new(move |_| {
        builder
            .draft
            .with(|s| s.conditions.get(index).map(|c| c.field.clone()))
            .unwrap_or_default()
    });
    let op = Memo::new(move |_| {
        builder
            .draft
            .with(|s| s.conditions.get(index).map(|c| c.op))
    });
    let field = Memo::new(move |_| {
        let id = field_id.get();
        builder
            .fields
            .with(|fields| fields.iter().find(|f| f.id == id).cloned())
    });
    let choose_field = move |ev| {
        if let Some(field) = builder.field(&event_target_value(&ev)) {
            builder.edit(index, |c| *c = builder::with_field(c, &field));
        }
    };
    // The options' values are the operators' places in the field's list.
    let choose_op = move |ev| {
        let Some(field) = field.get_untracked() else {
            return;
        };
        let wanted = event_target_value(&ev).parse::<usize>().ok();
        if let Some(op) = wanted.and_then(|at| field.kind.operators().get(at)) {
            builder.edit(index, |c| *c = builder::with_op(c, &field, *op));
        }
    };
    view! {
        <div class="chip__editor">
            <label>
                <span>"Field"</span>
                <select class="chip__field" on:change=choose_field>
                    {move || builder.fields.get().into_iter().map(|f| {
                        let selected = f.id == field_id.get_untracked();
                        view! { <option value=f.id.clone() selected=selected>{f.label}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>
                <span>"Operator"</span>
                <select class="chip__op" on:change=choose_op>
                    {move || field.get().map(|f| f.kind.operators().iter().enumerate().map(|(at, o)| {
                        let selected = Some(*o) == op.get_untracked();
                        view! { <option value=at selected=selected>{o.label()}</option> }
                    }).collect_view())}
                </select>
            </label>
            <ValueInput index=index field=field />
            <button type="button" class="button button--quiet" on:click=move |_| builder.editing.set(None)>"Done"</button>
        </div>
    }
}
