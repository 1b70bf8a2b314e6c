//! One search language (B19): for a table of conditions × interactions, the desk's judge
//! (`omni_protocol::search::judge`, which decides about events) and the server's SQL pick the
//! same interactions, for two viewers. Values that look like SQL or FTS syntax are inert.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use omni_protocol::list::query_value;
use omni_protocol::search::{fields as f, judge::judge, rule::Viewer};
use omni_protocol::{
    Condition, ConditionValue as V, InteractionPage, InteractionSummary, Join, Operator as O,
    Search, Verdict,
};

use crate::common::TestServer;

const DAY: i64 = 86_400_000;
/// 2026-11-20T10:00:00Z: the day the oldest rows arrived.
const BASE: i64 = 1_795_168_800_000;

/// One interaction of the table, stored as the server stores it.
struct Row {
    customer: (&'static str, &'static str, Option<&'static str>),
    subject: Option<&'static str>,
    body: &'static str,
    state: &'static str,
    agent: Option<&'static str>,
    queue: &'static str,
    channel: &'static str,
    /// When it arrived, ms (`None`: an hour ago).
    at: Option<i64>,
    tags: &'static [&'static str],
    sub_status: Option<&'static str>,
}

fn rows() -> Vec<Row> {
    let row = |customer, subject, body, state, agent, queue, at, tags| Row {
        customer,
        subject,
        body,
        state,
        agent,
        queue,
        channel: "email",
        at,
        tags,
        sub_status: None,
    };
    vec![
        row(
            ("Jürgen", "Müller", Some("jm@example.de")),
            Some("Refund for order 77"),
            "Please refund the invoice.",
            "open",
            Some("anna"),
            "Support Email",
            Some(BASE),
            &["vip"],
        ),
        row(
            ("Ana", "López", Some("ana@ejemplo.es")),
            Some("refund?"),
            "¿Dónde está mi dinero?",
            "closed",
            Some("ben"),
            "Billing Email",
            Some(BASE + DAY),
            &["late", "vip"],
        ),
        row(
            ("李", "雷", Some("li.lei@example.cn")),
            Some("发票问题"),
            "我需要发票",
            "queued",
            None,
            "Support Email",
            Some(BASE + 2 * DAY),
            &[],
        ),
        row(
            (
                "Robert'); DROP TABLE interactions;--",
                "O'Brien",
                Some("rob@example.com"),
            ),
            Some("100% sure_thing ' OR 1=1 --"),
            "\"refund\" OR NEAR(a b) *",
            "active",
            Some("anna"),
            "Billing Email",
            Some(BASE + 2 * DAY + 3_600_000),
            &["' OR ''='"],
        ),
        row(
            ("Émilie", "Dubois", None),
            None,
            "Bonjour",
            "open",
            None,
            "Support Email",
            None,
            &[],
        ),
        row(
            ("Jürgen", "Müller", Some("jm@example.de")),
            Some("Re: Refund for order 77"),
            "Still waiting",
            "wrap_up",
            Some("ben"),
            "Support Email",
            None,
            &["late"],
        ),
        row(
            ("Ana", "López", Some("ana@ejemplo.es")),
            Some("Chat"),
            "hola",
            "offered",
            None,
            "Support Email",
            Some(BASE + 3 * DAY),
            &[],
        ),
        Row {
            channel: "chat",
            sub_status: None,
            ..row(
                ("Émilie", "Dubois", None),
                None,
                "Salut",
                "active",
                Some("ben"),
                "Support Email",
                None,
                &["vip"],
            )
        },
        Row {
            sub_status: Some("Pending"),
            ..row(
                ("Ana", "López", Some("ana@ejemplo.es")),
                Some("REFUND"),
                "",
                "open",
                Some("anna"),
                "Billing Email",
                Some(BASE + 4 * DAY),
                &[],
            )
        },
        row(
            ("Jürgen", "Müller", Some("jm@example.de")),
            Some(""),
            "Empty subject",
            "closed",
            None,
            "Billing Email",
            Some(BASE + 5 * DAY - 1),
            &["vip"],
        ),
    ]
}

/// A customer (not a draft) with `email` if given, written as the API writes one.
async fn new_customer(db: &sqlx::SqlitePool, first: &str, last: &str, email: Option<&str>) -> i64 {
    let input = omni_protocol::CustomerInput {
        first_name: first.into(),
        last_name: last.into(),
        emails: email.map(str::to_owned).into_iter().collect(),
        ..Default::default()
    };
    let mut conn = db.acquire().await.unwrap();
    omni_server::db::customers::insert(&mut conn, &input.checked().unwrap(), 0)
        .await
        .unwrap()
}

async fn store(server: &TestServer, rows: &[Row]) -> Vec<i64> {
    let db = &server.state.db;
    let now = omni_server::clock::now_ms();
    let mut ids = Vec::new();
    for row in rows {
        let (first, last, email) = row.customer;
        // Customers are unique by email; one without email is new each time.
        let known = match email {
            Some(email) => omni_server::db::customers::by_email(&server.state, email)
                .await
                .unwrap()
                .first()
                .copied(),
            None => None,
        };
        let customer = match known {
            Some(id) => id,
            None => new_customer(db, first, last, email).await,
        };
        let agent: Option<i64> = match row.agent {
            Some(name) => Some(
                sqlx::query_scalar("SELECT id FROM agents WHERE username = ?")
                    .bind(name)
                    .fetch_one(db)
                    .await
                    .unwrap(),
            ),
            None => None,
        };
        let at = row.at.unwrap_or(now - 3_600_000);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO interactions (queue_id, channel, customer_id, contact_address, subject, \
             first_message, state, agent_id, created_at, sub_status, version) \
             VALUES ((SELECT id FROM queues WHERE name = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
        )
        .bind(row.queue)
        .bind(row.channel)
        .bind(customer)
        .bind(email.filter(|_| row.channel == "email"))
        .bind(row.subject)
        .bind(row.body)
        .bind(row.state)
        .bind(agent)
        .bind(at)
        .bind(row.sub_status)
        .fetch_one(db)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO messages (interaction_id, direction, kind, from_json, subject, sent_at, body_text, created_at) \
             VALUES (?, 'inbound', 'email', '{\"address\":\"c@example.com\"}', ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(row.subject)
        .bind(at)
        .bind(row.body)
        .bind(at)
        .execute(db)
        .await
        .unwrap();
        for tag in row.tags {
            sqlx::query("INSERT INTO interaction_tags (interaction_id, tag) VALUES (?, ?)")
                .bind(id)
                .bind(tag)
                .execute(db)
                .await
                .unwrap();
        }
        ids.push(id);
    }
    ids
}

fn when(field: &str, op: O, value: V) -> Search {
    Search {
        join: Join::All,
        conditions: vec![Condition {
            field: field.into(),
            op,
            value,
            enabled: true,
        }],
    }
}

fn text(t: &str) -> V {
    V::Text(t.into())
}

fn choice(c: &str) -> V {
    V::Choice(c.into())
}

/// Every operator of every field the desk judges, with values that are hard to get right.
fn table(anna: i64, ben: i64, first_id: i64) -> Vec<Search> {
    let mut cases = vec![
        when(f::SUBJECT, O::Contains, text("refund")),
        when(f::SUBJECT, O::Contains, text("REFUND")),
        when(f::SUBJECT, O::Equals, text("refund for order 77")),
        when(f::SUBJECT, O::NotEquals, text("REFUND")),
        when(f::SUBJECT, O::StartsWith, text("re")),
        when(f::SUBJECT, O::EndsWith, text(" 77")),
        when(f::SUBJECT, O::NotContains, text("refund")),
        when(f::SUBJECT, O::IsEmpty, V::None),
        when(f::SUBJECT, O::IsNotEmpty, V::None),
        when(f::SUBJECT, O::Contains, text("%")),
        when(f::SUBJECT, O::Contains, text("_")),
        when(f::SUBJECT, O::Contains, text("' OR 1=1 --")),
        when(f::SUBJECT, O::Equals, text("' OR ''='")),
        when(f::SUBJECT, O::Contains, text("发票")),
        when(f::SUBJECT, O::StartsWith, text("发票问题，还有")),
        when(f::CUSTOMER_NAME, O::Contains, text("Müller")),
        when(f::CUSTOMER_NAME, O::Contains, text("MÜLLER")),
        when(f::CUSTOMER_NAME, O::StartsWith, text("ana")),
        when(f::CUSTOMER_NAME, O::Equals, text("李 雷")),
        when(f::CUSTOMER_NAME, O::Contains, text("drop table")),
        when(f::CUSTOMER_EMAIL, O::EndsWith, text(".DE")),
        when(f::CUSTOMER_EMAIL, O::IsEmpty, V::None),
        when(f::CASE_NUMBER, O::StartsWith, text("cs-")),
        when(f::STATUS, O::Is, choice("open")),
        when(f::STATUS, O::IsNot, choice("closed")),
        when(
            f::STATUS,
            O::IsAnyOf,
            V::Choices(vec!["queued".into(), "offered".into()]),
        ),
        when(f::READ, O::Is, choice("unread")),
        when(f::READ, O::Is, choice("read")),
        when(f::AGENT, O::Is, choice(f::ME)),
        when(f::AGENT, O::Is, choice(f::NOBODY)),
        when(f::AGENT, O::IsNot, choice(&anna.to_string())),
        when(
            f::AGENT,
            O::IsAnyOf,
            V::Choices(vec![ben.to_string(), f::NOBODY.into()]),
        ),
        when(f::AGENT, O::IsNot, choice(f::ME)),
        when(f::CHANNEL, O::Is, choice("chat")),
        when(f::TAG, O::Is, choice("vip")),
        when(f::TAG, O::IsNot, choice("vip")),
        when(
            f::TAG,
            O::IsAnyOf,
            V::Choices(vec!["late".into(), "vip".into()]),
        ),
        when(f::TAG, O::Is, choice("' OR ''='")),
        when(f::TAG, O::Is, choice("VIP")),
        when(f::SUB_STATUS, O::Is, choice("Pending")),
        when(f::SUB_STATUS, O::IsNot, choice("Pending")),
        when(f::ARRIVED, O::On, V::Date("2026-11-22".into())),
        when(f::ARRIVED, O::Before, V::Date("2026-11-22".into())),
        when(f::ARRIVED, O::After, V::Date("2026-11-22".into())),
        when(f::ARRIVED, O::After, V::At(BASE + DAY)),
        when(f::ARRIVED, O::Before, V::At(BASE + DAY)),
        when(f::ARRIVED, O::WithinLastDays, V::Days(2)),
        when(f::LAST_ACTIVITY, O::WithinLastDays, V::Days(1)),
        when(f::LAST_ACTIVITY, O::On, V::Date("2026-11-24".into())),
        when(f::ID, O::Equals, V::Number(first_id + 3)),
        when(f::ID, O::NotEquals, V::Number(first_id + 3)),
        when(f::ID, O::LessThan, V::Number(first_id + 2)),
        when(f::ID, O::GreaterThan, V::Number(first_id + 7)),
    ];
    let refund = when(f::SUBJECT, O::Contains, text("refund")).conditions[0].clone();
    let open = when(f::STATUS, O::Is, choice("open")).conditions[0].clone();
    let vip = when(f::TAG, O::Is, choice("vip")).conditions[0].clone();
    for join in [Join::All, Join::Any] {
        cases.push(Search {
            join,
            conditions: vec![refund.clone(), open.clone(), vip.clone()],
        });
        cases.push(Search {
            join,
            conditions: vec![
                refund.clone(),
                Condition {
                    enabled: false,
                    ..open.clone()
                },
            ],
        });
        cases.push(Search {
            join,
            conditions: vec![Condition {
                enabled: false,
                ..vip.clone()
            }],
        });
    }
    cases
}

async fn found(server: &TestServer, token: &str, query: &str) -> BTreeSet<i64> {
    let uri = format!("/api/v1/interactions?limit=200&{query}");
    let (status, body) = server.call("GET", &uri, Some(token), None).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    let page: InteractionPage = serde_json::from_value(body).unwrap();
    page.items.iter().map(|i| i.id).collect()
}

fn search_query(search: &Search, ids: &[i64]) -> String {
    let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
    format!(
        "search={}&tz=0&ids={}",
        query_value(&serde_json::to_string(search).unwrap()),
        ids.join(",")
    )
}

#[tokio::test]
async fn the_desks_judge_and_the_servers_sql_agree_on_every_row() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let ben = server.sign_in("ben").await;
    let ids = store(&server, &rows()).await;
    let interactions_before: i64 = sqlx::query_scalar("SELECT count(*) FROM interactions")
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    // Ben has read the first one.
    let uri = format!("/api/v1/interactions/{}/read", ids[0]);
    assert_eq!(
        server.call("POST", &uri, Some(&ben.token), None).await.0,
        StatusCode::OK
    );

    let mut rows_agreed = 0;
    let mut matched = 0;
    for (me, token) in [(anna.agent.id, &anna.token), (ben.agent.id, &ben.token)] {
        let uri = format!("/api/v1/interactions?limit=200&ids={}", {
            let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
            ids.join(",")
        });
        let (_, body) = server.call("GET", &uri, Some(token), None).await;
        let held: Vec<InteractionSummary> = serde_json::from_value::<InteractionPage>(body)
            .unwrap()
            .items;
        assert_eq!(held.len(), ids.len());
        let viewer = Viewer {
            me,
            now_ms: omni_server::clock::now_ms(),
            utc_offset_minutes: 0,
        };
        for search in table(anna.agent.id, ben.agent.id, ids[0]) {
            let by_sql = found(&server, token, &search_query(&search, &ids)).await;
            for item in &held {
                let verdict = judge(&search, item, &viewer);
                assert_ne!(
                    verdict,
                    Verdict::AskServer,
                    "{search:?}: the summary holds it"
                );
                assert_eq!(
                    verdict == Verdict::Yes,
                    by_sql.contains(&item.id),
                    "viewer {me}, interaction {} ({:?}), {search:?}",
                    item.id,
                    item.subject
                );
                rows_agreed += 1;
            }
            matched += by_sql.len();
        }
    }
    assert!(rows_agreed >= 60 * 2, "{rows_agreed} rows");
    assert!(
        matched > 0 && matched < rows_agreed,
        "the table both keeps and drops rows"
    );
    let interactions_after: i64 = sqlx::query_scalar("SELECT count(*) FROM interactions")
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    assert_eq!(
        interactions_before, interactions_after,
        "no value ran as SQL"
    );
}

#[tokio::test]
async fn what_only_the_server_holds_is_searched_there() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let ids = store(&server, &rows()).await;
    let cases = [
        (when(f::MESSAGE, O::Contains, text("INVOICE")), vec![0]),
        (
            when(f::MESSAGE, O::Contains, text("\"refund\" OR NEAR(a b) *")),
            vec![3],
        ),
        (when(f::MESSAGE, O::IsEmpty, V::None), vec![8]),
        (
            when(f::MESSAGE, O::NotContains, text("e")),
            vec![2, 4, 5, 6, 7, 8],
        ),
        (
            when(
                f::QUEUE,
                O::Is,
                choice(&server.queue_id("Billing Email").await.to_string()),
            ),
            vec![1, 3, 8, 9],
        ),
    ];
    for (search, expected) in cases {
        let expected: BTreeSet<i64> = expected.into_iter().map(|i| ids[i]).collect();
        assert_eq!(
            found(&server, &anna.token, &search_query(&search, &ids)).await,
            expected,
            "{search:?}"
        );
    }
}

#[tokio::test]
async fn quick_search_folds_diacritics_matches_prefixes_and_treats_syntax_as_words() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let ids = store(&server, &rows()).await;
    let quick = |q: &str| {
        let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
        format!("q={}&ids={}", query_value(q), ids.join(","))
    };
    let set = |rows: &[usize]| -> BTreeSet<i64> { rows.iter().map(|i| ids[*i]).collect() };
    let cases: Vec<(String, BTreeSet<i64>)> = vec![
        ("muller".into(), set(&[0, 5, 9])),
        ("MÜLLER".into(), set(&[0, 5, 9])),
        ("lopez refund".into(), set(&[1, 8])),
        ("refun".into(), set(&[0, 1, 3, 5, 8])),
        ("invoice".into(), set(&[0])),
        ("ejemplo.es".into(), set(&[1, 6, 8])),
        ("emilie".into(), set(&[4, 7])),
        ("发票".into(), set(&[2])),
        (format!("#{}", ids[4]), set(&[4])),
        // "OR" is a word like any other: here the start of "order".
        ("refund OR".into(), set(&[0, 3, 5])),
        ("NEAR(a".into(), set(&[3])),
        ("\"refund\"".into(), set(&[0, 1, 3, 5, 8])),
        ("*".into(), set(&[])),
        ("' OR 1=1 --".into(), set(&[3])),
        ("nothing-like-this".into(), set(&[])),
    ];
    for (q, expected) in cases {
        assert_eq!(
            found(&server, &anna.token, &quick(&q)).await,
            expected,
            "quick search {q:?}"
        );
    }
}

/// The index is written again when an interaction's text changes: a note added, a message
/// corrected, the customer renamed, the subject changed, messages removed.
#[tokio::test]
async fn quick_search_follows_new_notes_corrected_text_and_renamed_customers() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let ids = store(&server, &rows()).await;
    let (first, second) = (ids[0], ids[1]);
    let db = &server.state.db;
    let quick = |q: &str| {
        format!(
            "q={}&ids={}",
            query_value(q),
            ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        )
    };
    let find = |q: &'static str| {
        let (server, token, url) = (&server, anna.token.clone(), quick(q));
        async move { found(server, &token, &url).await }
    };
    sqlx::query(
        "INSERT INTO messages (interaction_id, direction, kind, from_json, sent_at, body_text, created_at) \
         VALUES (?, 'outbound', 'note', '{}', 0, 'Called back about the zeppelin', 0)",
    )
    .bind(first)
    .execute(db)
    .await
    .unwrap();
    assert_eq!(find("zeppelin").await, BTreeSet::from([first]));
    assert_eq!(
        find("zeppelin muller").await,
        BTreeSet::from([first]),
        "words from a note and the customer"
    );

    sqlx::query("UPDATE messages SET body_text = 'Called back about the airship' WHERE body_text LIKE '%zeppelin%'")
        .execute(db)
        .await
        .unwrap();
    assert!(find("zeppelin").await.is_empty());
    assert_eq!(find("airship").await, BTreeSet::from([first]));

    sqlx::query("UPDATE customers SET last_name = 'Quartermaine' WHERE id = (SELECT customer_id FROM interactions WHERE id = ?)")
        .bind(second)
        .execute(db)
        .await
        .unwrap();
    assert!(find("quarterm").await.contains(&second));
    assert!(!find("lopez").await.contains(&second));

    for subject in ["Hovercraft", "Blimp"] {
        sqlx::query("UPDATE interactions SET subject = ? WHERE id = ?")
            .bind(subject)
            .bind(second)
            .execute(db)
            .await
            .unwrap();
    }
    assert!(
        find("hovercraft").await.is_empty(),
        "the old subject is gone"
    );
    assert_eq!(find("blimp").await, BTreeSet::from([second]));
    assert!(
        find("dinero").await.contains(&second),
        "its messages are still found"
    );

    sqlx::query("DELETE FROM messages WHERE interaction_id = ?")
        .bind(first)
        .execute(db)
        .await
        .unwrap();
    assert!(find("airship").await.is_empty());
}

#[tokio::test]
async fn a_search_the_server_cannot_read_is_explained() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let bad = [
        ("search=%7Bnot%20json", "could not be read"),
        (
            &*format!(
                "search={}",
                query_value(&serde_json::to_string(&when(f::SUBJECT, O::Is, choice("x"))).unwrap())
            ),
            "Condition 1: Subject cannot be compared with \\\"is\\\".",
        ),
        ("q=x&search=%7B%7D&tz=9999", "14 hours"),
    ];
    for (query, says) in bad {
        let uri = format!("/api/v1/interactions?{query}");
        let (status, body) = server.call("GET", &uri, Some(&anna.token), None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}: {body}");
        assert!(body.to_string().contains(says), "{uri}: {body}");
    }
}

/// A quick search's page is read one of two ways, chosen by how many interactions it finds
/// (`db::search::HitReading`): each hit looked up and sorted, or the interactions walked
/// newest first. Paged a row at a time (walked) or all at once (looked up), it finds the
/// same interactions in the same order (latest activity first, ties by id).
#[tokio::test]
async fn a_quick_search_pages_alike_however_its_hits_are_read() {
    use omni_server::db::search::HitReading;
    const HITS: i64 = 40;
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let db = &server.state.db;
    let queue = server.queue_id("Billing Email").await;
    let customer = new_customer(db, "Zara", "Okafor", None).await;
    // Arrived three a minute; every fourth answered later, so older ids come first too.
    let mut expected: Vec<(i64, i64)> = Vec::new();
    for n in 0..HITS {
        let arrived = BASE + n / 3 * 60_000;
        let answered = (n % 4 == 0).then(|| BASE + DAY + n / 8 * 60_000);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO interactions (queue_id, channel, customer_id, subject, first_message, state, created_at, \
             last_message_at, last_message_direction, version) \
             VALUES (?, 'email', ?, ?, '', 'closed', ?, ?, CASE WHEN ?5 IS NULL THEN NULL ELSE 'outbound' END, 1) \
             RETURNING id",
        )
        .bind(queue)
        .bind(customer)
        .bind(format!("Parcel to Zanzibar, number {n}"))
        .bind(arrived)
        .bind(answered)
        .fetch_one(db)
        .await
        .unwrap();
        expected.push((answered.unwrap_or(arrived), id));
    }
    expected.sort_by(|a, b| b.cmp(a));
    let expected: Vec<i64> = expected.into_iter().map(|(_, id)| id).collect();
    let interactions: i64 = sqlx::query_scalar("SELECT max(id) FROM interactions")
        .fetch_one(db)
        .await
        .unwrap();
    // A page of one (and one more, to know whether more follow) walks; of 100, looks up.
    assert_eq!(
        HitReading::for_page(HITS, 2, interactions),
        HitReading::Walk,
        "{interactions} interactions"
    );
    assert_eq!(
        HitReading::for_page(HITS, 101, interactions),
        HitReading::LookUp,
        "{interactions} interactions"
    );

    let page = |query: String| {
        let (server, token) = (&server, anna.token.clone());
        async move {
            let uri = format!("/api/v1/interactions?q=zanzibar&{query}");
            let (status, body) = server.call("GET", &uri, Some(&token), None).await;
            assert_eq!(status, StatusCode::OK, "{uri}: {body}");
            serde_json::from_value::<InteractionPage>(body).unwrap()
        }
    };
    let all = page("limit=100".into()).await;
    assert_eq!(all.total, HITS as u64);
    let looked_up: Vec<i64> = all.items.iter().map(|i| i.id).collect();
    let mut walked = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let one = page(match &cursor {
            None => "limit=1".to_owned(),
            Some(at) => format!("limit=1&cursor={}", query_value(at)),
        })
        .await;
        assert_eq!(one.total, HITS as u64, "every page has the total");
        walked.extend(one.items.iter().map(|i| i.id));
        match one.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
        assert!(walked.len() <= HITS as usize, "the pages end");
    }
    assert_eq!(
        looked_up, expected,
        "newest activity first; the same minute: the higher id first"
    );
    assert_eq!(walked, expected);
}

/// The quick-search index keeps an interaction's id and a message's id in one rowid; an id
/// too large for its bits is refused with the reason, and nothing of that row is kept.
#[tokio::test]
async fn an_id_too_large_for_the_search_index_is_refused() {
    let server = TestServer::start().await;
    let db = &server.state.db;
    let queue = server.queue_id("Billing Email").await;
    let customer: i64 = sqlx::query_scalar("SELECT min(id) FROM customers")
        .fetch_one(db)
        .await
        .unwrap();
    let refused = sqlx::query(
        "INSERT INTO interactions (id, queue_id, channel, customer_id, first_message, state, created_at, version) \
         VALUES (2147483648, ?, 'email', ?, '', 'queued', 0, 1)",
    )
    .bind(queue)
    .bind(customer)
    .execute(db)
    .await
    .unwrap_err();
    assert!(
        refused.to_string().contains("quick-search index"),
        "{refused}"
    );
    let interaction: i64 = sqlx::query_scalar("SELECT min(id) FROM interactions")
        .fetch_one(db)
        .await
        .unwrap();
    let refused = sqlx::query(
        "INSERT INTO messages (id, interaction_id, direction, kind, from_json, sent_at, body_text, created_at) \
         VALUES (4294967296, ?, 'inbound', 'email', '{}', 0, 'too far', 0)",
    )
    .bind(interaction)
    .execute(db)
    .await
    .unwrap_err();
    assert!(
        refused.to_string().contains("quick-search index"),
        "{refused}"
    );
    let kept: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM interactions WHERE id = 2147483648) \
         + (SELECT count(*) FROM messages WHERE id = 4294967296)",
    )
    .fetch_one(db)
    .await
    .unwrap();
    assert_eq!(kept, 0);
}
