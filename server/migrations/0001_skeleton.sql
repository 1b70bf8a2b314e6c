-- Agents, their sessions, presence and the replay log of server-sent events.

CREATE TABLE agents (
    id                   INTEGER PRIMARY KEY,
    username             TEXT    NOT NULL UNIQUE,
    display_name         TEXT    NOT NULL,
    password_hash        TEXT    NOT NULL,
    -- AgentStatus::key(): available, busy, working_offline, on_break, custom:<id>
    status               TEXT    NOT NULL DEFAULT 'working_offline',
    status_changed_at    INTEGER NOT NULL,
    may_reject           INTEGER NOT NULL DEFAULT 1,
    may_transfer         INTEGER NOT NULL DEFAULT 1,
    may_edit_customers   INTEGER NOT NULL DEFAULT 1,
    may_delete_customers INTEGER NOT NULL DEFAULT 0,
    -- AgentSettings as JSON
    settings             TEXT    NOT NULL DEFAULT '{}',
    -- A supervisor can disable an account without deleting its history.
    active               INTEGER NOT NULL DEFAULT 1
);

-- Pauses an admin defines beside the built-in statuses.
CREATE TABLE custom_statuses (
    id       TEXT    PRIMARY KEY,
    label    TEXT    NOT NULL,
    position INTEGER NOT NULL
);

-- Bearer tokens are stored only as SHA-256 hashes.
CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY,
    agent_id   INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX sessions_agent ON sessions(agent_id);

-- The replay log. agent_id NULL = an event for every agent.
CREATE TABLE events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id   INTEGER REFERENCES agents(id) ON DELETE CASCADE,
    type       TEXT    NOT NULL,
    payload    TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX events_agent ON events(agent_id, id);

-- Highest event id ever pruned: a client resuming from an older id must resync.
CREATE TABLE event_log_floor (
    singleton      INTEGER PRIMARY KEY CHECK (singleton = 1),
    pruned_through INTEGER NOT NULL
);
INSERT INTO event_log_floor (singleton, pruned_through) VALUES (1, 0);

CREATE TABLE queues (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'chat'))
);

CREATE TABLE queue_members (
    queue_id INTEGER NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
    agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    PRIMARY KEY (queue_id, agent_id)
);

CREATE TABLE customers (
    id         INTEGER PRIMARY KEY,
    first_name TEXT NOT NULL,
    last_name  TEXT NOT NULL,
    email      TEXT UNIQUE,
    phone      TEXT,
    company    TEXT
);
