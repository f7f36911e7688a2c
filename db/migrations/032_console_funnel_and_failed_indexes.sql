-- A campaign's funnel counts its pieces per contact (contacts addressed, mailed, per list source):
-- this index answers those counts from the index alone, in contact order, without the table.
CREATE INDEX IF NOT EXISTS deliveries_campaign_contact_idx ON deliveries (campaign_id, contact_id) INCLUDE (channel, status);
-- The failed pieces of every campaign, listed in id order as `campaign failed list` and the
-- console list them: about 1% of the pieces, found without walking the others.
CREATE INDEX IF NOT EXISTS deliveries_failed_id_idx ON deliveries (id) WHERE status = 'failed';
