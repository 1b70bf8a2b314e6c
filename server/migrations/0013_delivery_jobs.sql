-- Every outbound email gets its delivery job in the transaction that stores it, and keeps it
-- until the transport took the message: a crash between storing and sending leaves a due job
-- for the delivery worker instead of a mail shown as sent that never left.
-- `claimed_at`: a worker is sending it now (cleared at start-up: nothing is in flight then).
-- `next_attempt_at` NULL: the server gave up (the message keeps its delivery_error).
ALTER TABLE outbound_retries RENAME TO delivery_jobs;
ALTER TABLE delivery_jobs ADD COLUMN claimed_at INTEGER;
