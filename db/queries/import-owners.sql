-- Queries of the owner-file import (import/import-owners.ts), a batch at a time.

-- name: owners-find-by-vin
SELECT v.vin, v.contact_id AS id, c.email FROM vehicles v JOIN contacts c ON c.id = v.contact_id WHERE v.vin = ANY($1::text[]);

-- name: owners-reserve-ids
-- Ids for the batch's new owners, taken before the insert so each row's cars find their owner.
SELECT nextval(pg_get_serial_sequence('contacts', 'id'))::int AS id FROM generate_series(1, $1::int);

-- name: owners-insert
INSERT INTO contacts (id, name, address, postcode, city, email, phone, language, time_zone,
                      consent_email, consent_post, consent_phone, tier, stage, source_code, source_label,
                      birthday, wedding_anniversary, household_id, spouse_name)
SELECT t.id, t.name, t.address, t.postcode, t.city, t.email, t.phone, t.language, t.time_zone,
       t.consent_email, t.consent_post, t.consent_phone, coalesce(t.tier, 'regular'), 'owner', t.source_code, t.source_label,
       t.birthday::date, t.wedding_anniversary::date, t.household_id, t.spouse_name
FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
            $10::boolean[], $11::boolean[], $12::boolean[], $13::text[], $14::text[], $15::text[],
            $16::text[], $17::text[], $18::text[], $19::text[])
  AS t(id, name, address, postcode, city, email, phone, language, time_zone,
       consent_email, consent_post, consent_phone, tier, source_code, source_label,
       birthday, wedding_anniversary, household_id, spouse_name);

-- name: owners-merge
-- A contact on file bought a car (a prospect becomes an owner, keeping its history and answers)
-- or an owner's record is refreshed: what the file says wins, a blank keeps what is on file, and
-- a consent is changed only where the file states one.
UPDATE contacts c
SET name = t.name,
    address = coalesce(t.address, c.address), postcode = coalesce(t.postcode, c.postcode), city = coalesce(t.city, c.city),
    email = coalesce(c.email, t.email), phone = coalesce(t.phone, c.phone),
    language = coalesce(t.language, c.language), time_zone = coalesce(t.time_zone, c.time_zone),
    consent_email = coalesce(t.consent_email, c.consent_email),
    consent_post = coalesce(t.consent_post, c.consent_post),
    consent_phone = coalesce(t.consent_phone, c.consent_phone),
    tier = coalesce(t.tier, c.tier), stage = 'owner',
    source_code = coalesce(c.source_code, t.source_code), source_label = CASE WHEN c.source_code IS NULL THEN t.source_label ELSE c.source_label END,
    birthday = coalesce(t.birthday::date, c.birthday),
    wedding_anniversary = coalesce(t.wedding_anniversary::date, c.wedding_anniversary),
    household_id = coalesce(t.household_id, c.household_id), spouse_name = coalesce(t.spouse_name, c.spouse_name),
    updated_at = now()
FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
            $10::boolean[], $11::boolean[], $12::boolean[], $13::text[], $14::text[], $15::text[],
            $16::text[], $17::text[], $18::text[], $19::text[])
  AS t(id, name, address, postcode, city, email, phone, language, time_zone,
       consent_email, consent_post, consent_phone, tier, source_code, source_label,
       birthday, wedding_anniversary, household_id, spouse_name)
WHERE c.id = t.id;

-- name: owners-upsert-vehicles
-- A VIN is one car: a car already on file is updated (and moves to the row's owner: a used car
-- changes hands); a car without a VIN is added unless the owner has that model bought that day.
INSERT INTO vehicles (contact_id, vin, model, purchase_date, last_service, selling_dealer, service_centre)
SELECT t.contact_id, t.vin, t.model, t.purchase_date::date, t.last_service::date, t.selling_dealer, t.service_centre
FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
  AS t(contact_id, vin, model, purchase_date, last_service, selling_dealer, service_centre)
WHERE t.vin IS NOT NULL OR NOT EXISTS (
  SELECT 1 FROM vehicles v WHERE v.contact_id = t.contact_id AND v.vin IS NULL AND v.model = t.model
    AND v.purchase_date IS NOT DISTINCT FROM t.purchase_date::date)
ON CONFLICT (vin) DO UPDATE
SET contact_id = excluded.contact_id, model = excluded.model,
    purchase_date = coalesce(excluded.purchase_date, vehicles.purchase_date),
    last_service = greatest(excluded.last_service, vehicles.last_service),
    selling_dealer = coalesce(excluded.selling_dealer, vehicles.selling_dealer),
    service_centre = coalesce(excluded.service_centre, vehicles.service_centre);
