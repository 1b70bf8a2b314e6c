-- Unread counts count the customer's emails and chat lines after a read mark. This index
-- holds only those lines, so a count reads them alone, not every note and reply of a long
-- thread (each event about an interaction counts them for every agent).
CREATE INDEX messages_customer_lines ON messages(interaction_id, id)
    WHERE direction = 'inbound' AND kind IN ('email', 'chat');
