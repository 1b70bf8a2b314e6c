-- Threads: messages with their addresses, bodies and attachments; tags; per-agent read state.

CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    interaction_id  INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
    direction       TEXT    NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    kind            TEXT    NOT NULL CHECK (kind IN ('email', 'chat', 'note', 'auto_reply')),
    author_agent_id INTEGER REFERENCES agents(id),
    from_json       TEXT    NOT NULL,
    to_json         TEXT    NOT NULL DEFAULT '[]',
    cc_json         TEXT    NOT NULL DEFAULT '[]',
    bcc_json        TEXT    NOT NULL DEFAULT '[]',
    reply_to_json   TEXT    NOT NULL DEFAULT '[]',
    subject         TEXT,
    -- RFC 5322 Message-ID without angle brackets, for threading replies.
    message_id      TEXT,
    in_reply_to     TEXT,
    sent_at         INTEGER NOT NULL,
    body_text       TEXT    NOT NULL DEFAULT '',
    body_html       TEXT,
    -- File name of the raw source under the files folder.
    raw_file        TEXT,
    created_at      INTEGER NOT NULL
);
CREATE INDEX messages_interaction ON messages(interaction_id, id);
CREATE INDEX messages_message_id ON messages(message_id);

CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    message_id   INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    filename     TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    content_id   TEXT,
    inline       INTEGER NOT NULL DEFAULT 0,
    -- Content-addressed file name (SHA-256) under the files folder.
    file         TEXT    NOT NULL
);
CREATE INDEX attachments_message ON attachments(message_id);

CREATE TABLE interaction_tags (
    interaction_id INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
    tag            TEXT    NOT NULL,
    PRIMARY KEY (interaction_id, tag)
);

-- The newest message that counts as "last message" (emails and chat lines, not notes or
-- auto-replies), kept on the interaction so lists sort and show it without a join.
ALTER TABLE interactions ADD COLUMN last_message_at INTEGER;
ALTER TABLE interactions ADD COLUMN last_message_direction TEXT;
ALTER TABLE interactions ADD COLUMN last_message_preview TEXT;
ALTER TABLE interactions ADD COLUMN sub_status TEXT;
CREATE INDEX interactions_activity ON interactions(channel, COALESCE(last_message_at, created_at) DESC, id DESC);

-- Messages up to and including read_through are read by the agent.
CREATE TABLE interaction_reads (
    agent_id       INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    interaction_id INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
    read_through   INTEGER NOT NULL,
    PRIMARY KEY (agent_id, interaction_id)
);
