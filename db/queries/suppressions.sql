-- Queries of the do-not-contact list and consent history (client/suppressions.ts).

-- name: who-changes-consent
-- How and by whom the consent changes of this transaction are made, and why, for the history.
SELECT set_config('campaign_engine.actor', $1, true), set_config('campaign_engine.how', $2, true), set_config('campaign_engine.detail', $3, true);

-- name: add-suppression
-- One do-not-contact entry: by contact ($2) or by an address ($3: e-mail, phone, or postal key of
-- $4 address and $5 postcode). An entry that exists is left as it is.
INSERT INTO suppressions (channel, contact_id, address, reason, detail)
VALUES ($1, $2, coalesce($3, postal_key($4, $5)), 'do-not-contact', $6)
ON CONFLICT DO NOTHING
RETURNING id;

-- name: remove-suppressions
-- Entries on channel $1 (every channel when NULL) for contact $2 (its own and its addresses') or
-- for an address ($3, or the postal key of $4 and $5).
DELETE FROM suppressions s
WHERE ($1::text IS NULL OR s.channel = $1)
  AND (($2::int IS NOT NULL AND (s.contact_id = $2 OR s.address IN (
          SELECT unnest(ARRAY[c.email, c.phone, postal_key(c.address, c.postcode)]) FROM contacts c WHERE c.id = $2)))
    OR ($2::int IS NULL AND s.address = coalesce($3, postal_key($4, $5))))
RETURNING s.id, s.channel, s.reason;

-- name: list-suppressions
-- The do-not-contact list with who it names, newest first; one contact's entries ($1) or all.
SELECT s.id, s.channel, s.reason, s.detail, s.created_at, s.contact_id, s.address, c.name,
       h.how, h.actor
FROM suppressions s
LEFT JOIN contacts c ON c.id = s.contact_id
LEFT JOIN LATERAL (
  SELECT how, actor FROM consent_history ch
  WHERE ch.channel = s.channel AND ch.change LIKE 'not to be contacted%'
    AND ch.contact_id IS NOT DISTINCT FROM s.contact_id AND ch.address IS NOT DISTINCT FROM s.address
  ORDER BY ch.at DESC LIMIT 1
) h ON true
WHERE $1::int IS NULL OR s.contact_id = $1 OR s.address IN (
  SELECT unnest(ARRAY[c2.email, c2.phone, postal_key(c2.address, c2.postcode)]) FROM contacts c2 WHERE c2.id = $1)
ORDER BY s.created_at DESC, s.id DESC
LIMIT $2;

-- name: consent-history
-- One contact's consent changes, by contact or by any of its addresses, oldest first.
SELECT h.at, h.channel, h.change, h.how, h.actor, h.detail
FROM consent_history h, contacts c
WHERE c.id = $1 AND (h.contact_id = c.id OR h.address IN (c.email, c.phone, postal_key(c.address, c.postcode)))
ORDER BY h.at, h.id;
