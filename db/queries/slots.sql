-- Queries of inspection slots and offers (client/slots.ts, client/inspection-offers.ts).

-- name: centre-by-key
-- A service centre by id, network code, or name as written (in any language on file).
SELECT id, name, time_zone FROM service_centres
WHERE id::text = $1 OR code = $1 OR name = $1 OR $1 IN (SELECT value FROM jsonb_each_text(names))
ORDER BY id LIMIT 2;

-- name: create-slots
-- Slots by rule: each date from $2 to $3 on the ISO weekdays $4 (1 Monday .. 7 Sunday), at each
-- local time $5 in the centre's own zone, with capacity $6. A slot that exists is left as it is.
INSERT INTO inspection_slots (service_centre_id, starts_at, capacity)
SELECT sc.id, (d::date + t::time) AT TIME ZONE sc.time_zone, $6
FROM service_centres sc,
     generate_series($2::date, $3::date, interval '1 day') AS d,
     unnest($5::text[]) AS t
WHERE sc.id = $1 AND extract(isodow FROM d)::int = ANY($4::int[])
ON CONFLICT (service_centre_id, starts_at) DO NOTHING
RETURNING id;

-- name: list-slots
-- Slots from $2 (all when NULL) at one centre ($1) or all, in time order, with their free places.
SELECT s.id, sc.name AS centre, sc.time_zone, s.starts_at, s.capacity, s.booked,
       CASE WHEN s.closed_at IS NULL THEN s.capacity - s.booked ELSE 0 END AS free, s.closed_at
FROM inspection_slots s JOIN service_centres sc ON sc.id = s.service_centre_id
WHERE ($1::int IS NULL OR sc.id = $1) AND ($2::timestamptz IS NULL OR s.starts_at >= $2)
  AND ($3::timestamptz IS NULL OR s.starts_at < $3)
ORDER BY s.starts_at, sc.name, s.id
LIMIT 5000;

-- name: set-slot-capacity
-- Never below the places already booked.
UPDATE inspection_slots SET capacity = $2 WHERE id = $1 AND booked <= $2 RETURNING id, capacity, booked;

-- name: slot-state
SELECT id, capacity, booked, closed_at FROM inspection_slots WHERE id = $1;

-- name: close-slot
UPDATE inspection_slots SET closed_at = coalesce(closed_at, now()) WHERE id = $1 RETURNING id, booked;

-- name: owner-centres
-- Each owner's service centre for an inspection offer: the one an earlier offer of campaign $3
-- named, else the one servicing their latest car (as the owner file gives it: code or name),
-- else the nearest (same city first, then the nearest postcode); and whether it has a free,
-- open slot from $2 on.
SELECT c.id AS contact_id, sc.id AS centre_id, sc.name AS centre, o.contact_id IS NOT NULL AS offered_before,
       EXISTS (SELECT 1 FROM inspection_slots s WHERE s.service_centre_id = sc.id AND s.starts_at > $2
                 AND s.closed_at IS NULL AND s.booked < s.capacity) AS has_free_slot
FROM contacts c
LEFT JOIN inspection_offers o ON o.campaign_id = $3 AND o.contact_id = c.id
LEFT JOIN LATERAL (
  SELECT sc.id, sc.name FROM service_centres sc
  WHERE o.service_centre_id IS NULL OR sc.id = o.service_centre_id
  ORDER BY coalesce((SELECT v.service_centre IN (sc.code, sc.name) FROM vehicles v
                     WHERE v.contact_id = c.id AND v.service_centre IS NOT NULL
                     ORDER BY v.purchase_date DESC NULLS LAST, v.id DESC LIMIT 1), false) DESC,
           (sc.city = c.city) DESC,
           abs(coalesce(nullif(regexp_replace(sc.postcode, '\D', '', 'g'), '')::bigint, 0)
               - coalesce(nullif(regexp_replace(coalesce(c.postcode, ''), '\D', '', 'g'), '')::bigint, 0)),
           sc.id
  LIMIT 1
) sc ON true
WHERE c.id = ANY($1::int[])
ORDER BY c.id;

-- name: record-offers
-- The centre each owner's offer names; the first offer of a campaign stands.
INSERT INTO inspection_offers (campaign_id, contact_id, service_centre_id)
SELECT $1, unnest($2::int[]), unnest($3::int[])
ON CONFLICT (campaign_id, contact_id) DO NOTHING;
