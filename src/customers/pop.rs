//! The screen pop's rules (PRODUCT D1–D3, seeds 000–002). On offer and on accept the desk
//! looks the customer up by the interaction's email (email) or phone (chat); what it then
//! shows depends on how many records match.

use omni_protocol::{Channel, Customer, CustomerInput, InteractionSummary};

/// What a pop looks up: the address the interaction came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Lookup {
    Email(String),
    Phone(String),
}

impl Lookup {
    /// The lookup of `interaction`: its email for email, its phone for chat. None when the
    /// channel gave no address (a bounce from the null sender).
    pub fn of(interaction: &InteractionSummary) -> Option<Lookup> {
        let customer = &interaction.customer;
        let address = match interaction.channel {
            Channel::Email => customer.email.clone().map(Lookup::Email),
            Channel::Chat => customer.phone.clone().map(Lookup::Phone),
        };
        address.filter(|lookup| !lookup.text().trim().is_empty())
    }

    pub fn text(&self) -> &str {
        match self {
            Lookup::Email(text) | Lookup::Phone(text) => text,
        }
    }
}

/// What the context panel shows for an interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing is known yet (the lookup is on its way).
    Looking,
    /// No record matches: the New Contact form, prefilled.
    NewContact,
    /// This record: the linked one, the only match, or the first of several with "auto
    /// multi-match record pop" on.
    Record(i64),
    /// Several match and the agent chooses (the avatar lists them).
    Choose,
}

/// The pop's rule. A linked customer is always shown; otherwise 0 matches open the New
/// Contact form, 1 shows its record, several show nothing unless `auto_multi_match` is on,
/// which shows the first.
pub fn outcome(
    linked: Option<i64>,
    matches: Option<&[Customer]>,
    auto_multi_match: bool,
) -> Outcome {
    if let Some(id) = linked {
        return Outcome::Record(id);
    }
    match matches {
        None => Outcome::Looking,
        Some([]) => Outcome::NewContact,
        Some([only]) => Outcome::Record(only.id),
        Some([first, ..]) if auto_multi_match => Outcome::Record(first.id),
        Some(_) => Outcome::Choose,
    }
}

/// The New Contact form's first values: the name the channel gave (its last word as the last
/// name, as the From header of "Olivia Grant" or "María José García" reads), and the address
/// the interaction came from.
pub fn prefill(interaction: &InteractionSummary) -> CustomerInput {
    let name = interaction.customer.name.trim();
    let (first, last) = match name.rsplit_once(char::is_whitespace) {
        Some((first, last)) => (first.trim(), last.trim()),
        None => (name, ""),
    };
    let mut input = CustomerInput {
        first_name: first.to_owned(),
        last_name: last.to_owned(),
        ..CustomerInput::default()
    };
    // A name that is the address itself (an unnamed sender) is no name.
    if Lookup::of(interaction).is_some_and(|lookup| lookup.text() == name) {
        input.first_name.clear();
        input.last_name.clear();
    }
    match Lookup::of(interaction) {
        Some(Lookup::Email(email)) => input.emails.push(email),
        Some(Lookup::Phone(phone)) => input.phones.push(phone),
        None => {}
    }
    input
}

/// Two letters for an avatar: the initials of first and last name, in any script.
pub fn initials(name: &str) -> String {
    let mut words = name.split_whitespace();
    let first = words.next().and_then(|w| w.chars().next());
    let last = words.last().and_then(|w| w.chars().next());
    first
        .into_iter()
        .chain(last)
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::fixtures;

    fn customer(id: i64) -> Customer {
        fixtures::customer(id, 1)
    }

    #[test]
    fn none_one_or_several_matches_give_the_three_outcomes() {
        let two = [customer(4), customer(9)];
        assert_eq!(outcome(None, None, false), Outcome::Looking);
        assert_eq!(outcome(None, Some(&[]), false), Outcome::NewContact);
        assert_eq!(outcome(None, Some(&two[..1]), false), Outcome::Record(4));
        assert_eq!(outcome(None, Some(&two), false), Outcome::Choose);
        assert_eq!(outcome(None, Some(&two), true), Outcome::Record(4));
        // Linked is linked, whatever the lookup says.
        assert_eq!(outcome(Some(9), Some(&[]), false), Outcome::Record(9));
    }

    #[test]
    fn email_looks_up_the_email_and_chat_the_phone() {
        let mut email = fixtures::interaction(1, omni_protocol::InteractionState::Active);
        email.customer.email = Some("olivia.grant@example.com".into());
        email.customer.phone = Some("+14155550142".into());
        assert_eq!(
            Lookup::of(&email),
            Some(Lookup::Email("olivia.grant@example.com".into()))
        );
        let mut chat = email.clone();
        chat.channel = Channel::Chat;
        assert_eq!(
            Lookup::of(&chat),
            Some(Lookup::Phone("+14155550142".into()))
        );
        chat.customer.phone = None;
        assert_eq!(Lookup::of(&chat), None);
    }

    #[test]
    fn the_form_is_prefilled_with_the_senders_name_and_address() {
        let mut from = fixtures::interaction(1, omni_protocol::InteractionState::Active);
        from.customer.id = None;
        from.customer.name = "María José García".into();
        from.customer.email = Some("mj@example.es".into());
        let input = prefill(&from);
        assert_eq!(
            (input.first_name.as_str(), input.last_name.as_str()),
            ("María José", "García")
        );
        assert_eq!(input.emails, ["mj@example.es"]);
        // A name in one word (王芳) is the first name; the agent adds the rest.
        from.customer.name = "王芳".into();
        assert_eq!(prefill(&from).first_name, "王芳");
        // An unnamed sender's "name" is its address: no name is guessed from it.
        from.customer.name = "mj@example.es".into();
        assert_eq!(prefill(&from).first_name, "");
    }

    #[test]
    fn initials_take_the_first_letters_in_any_script() {
        assert_eq!(initials("maria rossi"), "MR");
        assert_eq!(initials("Ōkubo"), "Ō");
        assert_eq!(initials("  "), "");
        assert_eq!(initials("Nguyễn Thị Lan"), "NL");
    }
}
