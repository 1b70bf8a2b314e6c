-- Email accounts (PRODUCT B8): the mailbox a queue receives at and agents send from. Agents may
-- use the accounts of the queues they are members of.
CREATE TABLE email_accounts (
    id          INTEGER PRIMARY KEY,
    -- Short code agents pick an account by, e.g. SUPPORT.
    account_key TEXT    NOT NULL UNIQUE,
    -- Display name in the From header.
    name        TEXT    NOT NULL,
    -- Lower case.
    address     TEXT    NOT NULL UNIQUE,
    queue_id    INTEGER NOT NULL REFERENCES queues(id)
);
CREATE INDEX email_accounts_queue ON email_accounts(queue_id);

-- How an inbound email reached the account: in To, only in CC, or neither (a blind copy).
ALTER TABLE messages ADD COLUMN received_as TEXT CHECK (received_as IN ('to', 'cc', 'bcc'));
