-- A person's role (docs/api.md, "Permissions"): supervisors may add notes to any
-- interaction and close waiting ones; they get no offers.
ALTER TABLE agents ADD COLUMN role TEXT NOT NULL DEFAULT 'agent'
    CHECK (role IN ('agent', 'supervisor'));
