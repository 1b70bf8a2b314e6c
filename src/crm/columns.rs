//! The Customers list's columns, in the order the agent dragged them to (seed 004: "select
//! and drag the column to the desired location"), remembered per agent in this browser.

/// One column of the Customers list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Name,
    Account,
    Company,
    Email,
    Phone,
    Updated,
}

impl Column {
    /// Every column, in the order a new agent sees them.
    pub const ALL: [Column; 6] = [
        Column::Name,
        Column::Account,
        Column::Company,
        Column::Email,
        Column::Phone,
        Column::Updated,
    ];

    /// Its word in the saved order.
    pub fn key(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::Account => "account",
            Column::Company => "company",
            Column::Email => "email",
            Column::Phone => "phone",
            Column::Updated => "updated",
        }
    }

    pub fn heading(self) -> &'static str {
        match self {
            Column::Name => "Name",
            Column::Account => "Account",
            Column::Company => "Company",
            Column::Email => "Email",
            Column::Phone => "Phone",
            Column::Updated => "Updated",
        }
    }

    fn from_key(key: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|column| column.key() == key)
    }
}

/// The order saved as `saved` ("email,name,…"). Unknown words are dropped and columns the
/// text lacks (added since it was saved) follow in their default order, so a stale or
/// tampered value still shows every column once.
pub fn parse(saved: &str) -> Vec<Column> {
    let mut order: Vec<Column> = Vec::new();
    for column in saved
        .split(',')
        .filter_map(|key| Column::from_key(key.trim()))
    {
        if !order.contains(&column) {
            order.push(column);
        }
    }
    for column in Column::ALL {
        if !order.contains(&column) {
            order.push(column);
        }
    }
    order
}

pub fn to_text(order: &[Column]) -> String {
    order
        .iter()
        .map(|column| column.key())
        .collect::<Vec<_>>()
        .join(",")
}

/// `order` with `moved` dropped on `target`: the dragged column takes the target's place,
/// and the columns between shift one place towards where it came from.
pub fn moved(order: &[Column], moved: Column, target: Column) -> Vec<Column> {
    let (Some(from), Some(to)) = (
        order.iter().position(|c| *c == moved),
        order.iter().position(|c| *c == target),
    ) else {
        return order.to_vec();
    };
    let mut order = order.to_vec();
    let column = order.remove(from);
    order.insert(to, column);
    order
}

/// `column` one place to the left (`-1`) or right (`1`): the keyboard's way to drag.
pub fn nudged(order: &[Column], column: Column, step: isize) -> Vec<Column> {
    let Some(from) = order.iter().position(|c| *c == column) else {
        return order.to_vec();
    };
    let to = from as isize + step;
    if to < 0 || to as usize >= order.len() {
        return order.to_vec();
    }
    moved(order, column, order[to as usize])
}

/// The storage key of agent `agent_id`'s order.
pub fn storage_key(agent_id: i64) -> String {
    format!("omni-crm.columns.{agent_id}")
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use Column::*;

    #[test]
    fn a_dragged_column_takes_the_place_of_the_one_it_is_dropped_on() {
        let order = Column::ALL.to_vec();
        assert_eq!(
            moved(&order, Email, Name),
            [Email, Name, Account, Company, Phone, Updated]
        );
        assert_eq!(
            moved(&order, Name, Phone),
            [Account, Company, Email, Phone, Name, Updated]
        );
        assert_eq!(moved(&order, Phone, Phone), order);
    }

    #[test]
    fn the_keyboard_moves_one_place_and_stops_at_the_ends() {
        let order = Column::ALL.to_vec();
        assert_eq!(nudged(&order, Name, -1), order);
        assert_eq!(
            nudged(&order, Name, 1),
            [Account, Name, Company, Email, Phone, Updated]
        );
        assert_eq!(nudged(&order, Updated, 1), order);
    }

    #[test]
    fn a_saved_order_comes_back_and_a_broken_one_still_shows_every_column() {
        let order = [Phone, Email, Name, Account, Company, Updated];
        assert_eq!(parse(&to_text(&order)), order);
        assert_eq!(parse(""), Column::ALL);
        assert_eq!(
            parse("email,email,bogus, phone"),
            [Email, Phone, Name, Account, Company, Updated]
        );
    }

    proptest! {
        #[test]
        fn any_saved_text_gives_each_column_exactly_once(saved in ".{0,80}") {
            let order = parse(&saved);
            prop_assert_eq!(order.len(), Column::ALL.len());
            for column in Column::ALL {
                prop_assert!(order.contains(&column));
            }
        }

        #[test]
        fn moves_keep_each_column_once(a in 0usize..6, b in 0usize..6, step in -2isize..3) {
            let order = moved(&Column::ALL, Column::ALL[a], Column::ALL[b]);
            let order = nudged(&order, Column::ALL[b], step);
            prop_assert_eq!(parse(&to_text(&order)), order);
        }
    }
}
