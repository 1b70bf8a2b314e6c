-- The list counts matching interactions on every filter change: by channel and state from a
-- small covering index instead of the whole table.
CREATE INDEX interactions_channel_state ON interactions(channel, state);
