//! The customer form: the desk's New Contact (0 matches, prefilled from the interaction),
//! the Local CRM's New Customer, and both apps' Edit. First and last name required, emails
//! and phones, company, two addresses; Save, or Save as Draft for a new one. The field in
//! error says why, and nothing typed is lost.

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::CustomerInput;

pub use crate::actions::customers::SaveContact;

/// What the form is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormPurpose {
    New,
    /// Changes the record the agent saw at `version`.
    Edit {
        version: u64,
    },
}

fn joined(list: &[String]) -> String {
    list.join(", ")
}

fn split(text: &str) -> Vec<String> {
    text.split([',', ';', '\n'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `save_label` names Save ("Save and link" when it links the interaction too); Cancel is
/// there when `on_done` is, which runs after a save or a cancel.
#[component]
pub fn ContactForm(
    purpose: FormPurpose,
    initial: CustomerInput,
    save: SaveContact,
    #[prop(default = "Save")] save_label: &'static str,
    #[prop(optional)] on_done: Option<Callback<()>>,
) -> impl IntoView {
    let saver = StoredValue::new_local(save);
    let first = RwSignal::new(initial.first_name.clone());
    let last = RwSignal::new(initial.last_name.clone());
    let company = RwSignal::new(initial.company.clone());
    let emails = RwSignal::new(joined(&initial.emails));
    let phones = RwSignal::new(joined(&initial.phones));
    let primary = RwSignal::new(initial.primary_address.clone());
    let secondary = RwSignal::new(initial.secondary_address.clone());
    let problem = RwSignal::new(None::<(String, String)>);
    let busy = RwSignal::new(false);

    let typed = move |draft: bool| CustomerInput {
        first_name: first.get_untracked(),
        last_name: last.get_untracked(),
        company: company.get_untracked(),
        emails: split(&emails.get_untracked()),
        phones: split(&phones.get_untracked()),
        primary_address: primary.get_untracked(),
        secondary_address: secondary.get_untracked(),
        draft,
        version: match purpose {
            FormPurpose::Edit { version } => Some(version),
            FormPurpose::New => None,
        },
    };
    let save = move |draft: bool| {
        let input = typed(draft);
        // The same check the server makes, so most mistakes are said before sending.
        if let Err(local) = input.checked() {
            problem.set(Some((local.field.to_owned(), local.sentence)));
            return;
        }
        problem.set(None);
        busy.set(true);
        let saving = saver.with_value(|save| save(input));
        spawn_local(async move {
            let saved = saving.await;
            busy.set(false);
            match saved {
                Ok(()) => {
                    // Saving may have moved the page on, taking this form (and its
                    // callback) with it.
                    if let Some(done) = on_done {
                        done.try_run(());
                    }
                }
                Err(failure) => {
                    problem.set(Some((failure.field.unwrap_or_default(), failure.message)))
                }
            }
        });
    };
    let error_of = move |field: &'static str| {
        move || {
            problem.get().filter(|(at, _)| at == field).map(|(_, sentence)| {
                view! { <p class="form-error" role="alert" id=format!("contact-{field}-error")>{sentence}</p> }
            })
        }
    };
    let other_error = move || {
        problem
            .get()
            .filter(|(at, _)| {
                ![
                    "first_name",
                    "last_name",
                    "company",
                    "emails",
                    "phones",
                    "primary_address",
                    "secondary_address",
                ]
                .contains(&at.as_str())
            })
            .map(|(_, sentence)| view! { <p class="form-error" role="alert">{sentence}</p> })
    };
    let field = move |id: &'static str,
                      label: &'static str,
                      value: RwSignal<String>,
                      hint: &'static str| {
        view! {
            <label class="contact-form__field" for=format!("contact-{id}")>
                <span>{label}</span>
                <input id=format!("contact-{id}") type="text" prop:value=move || value.get()
                    aria-invalid=move || problem.with(|p| p.as_ref().is_some_and(|(at, _)| at == id)).to_string()
                    placeholder=hint on:input=move |ev| value.set(event_target_value(&ev)) />
            </label>
            {error_of(id)}
        }
    };
    let is_new = purpose == FormPurpose::New;
    let cancel = move |_| {
        if let Some(done) = on_done {
            done.run(());
        }
    };
    view! {
        <form class="contact-form" novalidate on:submit=move |ev| { ev.prevent_default(); save(false); }>
            {field("first_name", "First name *", first, "")}
            {field("last_name", "Last name *", last, "")}
            {field("emails", "Email", emails, "name@example.com, another@example.com")}
            {field("phones", "Phone", phones, "+39 06 1234 5678")}
            {field("company", "Company", company, "")}
            {field("primary_address", "Primary address", primary, "")}
            {field("secondary_address", "Secondary address", secondary, "")}
            {other_error}
            <div class="contact-form__actions">
                <button class="button button--primary" type="submit" disabled=busy>
                    {save_label}
                </button>
                {is_new.then(|| view! {
                    <button class="button" type="button" disabled=busy on:click=move |_| save(true)
                        title="Keep it incomplete: a draft is not used to match interactions">
                        "Save as draft"
                    </button>
                })}
                {on_done.is_some().then(|| view! { <button class="button button--quiet" type="button" on:click=cancel>"Cancel"</button> })}
            </div>
        </form>
    }
}
