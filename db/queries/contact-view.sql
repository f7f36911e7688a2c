-- Queries of the customer view (client/contact-view.ts): everything the engine holds and has done
-- for one contact, so whoever the customer calls can see what is running for them.

-- name: contact-campaigns
-- The campaigns the contact is in: with a stage where the campaign keeps one per contact, and the
-- broadcasts that only recorded pieces for it. Newest first.
SELECT cc.campaign_id, c.kind, cc.stage, cc.end_reason, cc.updated_at
FROM campaign_contacts cc JOIN campaigns c ON c.id = cc.campaign_id
WHERE cc.contact_id = $1
UNION ALL
SELECT d.campaign_id, c.kind, NULL, NULL, max(d.updated_at)
FROM deliveries d LEFT JOIN campaigns c ON c.id = d.campaign_id
WHERE d.contact_id = $1
  AND NOT EXISTS (SELECT 1 FROM campaign_contacts cc WHERE cc.campaign_id = d.campaign_id AND cc.contact_id = $1)
GROUP BY d.campaign_id, c.kind
ORDER BY updated_at DESC;

-- name: contact-pieces
-- The latest pieces sent, failed or skipped for the contact, with their reasons.
-- A piece a replay skipped or failed again says why it had failed before the replay.
SELECT campaign_id, step, channel, status,
       CASE WHEN status IN ('skipped', 'failed') AND failure_before_replay IS NOT NULL
            THEN reason || ' (failed before the replay: ' || failure_before_replay || ')' ELSE reason END AS reason,
       coalesce(sent_at, updated_at) AS at
FROM deliveries WHERE contact_id = $1
ORDER BY updated_at DESC, id DESC LIMIT $2;

-- name: contact-replies
SELECT campaign_id, answers, channel, replied_at FROM reply_cards
WHERE contact_id = $1 AND replied_at IS NOT NULL ORDER BY replied_at DESC;

-- name: contact-bookings
SELECT b.id, b.campaign_id, b.status, b.attendance, s.starts_at, sc.name AS service_centre
FROM inspection_bookings b
JOIN inspection_slots s ON s.id = b.slot_id
JOIN service_centres sc ON sc.id = s.service_centre_id
WHERE b.contact_id = $1 ORDER BY b.booked_at DESC;

-- name: contact-calls
SELECT t.campaign_id, t.purpose, t.attempt, t.window_start, o.outcome, o.notes
FROM call_tasks t LEFT JOIN call_outcomes o ON o.provider_task_id = t.provider_task_id
WHERE t.contact_id = $1 ORDER BY t.created_at DESC;

-- name: contacts-by-email
SELECT id, name FROM contacts WHERE email = $1 ORDER BY id;

-- name: contacts-by-phone
-- A landline may be a household's: every contact with the number.
SELECT id, name FROM contacts WHERE phone = $1 ORDER BY id;
