//! A search as SQL: each condition's [`Rule`] written over its column, every value bound as
//! a parameter (none is ever part of the SQL text), and the quick search's words as quoted
//! FTS5 prefixes. The columns are those of the list's source row `s` (see
//! `db::interaction_list`); what this needs of it is said by [`Needs`].

use omni_protocol::search::{
    fields, quick,
    rule::{NumberOp, Rule, TextOp, Viewer},
    Condition, Join, Search,
};
use sqlx::{QueryBuilder, Sqlite};

/// The source columns a search reads beyond the cheap ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Needs {
    /// The viewer's unread count (a subquery per row).
    pub unread: bool,
    /// The customer's names and email (a join).
    pub customer: bool,
}

impl Needs {
    pub fn of(search: &Search) -> Needs {
        let uses = |field: &str| search.applied().any(|c| c.field == field);
        Needs {
            unread: uses(fields::READ),
            customer: uses(fields::CUSTOMER_NAME) || uses(fields::CUSTOMER_EMAIL),
        }
    }
}

/// Appends ` AND (…)` for the enabled conditions of `search` (nothing if none is).
pub fn push_search(sql: &mut QueryBuilder<Sqlite>, search: &Search, viewer: &Viewer) {
    if !search.is_active() {
        return;
    }
    let joiner = match search.join {
        Join::All => " AND ",
        Join::Any => " OR ",
    };
    sql.push(" AND (");
    for (index, condition) in search.applied().enumerate() {
        if index > 0 {
            sql.push(joiner);
        }
        push_condition(sql, condition, viewer);
    }
    sql.push(")");
}

/// How a quick search's page reads its hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitReading {
    /// Look each hit up and sort them: for a count, and for a page of few hits.
    LookUp,
    /// Walk the interactions newest first (by `interactions_recent`) and test each against
    /// the hits (`+s.id`), stopping at the page's end: for a page of many hits, which
    /// sorting would cost more (a surname finds a tenth of all interactions).
    Walk,
}

impl HitReading {
    /// The cheaper reading of a page of `rows` from `hits` of `interactions`. Walking to a
    /// page's end tests about `rows × interactions / hits` interactions, looking up sorts
    /// `hits`: the walk wins once `hits² > rows × interactions`. That assumes the hits spread
    /// over time; a walk never goes past the oldest hit, so hits bunched in recent
    /// interactions cost no more than a lookup, and bunched in old ones at most one pass
    /// over the newer interactions' index.
    pub fn for_page(hits: i64, rows: u32, interactions: i64) -> HitReading {
        let hits = hits.max(0) as i128;
        if hits * hits > i128::from(rows) * i128::from(interactions.max(0)) {
            HitReading::Walk
        } else {
            HitReading::LookUp
        }
    }
}

/// Appends ` AND …` so that every word of the quick search is found in one of the
/// interaction's documents in `interaction_search` (one per message, one for the
/// interaction itself; each also holds the customer's names and email and, for a number, the
/// interaction's id). A document's rowid is its interaction's id * 2^32 + its message's id,
/// so `rowid >> 32` names the interaction without reading a table. Text with no word in it
/// (only punctuation) finds nothing.
pub fn push_quick(sql: &mut QueryBuilder<Sqlite>, text: &str, reading: HitReading) {
    if text.trim().is_empty() {
        return;
    }
    match fts_query(text) {
        Some(query) => sql
            .push(match reading {
                HitReading::LookUp => " AND s.id IN",
                HitReading::Walk => " AND +s.id IN",
            })
            .push(" (SELECT rowid >> 32 FROM interaction_search WHERE interaction_search MATCH ")
            .push_bind(query)
            .push(")"),
        None => sql.push(" AND 0"),
    };
}

/// The FTS5 query for the quick search's words: each a quoted prefix of a word in the
/// texts or customer columns, or a number naming the interaction; all must be found.
/// `None` when the text holds no word.
fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = quick::words(text)
        .iter()
        .map(|word| {
            let prefix = format!("{{texts customer}} : {}", quick::fts_prefix(word));
            match quick::interaction_id(word) {
                Some(id) => format!("({prefix} OR number : \"{id}\")"),
                None => prefix,
            }
        })
        .collect();
    (!terms.is_empty()).then(|| terms.join(" AND "))
}

/// One condition, in parentheses; a condition whose value does not fit is false.
fn push_condition(sql: &mut QueryBuilder<Sqlite>, condition: &Condition, viewer: &Viewer) {
    let Some(rule) = Rule::of(condition, viewer) else {
        sql.push("0");
        return;
    };
    sql.push("(");
    match condition.field.as_str() {
        fields::ID => push_number(sql, "s.id", &rule),
        fields::SUBJECT => push_text(sql, "COALESCE(s.subject, '')", &rule),
        fields::CUSTOMER_NAME => push_text(sql, "s.customer_name", &rule),
        fields::CUSTOMER_EMAIL => push_text(sql, "COALESCE(s.customer_email, '')", &rule),
        fields::CASE_NUMBER => push_text(
            sql,
            "COALESCE(s.case_number, printf('CS-%06d', s.id))",
            &rule,
        ),
        fields::MESSAGE => push_message_text(sql, &rule),
        fields::ARRIVED => push_range(sql, "s.created_at", &rule),
        fields::LAST_ACTIVITY => push_range(sql, "s.activity_at", &rule),
        field => push_choices(sql, field, &rule, viewer),
    }
    sql.push(")");
}

fn push_text(sql: &mut QueryBuilder<Sqlite>, column: &str, rule: &Rule) {
    match rule {
        Rule::Text {
            op,
            needle,
            negated,
        } => {
            if *negated {
                sql.push("NOT ");
            }
            match op {
                TextOp::Equals => sql
                    .push(format!("lower({column}) = "))
                    .push_bind(needle.clone()),
                TextOp::Contains => sql
                    .push(format!("instr(lower({column}), "))
                    .push_bind(needle.clone())
                    .push(") > 0"),
                TextOp::StartsWith => sql
                    .push(format!("substr(lower({column}), 1, "))
                    .push_bind(needle.chars().count() as i64)
                    .push(") = ")
                    .push_bind(needle.clone()),
                TextOp::EndsWith => sql
                    .push(format!("substr(lower({column}), -"))
                    .push_bind(needle.chars().count() as i64)
                    .push(") = ")
                    .push_bind(needle.clone()),
            };
        }
        Rule::Empty { negated } => {
            sql.push(format!("{column} {} ''", if *negated { "<>" } else { "=" }));
        }
        _ => {
            sql.push("0");
        }
    }
}

/// Message text: some message matches the rule; a negated rule holds when none matches
/// its positive form ("does not contain": no message contains it).
fn push_message_text(sql: &mut QueryBuilder<Sqlite>, rule: &Rule) {
    let (positive, negated) = match rule {
        Rule::Text {
            op,
            needle,
            negated,
        } => (
            Rule::Text {
                op: *op,
                needle: needle.clone(),
                negated: false,
            },
            *negated,
        ),
        // "Is empty": no message has text.
        Rule::Empty { negated } => (Rule::Empty { negated: true }, !*negated),
        _ => {
            sql.push("0");
            return;
        }
    };
    if negated {
        sql.push("NOT ");
    }
    sql.push("EXISTS (SELECT 1 FROM messages m WHERE m.interaction_id = s.id AND ");
    push_text(sql, "m.body_text", &positive);
    sql.push(")");
}

fn push_number(sql: &mut QueryBuilder<Sqlite>, column: &str, rule: &Rule) {
    let Rule::Number { op, value, negated } = rule else {
        sql.push("0");
        return;
    };
    if *negated {
        sql.push("NOT ");
    }
    let op = match op {
        NumberOp::Equals => "=",
        NumberOp::LessThan => "<",
        NumberOp::GreaterThan => ">",
    };
    sql.push(format!("{column} {op} ")).push_bind(*value);
}

fn push_range(sql: &mut QueryBuilder<Sqlite>, column: &str, rule: &Rule) {
    let Rule::Range { from, below } = rule else {
        sql.push("0");
        return;
    };
    sql.push("1");
    if let Some(from) = from {
        sql.push(format!(" AND {column} >= ")).push_bind(*from);
    }
    if let Some(below) = below {
        sql.push(format!(" AND {column} < ")).push_bind(*below);
    }
}

/// A choice field: whether the row holds one of the rule's ids (none of them, negated).
/// Every test is true or false, never NULL, so `NOT` inverts it exactly.
fn push_choices(sql: &mut QueryBuilder<Sqlite>, field: &str, rule: &Rule, viewer: &Viewer) {
    let Rule::Choices { ids, negated } = rule else {
        sql.push("0");
        return;
    };
    if *negated {
        sql.push("NOT ");
    }
    sql.push("(");
    for (index, id) in ids.iter().enumerate() {
        if index > 0 {
            sql.push(" OR ");
        }
        push_holds(sql, field, id, viewer);
    }
    sql.push(")");
}

/// Whether the row's `field` holds choice `id`.
fn push_holds(sql: &mut QueryBuilder<Sqlite>, field: &str, id: &str, viewer: &Viewer) {
    // Only an id as the desk writes it ("7", not "+7" or "007"): both sides read it alike.
    let number = id.parse::<i64>().ok().filter(|n| n.to_string() == id);
    match (field, number) {
        (fields::STATUS, _) => {
            sql.push("s.state = ").push_bind(id.to_owned());
        }
        (fields::CHANNEL, _) => {
            sql.push("s.channel = ").push_bind(id.to_owned());
        }
        (fields::READ, _) if id == "unread" => {
            sql.push("s.unread > 0");
        }
        (fields::READ, _) if id == "read" => {
            sql.push("s.unread = 0");
        }
        (fields::AGENT, _) if id == fields::ME => {
            sql.push("s.agent_id IS ").push_bind(viewer.me);
        }
        (fields::AGENT, _) if id == fields::NOBODY => {
            sql.push("s.agent_id IS NULL");
        }
        (fields::AGENT, Some(agent)) => {
            sql.push("s.agent_id IS ").push_bind(agent);
        }
        (fields::QUEUE, Some(queue)) => {
            sql.push("s.queue_id = ").push_bind(queue);
        }
        (fields::ACCOUNT, Some(account)) => {
            sql.push("s.queue_id IN (SELECT queue_id FROM email_accounts WHERE id = ")
                .push_bind(account)
                .push(")");
        }
        (fields::DISPOSITION, Some(disposition)) => {
            // The disposition or one below it (the tree is at most three deep).
            sql.push(
                "COALESCE(s.disposition_id IN (SELECT d.id FROM dispositions d \
                 LEFT JOIN dispositions p ON p.id = d.parent_id WHERE d.id = ",
            )
            .push_bind(disposition)
            .push(" OR d.parent_id = ")
            .push_bind(disposition)
            .push(" OR p.parent_id = ")
            .push_bind(disposition)
            .push("), 0)");
        }
        (fields::SUB_STATUS, _) => {
            sql.push("s.sub_status IS ").push_bind(id.to_owned());
        }
        (fields::TAG, _) => {
            sql.push(
                "EXISTS (SELECT 1 FROM interaction_tags t WHERE t.interaction_id = s.id AND t.tag = ",
            )
            .push_bind(id.to_owned())
            .push(")");
        }
        _ => {
            sql.push("0");
        }
    }
}
