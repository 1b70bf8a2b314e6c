-- Outbound email the transport did not take: what goes on the wire, kept for the next try.
-- `next_attempt_at` NULL: the server gave up (the message keeps its delivery_error).
CREATE TABLE outbound_retries (
    message_id      INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
    envelope_from   TEXT,
    envelope_to     TEXT    NOT NULL, -- JSON array of addresses
    wire            BLOB    NOT NULL,
    wire_message_id TEXT    NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at INTEGER
);
CREATE INDEX outbound_retries_due ON outbound_retries(next_attempt_at)
    WHERE next_attempt_at IS NOT NULL;
