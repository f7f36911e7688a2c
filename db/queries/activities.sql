-- Queries of the activities (activities/): deliveries, contacts, reply cards, calls, slots.

-- name: claim-delivery
-- Claims the piece's key. A new key inserts a queued row; a queued row from a crashed attempt
-- is taken again (attempts + 1) unless another attempt holds the lease; a finished row returns
-- nothing, and the caller reads the recorded result.
INSERT INTO deliveries (idempotency_key, campaign_id, contact_id, step, channel, template, attempts, lease_until, data)
VALUES ($1, $2, $3, $4, $5, $6, 1, now() + make_interval(secs => $7), $8)
ON CONFLICT (idempotency_key) DO UPDATE
  SET attempts = deliveries.attempts + 1, updated_at = now(), lease_until = EXCLUDED.lease_until
  WHERE deliveries.status = 'queued' AND (deliveries.lease_until IS NULL OR deliveries.lease_until < now())
RETURNING id, status, reason, provider_id, (xmax = 0) AS fresh;

-- name: delivery-by-key
SELECT id, status, reason, provider_id, lease_until > now() AS leased FROM deliveries WHERE idempotency_key = $1;

-- name: finish-deliveries
-- Records the final status of claimed pieces, one or several in one statement (one commit): a
-- page's sends that finished while the previous commit was being written go together.
UPDATE deliveries AS d
SET status = x.status, reason = x.reason, provider_id = coalesce(x.provider_id, d.provider_id), lease_until = NULL,
    updated_at = now(), sent_at = CASE WHEN x.status = 'sent' THEN now() ELSE d.sent_at END
FROM unnest($1::int[], $2::text[], $3::text[], $4::text[]) AS x(id, status, reason, provider_id)
WHERE d.id = x.id;

-- name: release-delivery
-- A transient failure: the row stays queued for the retry, with the reason of the last attempt.
UPDATE deliveries SET reason = $2, lease_until = NULL, updated_at = now() WHERE id = $1 AND status = 'queued';

-- name: renew-leases
-- A live attempt keeps holding the pieces it is still sending (see leaseKeeper).
UPDATE deliveries SET lease_until = now() + make_interval(secs => $2)
WHERE id = ANY($1::int[]) AND status = 'queued' AND lease_until IS NOT NULL;

-- name: open-call-tasks
-- Call tasks the call centre has taken that have no outcome yet (a metric for operations).
SELECT count(*)::int AS open FROM call_tasks t
WHERE t.provider_task_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM call_outcomes o WHERE o.provider_task_id = t.provider_task_id);

-- name: contact-by-id
SELECT id, name, title, company, industry, address, postcode, city, email, phone, language, time_zone,
       consent_email, consent_post, consent_phone, tier, stage, heat, source_code,
       to_char(birthday, 'YYYY-MM-DD') AS birthday, to_char(wedding_anniversary, 'YYYY-MM-DD') AS wedding_anniversary,
       household_id, screening
FROM contacts WHERE id = $1;

-- name: contact-suppressions
-- Suppressions in force for a contact right now: by contact or by its e-mail or phone address.
-- A postal address suppression matches the contact's address by its postal key.
SELECT DISTINCT s.channel, s.reason FROM suppressions s
WHERE s.contact_id = $1 OR (s.address IS NOT NULL AND (s.address IN ($2, $3)
  OR s.address = (SELECT postal_key(c.address, c.postcode) FROM contacts c WHERE c.id = $1)));

-- name: suppress-address
INSERT INTO suppressions (channel, contact_id, address, reason, detail) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT DO NOTHING;

-- name: campaign-for-context
SELECT id, name, kind, params, display_names FROM campaigns WHERE id = $1;

-- name: nearest-dealers
-- Same city first, then the numerically closest postcode: a fair proxy for distance in China's
-- six-digit postcodes, where neighbouring areas share leading digits. The name in the contact's
-- language ($4) when the network file gave one.
SELECT coalesce(names->>$4::text, name) AS name, coalesce(addresses->>$4::text, address) AS address, postcode,
       coalesce(cities->>$4::text, city) AS city, phone FROM dealers
ORDER BY (city = $1) DESC, abs(coalesce(nullif(regexp_replace(postcode, '\D', '', 'g'), '')::bigint, 0) - $2::bigint), id
LIMIT $3;

-- name: nearest-service-centres
SELECT id, coalesce(names->>$4::text, name) AS name, coalesce(addresses->>$4::text, address) AS address, postcode,
       coalesce(cities->>$4::text, city) AS city, phone FROM service_centres
ORDER BY (city = $1) DESC, abs(coalesce(nullif(regexp_replace(postcode, '\D', '', 'g'), '')::bigint, 0) - $2::bigint), id
LIMIT $3;

-- name: latest-vehicle
-- The owner file names a car's model by code or by a name in either language ('SEDAN-L', 'Sedan L',
-- '轿车 L'); the catalogue's name in the contact's language ($2) is shown when the catalogue knows
-- the model, else the name in the catalogue's own language if it is the contact's, else the model as written.
SELECT coalesce(m.names->>$2::text, CASE WHEN m.language = $2::text THEN m.name END, v.model) AS model, v.vin,
       to_char(v.purchase_date, 'YYYY-MM-DD') AS purchase_date
FROM vehicles v LEFT JOIN LATERAL (
  SELECT names, name, language FROM vehicle_models m
  WHERE model_key(m.code) = model_key(v.model) OR model_key(m.name) = model_key(v.model)
     OR model_key(m.names->>'zh-CN') = model_key(v.model) OR model_key(m.names->>'en') = model_key(v.model)
  ORDER BY (m.code = v.model) DESC, m.code LIMIT 1
) m ON true
WHERE v.contact_id = $1 ORDER BY v.purchase_date DESC NULLS LAST, v.id DESC LIMIT 1;

-- name: models-by-code
-- Questionnaires name models by code or by name; the name is given in the contact's language ($2)
-- when the catalogue has it.
SELECT code, coalesce(names->>$2::text, name) AS name, summary, features, price_lines FROM vehicle_models
WHERE code = ANY($1::text[]) OR name = ANY($1::text[]) ORDER BY code;

-- name: default-models
-- The catalogue's first models, for a prospect who named none we know.
SELECT code, coalesce(names->>$2::text, name) AS name, summary, features, price_lines FROM vehicle_models ORDER BY code LIMIT $1;

-- name: reply-card-for
SELECT response_code FROM reply_cards WHERE campaign_id = $1 AND contact_id = $2;

-- name: insert-reply-card
INSERT INTO reply_cards (campaign_id, contact_id, response_code) VALUES ($1, $2, $3)
ON CONFLICT (campaign_id, contact_id) DO NOTHING
RETURNING response_code;

-- name: upsert-campaign-contact
INSERT INTO campaign_contacts (campaign_id, contact_id, stage, end_reason) VALUES ($1, $2, $3, $4)
ON CONFLICT (campaign_id, contact_id) DO UPDATE SET stage = EXCLUDED.stage, end_reason = EXCLUDED.end_reason, updated_at = now();

-- name: insert-stage-reached
INSERT INTO campaign_contact_stages (campaign_id, contact_id, stage, reason) VALUES ($1, $2, $3, $4)
ON CONFLICT (campaign_id, contact_id, stage) DO NOTHING;

-- name: ensure-campaign-row
-- Activities may record against a campaign the client has not registered (tests, replays).
INSERT INTO campaigns (id, kind, name, status) VALUES ($1, 'unknown', $1, 'running') ON CONFLICT (id) DO NOTHING;

-- name: insert-call-task
INSERT INTO call_tasks (delivery_id, campaign_id, contact_id, workflow_id, purpose, notes, attempt, window_start, window_end, provider_task_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT (delivery_id) DO UPDATE SET provider_task_id = EXCLUDED.provider_task_id;

-- name: live-booking
SELECT b.id, b.slot_id, s.starts_at, sc.name AS service_centre
FROM inspection_bookings b JOIN inspection_slots s ON s.id = b.slot_id JOIN service_centres sc ON sc.id = s.service_centre_id
WHERE b.campaign_id = $1 AND b.contact_id = $2 AND b.status = 'booked';

-- name: take-slot-place
-- Takes one place if one is left. The row lock makes a concurrent booker wait and then see the
-- new count, so the last place goes to exactly one owner; the CHECK is the backstop.
UPDATE inspection_slots SET booked = booked + 1 WHERE id = $1 AND booked < capacity AND closed_at IS NULL AND starts_at > now()
RETURNING id, starts_at, service_centre_id;

-- name: slot-for-booking
-- What a booking must check before it takes a place: the slot has not begun, is open, and is at
-- the centre the owner's offer names (any centre for an offer made before offers named one).
SELECT s.id, s.starts_at <= now() AS begun, s.closed_at IS NOT NULL AS closed,
       (o.service_centre_id IS NOT NULL AND o.service_centre_id <> s.service_centre_id) AS elsewhere
FROM inspection_slots s
LEFT JOIN inspection_offers o ON o.campaign_id = $2 AND o.contact_id = $3
WHERE s.id = $1;

-- name: insert-booking
INSERT INTO inspection_bookings (slot_id, campaign_id, contact_id) VALUES ($1, $2, $3) RETURNING id;

-- name: service-centre-name
SELECT name FROM service_centres WHERE id = $1;

-- name: cancel-booking
UPDATE inspection_bookings SET status = 'cancelled', cancelled_at = now()
WHERE campaign_id = $1 AND contact_id = $2 AND status = 'booked'
RETURNING id, slot_id;

-- name: free-slot-place
UPDATE inspection_slots SET booked = booked - 1 WHERE id = $1 AND booked > 0;

-- name: booking-attendance
SELECT attendance FROM inspection_bookings WHERE id = $1;

-- name: slot-with-centre
-- $2: the contact's language, for the centre's name.
SELECT s.id, s.starts_at, coalesce(sc.names->>$2::text, sc.name) AS name, coalesce(sc.addresses->>$2::text, sc.address) AS address,
       sc.postcode, coalesce(sc.cities->>$2::text, sc.city) AS city, sc.phone
FROM inspection_slots s JOIN service_centres sc ON sc.id = s.service_centre_id WHERE s.id = $1;

-- name: open-slots-near
-- Slots with places left from now on, at the service centres nearest the contact; $5 the
-- contact's language, for the centre's name.
SELECT s.id, s.starts_at, coalesce(sc.names->>$5::text, sc.name) AS name, coalesce(sc.addresses->>$5::text, sc.address) AS address,
       sc.postcode, coalesce(sc.cities->>$5::text, sc.city) AS city, sc.phone
FROM inspection_slots s JOIN service_centres sc ON sc.id = s.service_centre_id
WHERE s.starts_at > $3 AND s.booked < s.capacity AND s.closed_at IS NULL
ORDER BY (sc.city = $1) DESC, abs(coalesce(nullif(regexp_replace(sc.postcode, '\D', '', 'g'), '')::bigint, 0) - $2::bigint), s.starts_at
LIMIT $4;

-- name: open-slots-for-offer
-- The free, open slots from $3 on at the centre the owner's offer ($1 campaign, $2 contact) names;
-- $5 the contact's language, for the centre's name.
SELECT s.id, s.starts_at, coalesce(sc.names->>$5::text, sc.name) AS name, coalesce(sc.addresses->>$5::text, sc.address) AS address,
       sc.postcode, coalesce(sc.cities->>$5::text, sc.city) AS city, sc.phone
FROM inspection_offers o
JOIN service_centres sc ON sc.id = o.service_centre_id
JOIN inspection_slots s ON s.service_centre_id = sc.id
WHERE o.campaign_id = $1 AND o.contact_id = $2 AND s.starts_at > $3 AND s.booked < s.capacity AND s.closed_at IS NULL
ORDER BY s.starts_at
LIMIT $4;

-- name: offer-exists
SELECT 1 FROM inspection_offers WHERE campaign_id = $1 AND contact_id = $2;

-- name: greetings-page
-- One keyset page of owners to greet; $2 NULL pages all of them, which is how they are counted.
-- Birthdays and anniversaries only on the day (month and day given as $4 'MM-DD'); an
-- anniversary goes once per household, to the lowest id, with the partner named. The campaign's
-- segment (client/segment.ts) goes at the marker.
SELECT c.id FROM contacts c
WHERE c.stage = 'owner' AND c.id > $1 AND c.sample = $5 AND /*segment*/ true
  AND CASE $3::text
        WHEN 'birthday' THEN to_char(c.birthday, 'MM-DD') = $4
        WHEN 'anniversary' THEN to_char(c.wedding_anniversary, 'MM-DD') = $4
          AND NOT EXISTS (SELECT 1 FROM contacts o WHERE o.household_id = c.household_id AND o.id < c.id
                          AND o.wedding_anniversary = c.wedding_anniversary)
        ELSE true
      END
ORDER BY c.id
LIMIT $2;

-- name: household-partner
SELECT name, title FROM contacts WHERE household_id = $1 AND id <> $2 ORDER BY id LIMIT 1;

-- name: contacts-by-ids
-- A page of contacts at once, for a broadcast page (same columns as contact-by-id).
SELECT id, name, title, company, industry, address, postcode, city, email, phone, language, time_zone,
       consent_email, consent_post, consent_phone, tier, stage, heat, source_code,
       to_char(birthday, 'YYYY-MM-DD') AS birthday, to_char(wedding_anniversary, 'YYYY-MM-DD') AS wedding_anniversary,
       household_id, screening
FROM contacts WHERE id = ANY($1::int[]);

-- name: suppressions-for-contacts
-- Suppressions in force for a page of contacts: by contact or by an e-mail or phone address.
SELECT DISTINCT c.id AS contact_id, s.channel, s.reason
FROM contacts c JOIN suppressions s
  ON s.contact_id = c.id OR (s.address IS NOT NULL AND s.address IN (c.email, c.phone, postal_key(c.address, c.postcode)))
WHERE c.id = ANY($1::int[]);

-- name: latest-vehicles
-- Each contact's most recently bought car, for a page of contacts, its model named in the
-- contact's language as latest-vehicle does.
SELECT DISTINCT ON (v.contact_id) v.contact_id,
       coalesce(m.names->>c.language, CASE WHEN m.language = c.language THEN m.name END, v.model) AS model,
       to_char(v.purchase_date, 'YYYY-MM-DD') AS purchase_date
FROM vehicles v JOIN contacts c ON c.id = v.contact_id
LEFT JOIN LATERAL (
  SELECT names, name, language FROM vehicle_models m
  WHERE model_key(m.code) = model_key(v.model) OR model_key(m.name) = model_key(v.model)
     OR model_key(m.names->>'zh-CN') = model_key(v.model) OR model_key(m.names->>'en') = model_key(v.model)
  ORDER BY (m.code = v.model) DESC, m.code LIMIT 1
) m ON true
WHERE v.contact_id = ANY($1::int[])
ORDER BY v.contact_id, v.purchase_date DESC NULLS LAST, v.id DESC;

-- name: reopen-failed-delivery
-- A replay takes a failed piece back to queued, keeping its key (so the same Message-ID) and
-- data, and its failure in failure_before_replay. A piece the replay reopened and left queued (a
-- transient fault, the activity retried) is returned as it is, lease and all: the send's claim
-- decides whether it may go. Any other piece is left alone and nothing is returned.
UPDATE deliveries
SET failure_before_replay = CASE WHEN status = 'failed' THEN reason ELSE failure_before_replay END,
    reason = CASE WHEN status = 'failed' THEN 'replay of: ' || coalesce(reason, '') ELSE reason END,
    lease_until = CASE WHEN status = 'failed' THEN NULL ELSE lease_until END,
    status = 'queued', updated_at = now()
WHERE id = $1 AND channel IN ('email', 'post')
  AND (status = 'failed' OR (status = 'queued' AND failure_before_replay IS NOT NULL))
RETURNING idempotency_key, campaign_id, contact_id, step, channel, template, data;

-- name: delivery-by-id
SELECT id, status, reason, provider_id FROM deliveries WHERE id = $1;

-- name: claim-deliveries
-- claim-delivery for a whole broadcast page in one statement: new keys are inserted queued, a
-- queued key whose lease has run out is taken again; finished or leased keys return nothing.
INSERT INTO deliveries (idempotency_key, campaign_id, contact_id, step, channel, template, attempts, lease_until, data)
SELECT k, c, ct, s, ch, t, 1, now() + make_interval(secs => $7), d
FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $8::jsonb[]) AS x(k, c, ct, s, ch, t, d)
ON CONFLICT (idempotency_key) DO UPDATE
  SET attempts = deliveries.attempts + 1, updated_at = now(), lease_until = EXCLUDED.lease_until
  WHERE deliveries.status = 'queued' AND (deliveries.lease_until IS NULL OR deliveries.lease_until < now())
RETURNING idempotency_key, id, status, reason, provider_id, (xmax = 0) AS fresh;

-- name: deliveries-by-keys
SELECT idempotency_key, id, status, reason, provider_id FROM deliveries WHERE idempotency_key = ANY($1::text[]);

-- name: launch-in-campaign
-- Contacts of a launch page whose run has moved past 'targeted': already in the campaign.
SELECT contact_id FROM campaign_contacts
WHERE campaign_id = $1 AND contact_id = ANY($2::int[]) AND stage <> 'targeted';

-- name: issue-reply-cards
-- A page's reply cards at once; a contact that has one keeps it, a code collision leaves the
-- contact without one (issued singly afterwards).
INSERT INTO reply_cards (campaign_id, contact_id, response_code)
SELECT $1, unnest($2::int[]), unnest($3::text[])
ON CONFLICT DO NOTHING;

-- name: reply-cards-of
SELECT contact_id, response_code FROM reply_cards WHERE campaign_id = $1 AND contact_id = ANY($2::int[]);

-- name: record-page-sent
-- A launch page's contacts reach 'sent' once their offer is out; a run further on keeps its stage.
WITH moved AS (
  UPDATE campaign_contacts SET stage = 'sent', updated_at = now()
  WHERE campaign_id = $1 AND contact_id = ANY($2::int[]) AND stage = 'targeted'
  RETURNING contact_id
)
INSERT INTO campaign_contact_stages (campaign_id, contact_id, stage)
SELECT $1, contact_id, 'sent' FROM moved
ON CONFLICT DO NOTHING;

-- name: reply-card-codes-of-campaign
SELECT response_code FROM reply_cards WHERE campaign_id = $1;
