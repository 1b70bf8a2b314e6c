-- The queue an inbound email was received for, so that a gateway's retry of the same
-- Message-ID is recognised even after the interaction was transferred to another queue.
ALTER TABLE messages ADD COLUMN received_queue_id INTEGER REFERENCES queues(id);
UPDATE messages SET received_queue_id = (SELECT queue_id FROM interactions WHERE id = messages.interaction_id)
    WHERE direction = 'inbound' AND kind = 'email' AND message_id IS NOT NULL;
