-- no-transaction
-- Customer records as the Local CRM keeps them (PRODUCT D1–D4, seed 004). A customer has
-- several emails (each unique across customers, at most 254 characters) and several phones
-- (E.164, shared by a family), two addresses and a company, and may be a draft that no screen
-- pop matches. Every change is in the customer's history; tasks note what was done with them.
-- An interaction now keeps who it came from (`contact_name`, `contact_address`) and may have
-- no customer until the agent links or creates one. Both tables are rebuilt (SQLite cannot
-- drop a UNIQUE or a NOT NULL in place), with foreign keys off while they are swapped; the
-- quick-search view and its triggers, which read both, are declared again.
PRAGMA foreign_keys = OFF;
BEGIN;

DROP TRIGGER interaction_search_new;
DROP TRIGGER interaction_search_changed;
DROP TRIGGER interaction_search_gone;
DROP TRIGGER interaction_search_message_new;
DROP TRIGGER interaction_search_message_changed;
DROP TRIGGER interaction_search_message_gone;
DROP TRIGGER interaction_search_customer_changed;
DROP TRIGGER interaction_id_fits_search;
DROP VIEW interaction_search_documents;

CREATE TABLE customers_new (
    id                INTEGER PRIMARY KEY,
    first_name        TEXT    NOT NULL,
    last_name         TEXT    NOT NULL,
    company           TEXT    NOT NULL DEFAULT '',
    primary_address   TEXT    NOT NULL DEFAULT '',
    secondary_address TEXT    NOT NULL DEFAULT '',
    -- Saved incomplete (Save as Draft): listed, never matched by a screen pop.
    draft             INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    version           INTEGER NOT NULL DEFAULT 0
);
INSERT INTO customers_new (id, first_name, last_name, company, created_at, updated_at)
SELECT id, first_name, last_name, COALESCE(company, ''),
       CAST(unixepoch('subsec') * 1000 AS INTEGER), CAST(unixepoch('subsec') * 1000 AS INTEGER)
FROM customers;

-- Lower case, unique across customers (seed 004).
CREATE TABLE customer_emails (
    address     TEXT    PRIMARY KEY CHECK (length(address) BETWEEN 3 AND 254),
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL
);
CREATE INDEX customer_emails_customer ON customer_emails(customer_id, position);
-- Two old records whose emails differ in case only: the older keeps it.
INSERT OR IGNORE INTO customer_emails (address, customer_id, position)
SELECT lower(email), id, 0 FROM customers WHERE length(email) BETWEEN 3 AND 254 ORDER BY id;

-- E.164 ("+390612345678"); one number may belong to several customers (a family).
CREATE TABLE customer_phones (
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    number      TEXT    NOT NULL CHECK (number GLOB '+[1-9]*' AND length(number) BETWEEN 8 AND 16),
    position    INTEGER NOT NULL,
    PRIMARY KEY (customer_id, number)
);
CREATE INDEX customer_phones_number ON customer_phones(number);
-- Earlier phones were free text: those already in E.164 (digits after a "+") carry over.
INSERT OR IGNORE INTO customer_phones (customer_id, number, position)
SELECT id, replace(replace(replace(phone, ' ', ''), '-', ''), '.', ''), 0 FROM customers
WHERE replace(replace(replace(phone, ' ', ''), '-', ''), '.', '') GLOB '+[1-9]*'
  AND replace(replace(replace(phone, ' ', ''), '-', ''), '.', '') NOT GLOB '+*[^0-9]*'
  AND length(replace(replace(replace(phone, ' ', ''), '-', ''), '.', '')) BETWEEN 8 AND 16;

DROP TABLE customers;
ALTER TABLE customers_new RENAME TO customers;
CREATE INDEX customers_name ON customers(last_name, first_name);

-- Who changed what on a customer, written in the change's own transaction. Kept when the
-- customer is deleted (the deletion is its last line). agent_id NULL: the system.
CREATE TABLE customer_history (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL,
    agent_id    INTEGER REFERENCES agents(id),
    at          INTEGER NOT NULL,
    field       TEXT    NOT NULL,
    old_value   TEXT,
    new_value   TEXT
);
CREATE INDEX customer_history_customer ON customer_history(customer_id, id);

CREATE TABLE customer_tasks (
    id             INTEGER PRIMARY KEY,
    customer_id    INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    kind           TEXT    NOT NULL CHECK (kind IN ('email', 'chat', 'call', 'meeting', 'other')),
    subject        TEXT    NOT NULL,
    note           TEXT    NOT NULL DEFAULT '',
    starts_at      INTEGER NOT NULL,
    ends_at        INTEGER,
    agent_id       INTEGER REFERENCES agents(id),
    interaction_id INTEGER REFERENCES interactions(id) ON DELETE SET NULL,
    created_at     INTEGER NOT NULL
);
CREATE INDEX customer_tasks_customer ON customer_tasks(customer_id, starts_at DESC);

CREATE TABLE interactions_new (
    id                     INTEGER PRIMARY KEY,
    queue_id               INTEGER NOT NULL REFERENCES queues(id),
    channel                TEXT    NOT NULL CHECK (channel IN ('email', 'chat')),
    -- NULL until the agent links the interaction to a customer (or creates one).
    customer_id            INTEGER REFERENCES customers(id) ON DELETE SET NULL,
    -- Who it came from, as the channel named them: the From header's name, a chat profile.
    contact_name           TEXT    NOT NULL DEFAULT '',
    -- The email address (lower case) or the phone (E.164) it came from or goes to.
    contact_address        TEXT,
    subject                TEXT,
    first_message          TEXT    NOT NULL,
    state                  TEXT    NOT NULL
                           CHECK (state IN ('queued', 'offered', 'active', 'wrap_up', 'open', 'closed')),
    agent_id               INTEGER REFERENCES agents(id),
    created_at             INTEGER NOT NULL,
    accepted_at            INTEGER,
    ended_at               INTEGER,
    closed_at              INTEGER,
    awaiting_reply_since   INTEGER,
    disposition_id         INTEGER REFERENCES dispositions(id),
    notes                  TEXT    NOT NULL DEFAULT '',
    last_message_at        INTEGER,
    last_message_direction TEXT,
    last_message_preview   TEXT,
    sub_status             TEXT,
    case_number            TEXT,
    continued_in           INTEGER REFERENCES interactions(id),
    continues              INTEGER REFERENCES interactions(id),
    reopened_at            INTEGER,
    version                INTEGER NOT NULL DEFAULT 0
);
INSERT INTO interactions_new (id, queue_id, channel, customer_id, contact_name, contact_address,
    subject, first_message, state, agent_id, created_at, accepted_at, ended_at, closed_at,
    awaiting_reply_since, disposition_id, notes, last_message_at, last_message_direction,
    last_message_preview, sub_status, case_number, continued_in, continues, reopened_at, version)
SELECT i.id, i.queue_id, i.channel, i.customer_id,
    trim(COALESCE(c.first_name, '') || ' ' || COALESCE(c.last_name, '')),
    (SELECT address FROM customer_emails e WHERE e.customer_id = i.customer_id ORDER BY position LIMIT 1),
    i.subject, i.first_message, i.state, i.agent_id, i.created_at, i.accepted_at, i.ended_at,
    i.closed_at, i.awaiting_reply_since, i.disposition_id, i.notes, i.last_message_at,
    i.last_message_direction, i.last_message_preview, i.sub_status, i.case_number, i.continued_in,
    i.continues, i.reopened_at, i.version
FROM interactions i LEFT JOIN customers c ON c.id = i.customer_id;
DROP TABLE interactions;
ALTER TABLE interactions_new RENAME TO interactions;
CREATE INDEX interactions_state ON interactions(state, created_at);
CREATE INDEX interactions_agent ON interactions(agent_id, state);
CREATE INDEX interactions_activity ON interactions(channel, COALESCE(last_message_at, created_at) DESC, id DESC);
CREATE INDEX interactions_customer_state ON interactions(customer_id, state);
CREATE INDEX interactions_case ON interactions(case_number) WHERE case_number IS NOT NULL;
CREATE INDEX interactions_channel_state ON interactions(channel, state);
CREATE INDEX interactions_recent ON interactions(COALESCE(last_message_at, created_at) DESC, id DESC);
-- The customer journey: one customer's interactions, newest first.
CREATE INDEX interactions_customer_recent
    ON interactions(customer_id, COALESCE(last_message_at, created_at) DESC, id DESC)
    WHERE customer_id IS NOT NULL;

-- Quick search (0016): the contact is the linked customer's name, or the name the channel
-- gave, and the address the interaction came from.
CREATE VIEW interaction_search_documents AS
SELECT i.id * 4294967296 AS rowid, i.id AS interaction_id, 0 AS message_id, i.customer_id,
       COALESCE(i.subject, '') AS texts,
       COALESCE(c.first_name || ' ' || c.last_name, i.contact_name) || ' '
           || COALESCE(i.contact_address, '') AS customer,
       i.id AS number
FROM interactions i LEFT JOIN customers c ON c.id = i.customer_id
UNION ALL
SELECT i.id * 4294967296 + m.id, i.id, m.id, i.customer_id,
       COALESCE(m.subject, '') || ' ' || COALESCE(m.body_text, ''),
       COALESCE(c.first_name || ' ' || c.last_name, i.contact_name) || ' '
           || COALESCE(i.contact_address, ''),
       i.id
FROM messages m JOIN interactions i ON i.id = m.interaction_id
LEFT JOIN customers c ON c.id = i.customer_id;

CREATE TRIGGER interaction_search_new AFTER INSERT ON interactions BEGIN
    INSERT INTO interaction_search (rowid, texts, customer, number)
        SELECT rowid, texts, customer, number FROM interaction_search_documents
        WHERE interaction_id = new.id;
END;
CREATE TRIGGER interaction_search_changed
AFTER UPDATE OF subject, customer_id, contact_name, contact_address ON interactions
WHEN old.subject IS NOT new.subject OR old.customer_id IS NOT new.customer_id
    OR old.contact_name IS NOT new.contact_name OR old.contact_address IS NOT new.contact_address
BEGIN
    DELETE FROM interaction_search
        WHERE rowid BETWEEN old.id * 4294967296 AND old.id * 4294967296 + 4294967295;
    INSERT INTO interaction_search (rowid, texts, customer, number)
        SELECT rowid, texts, customer, number FROM interaction_search_documents
        WHERE interaction_id = new.id;
END;
CREATE TRIGGER interaction_search_gone AFTER DELETE ON interactions BEGIN
    DELETE FROM interaction_search
        WHERE rowid BETWEEN old.id * 4294967296 AND old.id * 4294967296 + 4294967295;
END;
CREATE TRIGGER interaction_search_message_new AFTER INSERT ON messages BEGIN
    INSERT INTO interaction_search (rowid, texts, customer, number)
        SELECT rowid, texts, customer, number FROM interaction_search_documents
        WHERE interaction_id = new.interaction_id AND message_id = new.id;
END;
CREATE TRIGGER interaction_search_message_changed
AFTER UPDATE OF subject, body_text, interaction_id ON messages BEGIN
    DELETE FROM interaction_search WHERE rowid = old.interaction_id * 4294967296 + old.id;
    INSERT INTO interaction_search (rowid, texts, customer, number)
        SELECT rowid, texts, customer, number FROM interaction_search_documents
        WHERE interaction_id = new.interaction_id AND message_id = new.id;
END;
CREATE TRIGGER interaction_search_message_gone AFTER DELETE ON messages BEGIN
    DELETE FROM interaction_search WHERE rowid = old.interaction_id * 4294967296 + old.id;
END;
CREATE TRIGGER interaction_search_customer_changed
AFTER UPDATE OF first_name, last_name ON customers
WHEN old.first_name IS NOT new.first_name OR old.last_name IS NOT new.last_name
BEGIN
    DELETE FROM interaction_search WHERE rowid IN (
        SELECT rowid FROM interaction_search_documents WHERE customer_id = old.id);
    INSERT INTO interaction_search (rowid, texts, customer, number)
        SELECT rowid, texts, customer, number FROM interaction_search_documents
        WHERE customer_id = new.id;
END;
-- Created after the search triggers, so that it runs first (0017): an id too large for the
-- index is refused with its reason before any document is computed from it.
CREATE TRIGGER interaction_id_fits_search AFTER INSERT ON interactions
WHEN new.id >= 2147483648 OR new.id < 1
BEGIN
    SELECT RAISE(ABORT, 'interaction ids from 1 to 2^31 - 1 fit the quick-search index');
END;

INSERT INTO interaction_search (interaction_search) VALUES ('delete-all');
INSERT INTO interaction_search (rowid, texts, customer, number)
    SELECT rowid, texts, customer, number FROM interaction_search_documents;

COMMIT;
PRAGMA foreign_keys = ON;
