-- no-transaction
-- Answering and moving interactions on (PRODUCT B2–B15). The interactions table is rebuilt
-- to allow the state 'open' (answered, kept open, waiting for the customer): SQLite cannot
-- change a CHECK constraint in place. Foreign keys are off while the table is swapped.
PRAGMA foreign_keys = OFF;
BEGIN;

CREATE TABLE interactions_new (
    id                     INTEGER PRIMARY KEY,
    queue_id               INTEGER NOT NULL REFERENCES queues(id),
    channel                TEXT    NOT NULL CHECK (channel IN ('email', 'chat')),
    customer_id            INTEGER NOT NULL REFERENCES customers(id),
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
    -- The case a follow-up email named; NULL means the interaction's own case.
    case_number            TEXT,
    -- A customer reply after closing continued the conversation there.
    continued_in           INTEGER REFERENCES interactions(id),
    continues              INTEGER REFERENCES interactions(id),
    reopened_at            INTEGER
);
INSERT INTO interactions_new (id, queue_id, channel, customer_id, subject, first_message, state, agent_id,
    created_at, accepted_at, ended_at, closed_at, awaiting_reply_since, disposition_id, notes,
    last_message_at, last_message_direction, last_message_preview, sub_status)
SELECT id, queue_id, channel, customer_id, subject, first_message, state, agent_id,
    created_at, accepted_at, ended_at, closed_at, awaiting_reply_since, disposition_id, notes,
    last_message_at, last_message_direction, last_message_preview, sub_status
FROM interactions;
DROP TABLE interactions;
ALTER TABLE interactions_new RENAME TO interactions;
CREATE INDEX interactions_state ON interactions(state, created_at);
CREATE INDEX interactions_agent ON interactions(agent_id, state);
CREATE INDEX interactions_activity ON interactions(channel, COALESCE(last_message_at, created_at) DESC, id DESC);
CREATE INDEX interactions_customer_state ON interactions(customer_id, state);
CREATE INDEX interactions_case ON interactions(case_number) WHERE case_number IS NOT NULL;

-- After post-processing: closed (0) or kept open for the customer's answer (1).
ALTER TABLE wrap_ups ADD COLUMN keep_open INTEGER NOT NULL DEFAULT 0;

ALTER TABLE agents ADD COLUMN signature TEXT NOT NULL DEFAULT '';

CREATE TABLE sub_statuses (
    label    TEXT    PRIMARY KEY,
    position INTEGER NOT NULL
);
-- Pending is every deployment's default sub-status (administrators add more).
INSERT INTO sub_statuses (label, position) VALUES ('Pending', 0);

-- Canned answers and knowledge-base snippets (Markdown).
CREATE TABLE canned_answers (
    id    INTEGER PRIMARY KEY,
    title TEXT    NOT NULL,
    body  TEXT    NOT NULL
);

-- Files an agent uploaded for a message or note; attached when it is sent.
CREATE TABLE uploads (
    id           INTEGER PRIMARY KEY,
    agent_id     INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    filename     TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    file         TEXT    NOT NULL,
    created_at   INTEGER NOT NULL
);

-- Outbound email: the account it went from, the sender's retry key, and its delivery.
ALTER TABLE messages ADD COLUMN account_id INTEGER REFERENCES email_accounts(id);
ALTER TABLE messages ADD COLUMN idempotency_key TEXT;
ALTER TABLE messages ADD COLUMN delivered_at INTEGER;
ALTER TABLE messages ADD COLUMN delivery_error TEXT;
CREATE UNIQUE INDEX messages_idempotency ON messages(author_agent_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

COMMIT;
PRAGMA foreign_keys = ON;
