//! The value of a condition, with the input its type needs: free text, a number, a date
//! picker, a number of days, a select (with a search box when the list is long) or
//! checkboxes for "is any of".

use leptos::prelude::*;
use omni_protocol::{ConditionValue, SearchField};

use crate::{search::builder, store::search::SearchBuilder, text::lowercase};

/// A choice list longer than this gets a box to find one.
const FIND_FROM: usize = 8;

/// The kind of input a value needs (it changes only with the operator or the field).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Nothing,
    /// Set by the list's date filter, not editable here.
    Fixed,
    /// Typed into an input of this type, with this label and these bounds.
    Typed {
        input: &'static str,
        label: &'static str,
        min: Option<&'static str>,
        max: Option<&'static str>,
    },
    Choice,
    Choices,
}

fn shape_of(value: &ConditionValue) -> Shape {
    let typed = |input, label, min, max| Shape::Typed {
        input,
        label,
        min,
        max,
    };
    match value {
        ConditionValue::None => Shape::Nothing,
        ConditionValue::At(_) => Shape::Fixed,
        ConditionValue::Text(_) => typed("text", "Value", None, None),
        ConditionValue::Number(_) => typed("number", "Value", None, None),
        ConditionValue::Date(_) => typed("date", "Day", None, None),
        ConditionValue::Days(_) => typed("number", "Days", Some("1"), Some("3650")),
        ConditionValue::Choice(_) => Shape::Choice,
        ConditionValue::Choices(_) => Shape::Choices,
    }
}

#[component]
pub fn ValueInput(index: usize, field: Memo<Option<SearchField>>) -> impl IntoView {
    let builder = expect_context::<SearchBuilder>();
    let value = Memo::new(move |_| {
        builder
            .draft
            .with(|s| s.conditions.get(index).map(|c| c.value.clone()))
            .unwrap_or_default()
    });
    let shape = Memo::new(move |_| value.with(shape_of));
    let set = move |new: ConditionValue| builder.edit(index, |c| c.value = new);
    let found = RwSignal::new(String::new());
    // Another field: its own choices, found afresh.
    Effect::new(move |_| {
        field.track();
        found.set(String::new());
    });
    // The choices the find box lets through, and always the chosen ones (a select must
    // show what the condition holds).
    let choices = move |chosen: &[String]| {
        let find = lowercase(&found.get());
        field
            .get()
            .map(|f| f.choices)
            .unwrap_or_default()
            .into_iter()
            .filter(|c| {
                find.is_empty() || chosen.contains(&c.id) || lowercase(&c.label).contains(&find)
            })
            .collect::<Vec<_>>()
    };
    let long = move || field.with(|f| f.as_ref().is_some_and(|f| f.choices.len() > FIND_FROM));
    let finder = move || {
        long().then(|| view! {
            <input class="chip__find" type="search" placeholder="Find…" aria-label="Find a choice"
                prop:value=move || found.get() on:input=move |ev| found.set(event_target_value(&ev)) />
        })
    };
    move || {
        match shape.get() {
        Shape::Nothing => ().into_any(),
        Shape::Fixed => view! { <span class="chip__fixed">"(set by the list's date filter)"</span> }.into_any(),
        // The input starts with the value and is not written to again while the agent
        // types: a date half typed, or a number being retyped, must not be replaced.
        Shape::Typed { input, label, min, max } => view! {
            <label><span>{label}</span>
                <input class="chip__value" type=input maxlength="200" min=min max=max step="1"
                    prop:value=value.with_untracked(builder::value_text)
                    on:input=move |ev| set(value.with_untracked(|v| builder::typed_value(v, event_target_value(&ev)))) />
            </label>
        }.into_any(),
        Shape::Choice => view! {
            <label><span>"Value"</span>
                {finder}
                <select class="chip__value" on:change=move |ev| set(ConditionValue::Choice(event_target_value(&ev)))>
                    {move || {
                        let chosen = match value.get() { ConditionValue::Choice(id) => vec![id], _ => Vec::new() };
                        choices(&chosen).into_iter().map(|c| {
                            let selected = chosen.contains(&c.id);
                            view! { <option value=c.id selected=selected>{c.label}</option> }
                        }).collect_view()
                    }}
                </select>
            </label>
        }.into_any(),
        Shape::Choices => view! {
            <fieldset class="chip__choices">
                <legend>"Any of"</legend>
                {finder}
                {move || {
                    let chosen = match value.get() { ConditionValue::Choices(ids) => ids, _ => Vec::new() };
                    choices(&chosen).into_iter().map(|c| {
                        let checked = chosen.contains(&c.id);
                        let id = c.id.clone();
                        let toggle = move |ev| {
                            let on = event_target_checked(&ev);
                            let id = id.clone();
                            builder.edit(index, move |cond| {
                                if let ConditionValue::Choices(ids) = &mut cond.value {
                                    ids.retain(|x| *x != id);
                                    if on { ids.push(id); }
                                }
                            });
                        };
                        view! { <label class="chip__choice"><input type="checkbox" checked=checked on:change=toggle />{c.label}</label> }
                    }).collect_view()
                }}
            </fieldset>
        }.into_any(),
    }
    }
}
