-- A transfer starts the transferring agent's wrap-up while the interaction moves on to
-- another queue or agent, who may end it and wrap up too: a wrap-up is one agent's part of
-- one interaction, keyed by both.
CREATE TABLE wrap_ups_by_agent (
    interaction_id        INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
    agent_id              INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    started_at            INTEGER NOT NULL,
    deadline              INTEGER,
    mandatory_disposition INTEGER NOT NULL,
    notes                 TEXT    NOT NULL DEFAULT '',
    disposition_id        INTEGER REFERENCES dispositions(id),
    done_at               INTEGER,
    keep_open             INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (interaction_id, agent_id)
);
INSERT INTO wrap_ups_by_agent (interaction_id, agent_id, started_at, deadline, mandatory_disposition,
                               notes, disposition_id, done_at, keep_open)
SELECT interaction_id, agent_id, started_at, deadline, mandatory_disposition, notes, disposition_id,
       done_at, keep_open
FROM wrap_ups;
DROP TABLE wrap_ups;
ALTER TABLE wrap_ups_by_agent RENAME TO wrap_ups;
CREATE INDEX wrap_ups_open_by_agent ON wrap_ups(agent_id) WHERE done_at IS NULL;
