-- When a campaign's live state (running, or ended once all its runs closed) was last seen from
-- Temporal, so that with Temporal unreachable the CLI says what it last knew, and when.
ALTER TABLE campaigns ADD COLUMN state_seen_at timestamptz;
