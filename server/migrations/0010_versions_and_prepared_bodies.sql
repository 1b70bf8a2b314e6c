-- Versions: the id of the event that announced an entity's last change (0 before any), so
-- that a desk can tell which of two copies is newer (docs/api.md, "Versions").
ALTER TABLE interactions ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE agents ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE wrap_ups ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

-- A message's bodies as the desk shows them (email_body::prepare, as JSON), and the
-- preparer's version they were made with (older ones are prepared again when read).
ALTER TABLE messages ADD COLUMN prepared TEXT;
ALTER TABLE messages ADD COLUMN prepared_with INTEGER NOT NULL DEFAULT 0;

-- An interaction_changed event's unread counts per agent, {"default": n, "agents": {"id": n}}:
-- each desk receives its own agent's count in the summary.
ALTER TABLE events ADD COLUMN unread TEXT;
