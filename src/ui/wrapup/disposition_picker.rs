//! Cascading selects over the disposition tree (up to three levels); only a leaf is a choice.

use leptos::prelude::*;
use omni_protocol::Disposition;

/// The nodes offered at each level for the chosen `path` of ids.
pub fn levels(tree: &[Disposition], path: &[i64]) -> Vec<Vec<Disposition>> {
    let mut levels = vec![tree.to_vec()];
    let mut nodes = tree;
    for id in path {
        let Some(node) = nodes.iter().find(|node| node.id == *id) else {
            break;
        };
        if node.children.is_empty() {
            break;
        }
        levels.push(node.children.clone());
        nodes = &node.children;
    }
    levels
}

/// The chosen leaf, if the path ends on one.
pub fn chosen_leaf(tree: &[Disposition], path: &[i64]) -> Option<i64> {
    let mut nodes = tree;
    let mut leaf = None;
    for id in path {
        let node = nodes.iter().find(|node| node.id == *id)?;
        leaf = node.children.is_empty().then_some(node.id);
        nodes = &node.children;
    }
    leaf
}

#[component]
pub fn DispositionPicker(
    tree: Signal<Vec<Disposition>>,
    path: RwSignal<Vec<i64>>,
) -> impl IntoView {
    let names = ["Disposition", "Detail", "Sub-detail"];
    let pick = move |level: usize, value: String| {
        path.update(|path| {
            path.truncate(level);
            if let Ok(id) = value.parse() {
                path.push(id);
            }
        })
    };
    view! {
        <div class="disposition-picker">
            {move || {
                let path_now = path.get();
                levels(&tree.get(), &path_now)
                    .into_iter()
                    .enumerate()
                    .map(|(level, options)| {
                        let chosen = path_now.get(level).copied();
                        let label = names.get(level).copied().unwrap_or("Detail");
                        let id = format!("disposition-level-{level}");
                        view! {
                            <label for=id.clone()>{label}</label>
                            <select id=id data-level=level on:change=move |ev| pick(level, event_target_value(&ev))>
                                <option value="" selected=chosen.is_none()>"Choose…"</option>
                                {options
                                    .into_iter()
                                    .map(|node| {
                                        let selected = chosen == Some(node.id);
                                        let more = if node.children.is_empty() { "" } else { " ›" };
                                        view! {
                                            <option value=node.id.to_string() selected=selected>
                                                {format!("{}{more}", node.label)}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> Vec<Disposition> {
        serde_json::from_str(
            r#"[{"id":1,"label":"Resolved","children":[{"id":2,"label":"Fixed","children":[{"id":3,"label":"Config"}]},{"id":5,"label":"Answered"}]},{"id":4,"label":"Spam"}]"#,
        )
        .unwrap()
    }

    #[test]
    fn levels_open_as_the_path_descends() {
        assert_eq!(levels(&tree(), &[]).len(), 1);
        assert_eq!(levels(&tree(), &[1]).len(), 2);
        assert_eq!(levels(&tree(), &[1, 2]).len(), 3);
        assert_eq!(levels(&tree(), &[1, 2, 3]).len(), 3);
        assert_eq!(levels(&tree(), &[4]).len(), 1, "a leaf opens nothing");
    }

    #[test]
    fn only_a_leaf_is_a_choice() {
        assert_eq!(chosen_leaf(&tree(), &[]), None);
        assert_eq!(chosen_leaf(&tree(), &[1]), None);
        assert_eq!(chosen_leaf(&tree(), &[1, 5]), Some(5));
        assert_eq!(chosen_leaf(&tree(), &[1, 2, 3]), Some(3));
        assert_eq!(chosen_leaf(&tree(), &[4]), Some(4));
        assert_eq!(chosen_leaf(&tree(), &[9]), None);
    }
}
