-- Queues' routing settings, capacity, dispositions, interactions, offers, wrap-ups and
-- idempotent answers.

ALTER TABLE queues ADD COLUMN acceptance_seconds INTEGER NOT NULL DEFAULT 30;
ALTER TABLE queues ADD COLUMN post_processing_seconds INTEGER NOT NULL DEFAULT 0;
ALTER TABLE queues ADD COLUMN disposition_mandatory INTEGER NOT NULL DEFAULT 0;
ALTER TABLE queues ADD COLUMN ring_all INTEGER NOT NULL DEFAULT 0;

ALTER TABLE agents ADD COLUMN stop_new INTEGER NOT NULL DEFAULT 0;
-- Since when the agent is free: routing offers to the longest idle first.
ALTER TABLE agents ADD COLUMN idle_since INTEGER NOT NULL DEFAULT 0;

CREATE TABLE agent_capacity (
    agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    channel  TEXT    NOT NULL CHECK (channel IN ('email', 'chat')),
    max      INTEGER NOT NULL CHECK (max >= 0),
    PRIMARY KEY (agent_id, channel)
);

CREATE TABLE dispositions (
    id        INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES dispositions(id) ON DELETE CASCADE,
    label     TEXT    NOT NULL,
    position  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE interactions (
    id                   INTEGER PRIMARY KEY,
    queue_id             INTEGER NOT NULL REFERENCES queues(id),
    channel              TEXT    NOT NULL CHECK (channel IN ('email', 'chat')),
    customer_id          INTEGER NOT NULL REFERENCES customers(id),
    subject              TEXT,
    first_message        TEXT    NOT NULL,
    state                TEXT    NOT NULL CHECK (state IN ('queued', 'offered', 'active', 'wrap_up', 'closed')),
    agent_id             INTEGER REFERENCES agents(id),
    created_at           INTEGER NOT NULL,
    accepted_at          INTEGER,
    ended_at             INTEGER,
    closed_at            INTEGER,
    awaiting_reply_since INTEGER,
    disposition_id       INTEGER REFERENCES dispositions(id),
    notes                TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX interactions_state ON interactions(state, created_at);
CREATE INDEX interactions_agent ON interactions(agent_id, state);

CREATE TABLE offers (
    id             INTEGER PRIMARY KEY,
    interaction_id INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
    agent_id       INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    offered_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    state          TEXT    NOT NULL CHECK (state IN ('pending', 'accepted', 'rejected', 'missed', 'withdrawn')),
    closed_at      INTEGER
);
CREATE INDEX offers_pending ON offers(state, expires_at);
CREATE INDEX offers_interaction ON offers(interaction_id);

CREATE TABLE wrap_ups (
    interaction_id        INTEGER PRIMARY KEY REFERENCES interactions(id) ON DELETE CASCADE,
    agent_id              INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    started_at            INTEGER NOT NULL,
    deadline              INTEGER,
    mandatory_disposition INTEGER NOT NULL,
    notes                 TEXT    NOT NULL DEFAULT '',
    disposition_id        INTEGER REFERENCES dispositions(id),
    done_at               INTEGER
);

-- The first answer to a request carrying an Idempotency-Key, replayed for repeats.
CREATE TABLE idempotent_answers (
    agent_id    INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    key         TEXT    NOT NULL,
    request     TEXT    NOT NULL,
    status      INTEGER NOT NULL,
    body        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (agent_id, key)
);
