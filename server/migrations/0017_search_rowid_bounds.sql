-- A quick-search document's rowid is interaction id * 2^32 + message id (0016). An id past
-- those bits would name another interaction's document, or overflow: such a row is refused,
-- with the reason, rather than indexed wrongly. (2^31 interactions, 2^32 messages.)
CREATE TRIGGER interaction_id_fits_search AFTER INSERT ON interactions
WHEN new.id >= 2147483648 OR new.id < 1
BEGIN
    SELECT RAISE(ABORT, 'interaction ids from 1 to 2^31 - 1 fit the quick-search index');
END;
CREATE TRIGGER message_id_fits_search AFTER INSERT ON messages
WHEN new.id >= 4294967296 OR new.id < 1
BEGIN
    SELECT RAISE(ABORT, 'message ids from 1 to 2^32 - 1 fit the quick-search index');
END;
