-- The failure a replay took a piece from, kept when the replay sends it, skips it (a mailbox
-- suppressed since) or fails again: the record still says why it failed the first time.
ALTER TABLE deliveries ADD COLUMN failure_before_replay text;
