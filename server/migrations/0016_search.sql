-- Quick search (B18): full-text indexes over message subjects and bodies and the contact's
-- names and email, with diacritics folded ("muller" finds "Müller") and prefix indexes for
-- short words. They index the tables' own text (external content) and follow it by triggers.
CREATE VIRTUAL TABLE message_search USING fts5(
    subject, body_text,
    content = 'messages', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE TRIGGER message_search_insert AFTER INSERT ON messages BEGIN
    INSERT INTO message_search (rowid, subject, body_text) VALUES (new.id, new.subject, new.body_text);
END;
CREATE TRIGGER message_search_delete AFTER DELETE ON messages BEGIN
    INSERT INTO message_search (message_search, rowid, subject, body_text)
        VALUES ('delete', old.id, old.subject, old.body_text);
END;
CREATE TRIGGER message_search_update AFTER UPDATE OF subject, body_text ON messages BEGIN
    INSERT INTO message_search (message_search, rowid, subject, body_text)
        VALUES ('delete', old.id, old.subject, old.body_text);
    INSERT INTO message_search (rowid, subject, body_text) VALUES (new.id, new.subject, new.body_text);
END;
INSERT INTO message_search (message_search) VALUES ('rebuild');

CREATE VIRTUAL TABLE customer_search USING fts5(
    first_name, last_name, email,
    content = 'customers', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE TRIGGER customer_search_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customer_search (rowid, first_name, last_name, email)
        VALUES (new.id, new.first_name, new.last_name, new.email);
END;
CREATE TRIGGER customer_search_delete AFTER DELETE ON customers BEGIN
    INSERT INTO customer_search (customer_search, rowid, first_name, last_name, email)
        VALUES ('delete', old.id, old.first_name, old.last_name, old.email);
END;
CREATE TRIGGER customer_search_update AFTER UPDATE OF first_name, last_name, email ON customers BEGIN
    INSERT INTO customer_search (customer_search, rowid, first_name, last_name, email)
        VALUES ('delete', old.id, old.first_name, old.last_name, old.email);
    INSERT INTO customer_search (rowid, first_name, last_name, email)
        VALUES (new.id, new.first_name, new.last_name, new.email);
END;
INSERT INTO customer_search (customer_search) VALUES ('rebuild');

-- Advanced searches an agent saved under a name (B19): they follow the agent to any browser.
CREATE TABLE saved_searches (
    id         INTEGER PRIMARY KEY,
    agent_id   INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    -- omni_protocol::Search as JSON
    search     TEXT    NOT NULL,
    quick      TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    UNIQUE (agent_id, name)
);
