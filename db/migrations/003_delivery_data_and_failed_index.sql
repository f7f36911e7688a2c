-- The template data a piece was sent with (reply card, occasion, booking), kept so a failed piece
-- can be replayed exactly as it was first meant; and an index for listing failed pieces.
ALTER TABLE deliveries ADD COLUMN data jsonb;
CREATE INDEX deliveries_failed_idx ON deliveries (campaign_id, updated_at) WHERE status = 'failed';
