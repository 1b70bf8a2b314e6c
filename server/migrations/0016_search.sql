-- Quick search (B18): one full-text index over every message and every interaction. Each
-- message is a document holding its subject and text, its contact's names and email and its
-- interaction's number; each interaction has one more holding its subject, contact and
-- number (found before any message arrives). A document's rowid carries its interaction:
-- interaction id * 2^32 + message id (0 for the interaction's own), so a match names the
-- interaction without reading any table, and a new message indexes only itself. All the
-- words an agent types must be found in one document. Diacritics are folded ("muller" finds
-- "Müller"), short prefixes have their own index, and the index keeps no copy of the text.
CREATE VIRTUAL TABLE interaction_search USING fts5(
    texts, customer, number,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
-- The documents, as interaction_search holds them.
CREATE VIEW interaction_search_documents AS
SELECT i.id * 4294967296 AS rowid, i.id AS interaction_id, 0 AS message_id, i.customer_id,
       COALESCE(i.subject, '') AS texts,
       COALESCE(c.first_name, '') || ' ' || COALESCE(c.last_name, '') || ' ' || COALESCE(c.email, '')
           AS customer,
       i.id AS number
FROM interactions i LEFT JOIN customers c ON c.id = i.customer_id
UNION ALL
SELECT i.id * 4294967296 + m.id, i.id, m.id, i.customer_id,
       COALESCE(m.subject, '') || ' ' || COALESCE(m.body_text, ''),
       COALESCE(c.first_name, '') || ' ' || COALESCE(c.last_name, '') || ' ' || COALESCE(c.email, ''),
       i.id
FROM messages m JOIN interactions i ON i.id = m.interaction_id
LEFT JOIN customers c ON c.id = i.customer_id;

CREATE TRIGGER interaction_search_new AFTER INSERT ON interactions BEGIN
    INSERT INTO interaction_search (rowid, texts, customer, number)
        SELECT rowid, texts, customer, number FROM interaction_search_documents
        WHERE interaction_id = new.id;
END;
-- Another subject or contact: the interaction's documents again.
CREATE TRIGGER interaction_search_changed AFTER UPDATE OF subject, customer_id ON interactions
WHEN old.subject IS NOT new.subject OR old.customer_id IS NOT new.customer_id
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
-- Only a real change: ingest's "insert or keep" of a known sender rewrites the same email.
CREATE TRIGGER interaction_search_customer_changed
AFTER UPDATE OF first_name, last_name, email ON customers
WHEN old.first_name IS NOT new.first_name OR old.last_name IS NOT new.last_name
    OR old.email IS NOT new.email
BEGIN
    DELETE FROM interaction_search WHERE rowid IN (
        SELECT rowid FROM interaction_search_documents WHERE customer_id = old.id);
    INSERT INTO interaction_search (rowid, texts, customer, number)
        SELECT rowid, texts, customer, number FROM interaction_search_documents
        WHERE customer_id = new.id;
END;
INSERT INTO interaction_search (rowid, texts, customer, number)
    SELECT rowid, texts, customer, number FROM interaction_search_documents;

-- A search spans every channel: its page is read newest first through this index.
CREATE INDEX interactions_recent ON interactions(COALESCE(last_message_at, created_at) DESC, id DESC);

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
