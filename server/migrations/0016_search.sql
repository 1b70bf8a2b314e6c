-- Quick search (B18): one full-text document per interaction (its rowid is the
-- interaction's id), holding the subjects and text of all its messages, the contact's
-- names and email, and its number. Diacritics are folded ("muller" finds "Müller") and
-- short prefixes have their own index. The index keeps no copy of the text (contentless);
-- triggers write an interaction's document again whenever its text changes.
CREATE VIRTUAL TABLE interaction_search USING fts5(
    texts, customer, number,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
-- What interaction_search holds for each interaction.
CREATE VIEW interaction_search_text AS
SELECT i.id,
       COALESCE(i.subject, '') || ' ' || COALESCE((SELECT group_concat(
           COALESCE(m.subject, '') || ' ' || COALESCE(m.body_text, ''), ' ')
           FROM messages m WHERE m.interaction_id = i.id), '') AS texts,
       COALESCE(c.first_name, '') || ' ' || COALESCE(c.last_name, '') || ' ' || COALESCE(c.email, '')
           AS customer,
       i.id AS number
FROM interactions i LEFT JOIN customers c ON c.id = i.customer_id;

CREATE TRIGGER interaction_search_new AFTER INSERT ON interactions BEGIN
    INSERT INTO interaction_search (rowid, texts, customer, number)
        SELECT id, texts, customer, number FROM interaction_search_text WHERE id = new.id;
END;
CREATE TRIGGER interaction_search_changed AFTER UPDATE OF subject, customer_id ON interactions BEGIN
    DELETE FROM interaction_search WHERE rowid = old.id;
    INSERT INTO interaction_search (rowid, texts, customer, number)
        SELECT id, texts, customer, number FROM interaction_search_text WHERE id = new.id;
END;
CREATE TRIGGER interaction_search_gone AFTER DELETE ON interactions BEGIN
    DELETE FROM interaction_search WHERE rowid = old.id;
END;
CREATE TRIGGER interaction_search_message_new AFTER INSERT ON messages BEGIN
    DELETE FROM interaction_search WHERE rowid = new.interaction_id;
    INSERT INTO interaction_search (rowid, texts, customer, number)
        SELECT id, texts, customer, number FROM interaction_search_text WHERE id = new.interaction_id;
END;
CREATE TRIGGER interaction_search_message_changed
AFTER UPDATE OF subject, body_text, interaction_id ON messages BEGIN
    DELETE FROM interaction_search WHERE rowid IN (old.interaction_id, new.interaction_id);
    INSERT INTO interaction_search (rowid, texts, customer, number)
        SELECT id, texts, customer, number FROM interaction_search_text
        WHERE id IN (old.interaction_id, new.interaction_id);
END;
CREATE TRIGGER interaction_search_message_gone AFTER DELETE ON messages BEGIN
    DELETE FROM interaction_search WHERE rowid = old.interaction_id;
    INSERT INTO interaction_search (rowid, texts, customer, number)
        SELECT id, texts, customer, number FROM interaction_search_text WHERE id = old.interaction_id;
END;
CREATE TRIGGER interaction_search_customer_changed
AFTER UPDATE OF first_name, last_name, email ON customers BEGIN
    DELETE FROM interaction_search WHERE rowid IN (SELECT id FROM interactions WHERE customer_id = new.id);
    INSERT INTO interaction_search (rowid, texts, customer, number)
        SELECT id, texts, customer, number FROM interaction_search_text
        WHERE id IN (SELECT id FROM interactions WHERE customer_id = new.id);
END;
INSERT INTO interaction_search (rowid, texts, customer, number)
    SELECT id, texts, customer, number FROM interaction_search_text;

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
