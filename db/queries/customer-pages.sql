-- Queries of the customer pages (api/customers/) and the call-centre callback (api/partners/).

-- name: page-code-owner
-- Whose printed code this is (a reply card's or an inspection's booking code), with what the
-- page needs to speak to them: their language, zone and name, and the campaign's kind.
SELECT r.campaign_id, r.contact_id, r.replied_at, r.answers, cp.kind, cp.params,
       c.language, c.time_zone, c.name, c.stage
FROM reply_cards r
JOIN contacts c ON c.id = r.contact_id
LEFT JOIN campaigns cp ON cp.id = r.campaign_id
WHERE r.response_code = $1;

-- name: lead-closed-stage
-- The end state a lead reached in this campaign, if any: a reply after it is late.
SELECT stage FROM campaign_contact_stages
WHERE campaign_id = $1 AND contact_id = $2 AND stage IN ('appointment', 'material-sent', 'lost', 'no-contact', 'bought')
ORDER BY reached_at LIMIT 1;

-- name: record-late-answer
-- The first late answer per page and person is kept; a repeat records nothing new.
INSERT INTO late_answers (page, campaign_id, contact_id, answers, why_late) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (page, campaign_id, contact_id) DO NOTHING;

-- name: late-answer-of
SELECT answers, why_late, received_at FROM late_answers WHERE page = $1 AND campaign_id = $2 AND contact_id = $3;

-- name: live-booking-of
-- The owner's live booking in an inspection campaign: when, where (named in their language).
SELECT b.id, b.slot_id, s.starts_at, coalesce(sc.names->>$3::text, sc.name) AS centre, sc.address, sc.phone
FROM inspection_bookings b
JOIN inspection_slots s ON s.id = b.slot_id
JOIN service_centres sc ON sc.id = s.service_centre_id
WHERE b.campaign_id = $1 AND b.contact_id = $2 AND b.status = 'booked';

-- name: offered-centre-slots
-- The centre the owner's offer names (in their language) and its free, open slots from $3 on.
SELECT sc.id AS centre_id, coalesce(sc.names->>$5::text, sc.name) AS centre, sc.address, sc.phone,
       s.id AS slot_id, s.starts_at, s.capacity - s.booked AS free
FROM inspection_offers o
JOIN service_centres sc ON sc.id = o.service_centre_id
LEFT JOIN inspection_slots s ON s.service_centre_id = sc.id AND s.starts_at > $3 AND s.booked < s.capacity AND s.closed_at IS NULL
WHERE o.campaign_id = $1 AND o.contact_id = $2
ORDER BY s.starts_at
LIMIT $4;

-- name: survey-booking
-- A booking the survey link names: who, where, when, whether they came, and any answer given.
SELECT b.id, b.campaign_id, b.contact_id, b.attendance, s.starts_at, s.service_centre_id,
       coalesce(sc.names->>c.language, sc.name) AS centre, c.language, c.time_zone, c.name,
       sv.satisfaction, sv.would_recommend, sv.comment
FROM inspection_bookings b
JOIN inspection_slots s ON s.id = b.slot_id
JOIN service_centres sc ON sc.id = s.service_centre_id
JOIN contacts c ON c.id = b.contact_id
LEFT JOIN inspection_surveys sv ON sv.booking_id = b.id
WHERE b.id = $1;

-- name: record-survey
-- One survey per booking: a second submission records nothing new.
INSERT INTO inspection_surveys (booking_id, campaign_id, contact_id, service_centre_id, satisfaction, would_recommend, comment)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (booking_id) DO NOTHING;

-- name: rsvp-invitee
-- A gold owner invited in a greetings campaign: their language, tier, the campaign's trip, any answer.
SELECT c.id, c.name, c.language, c.time_zone, c.tier, cp.kind, cp.params -> 'trip' AS trip,
       r.attending, r.guests
FROM contacts c
JOIN campaigns cp ON cp.id = $1
LEFT JOIN trip_rsvps r ON r.campaign_id = cp.id AND r.contact_id = c.id
WHERE c.id = $2;

-- name: record-rsvp
-- One answer per owner and trip; a change of mind replaces it, a repeat changes nothing.
INSERT INTO trip_rsvps (campaign_id, contact_id, attending, guests) VALUES ($1, $2, $3, $4)
ON CONFLICT (campaign_id, contact_id) DO UPDATE SET attending = EXCLUDED.attending, guests = EXCLUDED.guests, updated_at = now()
WHERE (trip_rsvps.attending, trip_rsvps.guests) IS DISTINCT FROM (EXCLUDED.attending, EXCLUDED.guests);

-- name: preference-contact
-- What the preference page shows: the addresses (masked by the page), consents and suppressions.
SELECT c.id, c.name, c.language, c.email, c.phone, c.address, c.consent_email, c.consent_post, c.consent_phone,
       coalesce((SELECT jsonb_agg(jsonb_build_object('channel', s.channel, 'reason', s.reason))
                 FROM suppressions s WHERE s.contact_id = c.id), '[]') AS suppressions
FROM contacts c WHERE c.id = $1;

-- name: unsubscribe-channel
-- Leaving a channel from the page or a mail client's one-click POST; a repeat adds nothing.
INSERT INTO suppressions (channel, contact_id, reason, detail) VALUES ($1, $2, 'unsubscribe', $3)
ON CONFLICT DO NOTHING;

-- name: resubscribe-channel
-- Only the customer's own unsubscribe is undone here; a do-not-contact or a bounce stands.
DELETE FROM suppressions WHERE channel = $1 AND contact_id = $2 AND reason = 'unsubscribe' AND address IS NULL;

-- name: sent-email-piece
-- The e-mail piece a "view in browser" link names, as it was recorded when sent.
SELECT d.campaign_id, d.contact_id, d.template, d.data, d.sent_at, d.idempotency_key
FROM deliveries d WHERE d.idempotency_key = $1 AND d.channel = 'email' AND d.status = 'sent';

-- name: remember-callback-signature
-- A callback signature seen within its window; none inserted means it was seen before (a replay).
WITH pruned AS (DELETE FROM callback_signatures WHERE seen_at < now() - interval '10 minutes')
INSERT INTO callback_signatures (signature) VALUES ($1) ON CONFLICT (signature) DO NOTHING
RETURNING signature;

-- name: slot-has-room
-- Whether a slot can take one more booking now (a change of booking checks before giving up the old).
SELECT closed_at IS NULL AND booked < capacity AND starts_at > now() AS free FROM inspection_slots WHERE id = $1;
