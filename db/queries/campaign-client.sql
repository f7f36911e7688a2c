-- Queries of the campaign client (client/): campaigns, targeting, responses and the funnel.

-- name: ensure-campaign
INSERT INTO campaigns (id, kind, name, status, params)
VALUES ($1, $2, $3, 'running', $4)
ON CONFLICT (id) DO UPDATE SET status = CASE WHEN campaigns.status = 'draft' THEN 'running' ELSE campaigns.status END
RETURNING id, kind, status;

-- name: campaign-by-id
SELECT id, kind, name, status, state_seen_at, created_at, params FROM campaigns WHERE id = $1;

-- name: remember-campaign-state
-- What its runs showed: running, or done once every run closed. A cancelled campaign stays so.
UPDATE campaigns SET status = $2, state_seen_at = now() WHERE id = $1 AND status <> 'cancelled';

-- name: segment-contacts
-- A segment's contacts, keyset paged by id; client/segment.ts puts the segment's condition
-- (stage, tier, source, dealer, model, ...) at the marker.
SELECT id FROM contacts c
WHERE id > $1 AND /*segment*/ true
ORDER BY id
LIMIT $2;

-- name: contacts-exist
SELECT id FROM contacts WHERE id = ANY($1::int[]);

-- name: reply-card-by-code
SELECT r.campaign_id, r.contact_id, r.replied_at, c.kind
FROM reply_cards r LEFT JOIN campaigns c ON c.id = r.campaign_id
WHERE r.response_code = $1;

-- name: time-zone-by-code
-- The zone of the customer a code belongs to: what they were told is in it.
SELECT c.time_zone FROM reply_cards r JOIN contacts c ON c.id = r.contact_id WHERE r.response_code = $1;

-- name: record-reply
-- The first reply is kept; a repeated or second reply leaves it as it was.
UPDATE reply_cards SET answers = $2, channel = $3, replied_at = now()
WHERE response_code = $1 AND replied_at IS NULL;

-- name: funnel-stages
SELECT stage, count(*)::int AS contacts FROM campaign_contact_stages WHERE campaign_id = $1 GROUP BY stage;

-- name: funnel-targeted
SELECT count(*)::int AS contacts FROM campaign_contacts WHERE campaign_id = $1;

-- name: funnel-deliveries
SELECT channel, status, count(*)::int AS pieces FROM deliveries WHERE campaign_id = $1 GROUP BY channel, status;

-- name: funnel-lost-reasons
SELECT coalesce(end_reason, 'no reason given') AS reason, count(*)::int AS contacts
FROM campaign_contacts WHERE campaign_id = $1 AND stage = 'lost' GROUP BY 1 ORDER BY 2 DESC;

-- name: target-contacts
-- Marks contacts as targeted by a campaign (once each), the top of its funnel.
WITH targeted AS (
  INSERT INTO campaign_contacts (campaign_id, contact_id, stage)
  SELECT $1, unnest($2::int[]), 'targeted'
  ON CONFLICT (campaign_id, contact_id) DO NOTHING
  RETURNING campaign_id, contact_id
)
INSERT INTO campaign_contact_stages (campaign_id, contact_id, stage)
SELECT campaign_id, contact_id, 'targeted' FROM targeted
ON CONFLICT DO NOTHING;

-- name: funnel-reach
-- Contacts by what their pieces did: addressed (any piece recorded, sent, failed or skipped),
-- sent at least one mail piece (accepted by the SMTP relay or the letter shop), delivered by mail.
-- A broadcast keeps no per-contact stages, so its funnel's top comes from here.
SELECT count(DISTINCT contact_id)::int AS addressed,
       count(DISTINCT contact_id) FILTER (WHERE status = 'sent' AND channel IN ('email', 'post'))::int AS mailed
FROM deliveries WHERE campaign_id = $1;

-- name: funnel-by-source-stages
-- The funnel per list source (the contact's source code; '' when it has none): response is judged per source.
SELECT coalesce(c.source_code, '') AS source, s.stage, count(*)::int AS contacts
FROM campaign_contact_stages s JOIN contacts c ON c.id = s.contact_id
WHERE s.campaign_id = $1 GROUP BY 1, 2;

-- name: funnel-by-source-targeted
SELECT coalesce(c.source_code, '') AS source, count(*)::int AS contacts
FROM campaign_contacts cc JOIN contacts c ON c.id = cc.contact_id
WHERE cc.campaign_id = $1 GROUP BY 1;

-- name: funnel-by-source-reach
SELECT coalesce(c.source_code, '') AS source, count(DISTINCT d.contact_id)::int AS addressed,
       count(DISTINCT d.contact_id) FILTER (WHERE d.status = 'sent' AND d.channel IN ('email', 'post'))::int AS mailed
FROM deliveries d JOIN contacts c ON c.id = d.contact_id
WHERE d.campaign_id = $1 GROUP BY 1;

-- name: list-campaigns
SELECT id, kind, name, status, state_seen_at, created_at FROM campaigns ORDER BY created_at DESC, id LIMIT 200;

-- name: record-attendance
-- The service centre says whether the owner came to a live booking.
UPDATE inspection_bookings SET attendance = $2 WHERE id = $1 AND status = 'booked' RETURNING id;

-- name: failed-deliveries
-- Failed pieces by campaign, step, channel, error text and time range (each filter optional).
SELECT d.id, d.campaign_id, d.contact_id, c.name, c.time_zone, d.step, d.channel, d.reason, d.attempts, d.updated_at
FROM deliveries d JOIN contacts c ON c.id = d.contact_id
WHERE d.status = 'failed'
  AND ($1::text IS NULL OR d.campaign_id = $1)
  AND ($2::text IS NULL OR d.step = $2)
  AND ($3::text IS NULL OR d.channel = $3)
  AND ($4::text IS NULL OR d.reason ILIKE '%' || $4 || '%')
  AND ($5::timestamptz IS NULL OR d.updated_at >= $5)
  AND ($6::timestamptz IS NULL OR d.updated_at < $6)
ORDER BY d.id
LIMIT $7;

-- name: rescore-heat
-- A prospect's new purchase-timeframe answer and the heat it gives; returns the heat it had.
WITH before AS (SELECT id, heat FROM contacts WHERE id = $1 AND stage = 'prospect' FOR UPDATE)
UPDATE contacts c SET screening = jsonb_set(c.screening, '{purchaseTimeframe}', to_jsonb($2::text)), heat = $3
FROM before WHERE c.id = before.id
RETURNING before.heat AS was;

-- name: open-lead-campaigns
-- The lead campaigns each of these contacts is in and not yet at an end (lost, appointment, no contact).
SELECT cc.contact_id, cc.campaign_id FROM campaign_contacts cc JOIN campaigns c ON c.id = cc.campaign_id
WHERE cc.contact_id = ANY($1::int[]) AND c.kind = 'lead-routing' AND cc.stage NOT IN ('lost', 'appointment', 'no-contact', 'bought')
ORDER BY cc.contact_id, cc.campaign_id;
