-- What a keyed send asked for (a hash of its request), so that the same Idempotency-Key with
-- a different message is refused instead of silently answered with the first one.
ALTER TABLE messages ADD COLUMN idempotency_fingerprint TEXT;
