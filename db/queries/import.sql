-- Queries of the list import (import/): batches of up to a few thousand rows each.

-- name: import-find-existing
-- Contacts a batch duplicates, by e-mail or phone: two index lookups (an OR of the two would
-- scan the whole table once per batch).
SELECT id, email, phone, heat FROM contacts WHERE email = ANY($1::text[])
UNION
SELECT id, email, phone, heat FROM contacts WHERE phone = ANY($2::text[]);

-- name: import-suppressed-addresses
SELECT channel, address FROM suppressions WHERE address = ANY($1::text[]);

-- name: import-insert-contacts
-- New prospects. A concurrent import may have taken an e-mail meanwhile: that row is left out
-- (ON CONFLICT) and counted as a duplicate.
INSERT INTO contacts (name, title, company, industry, address, postcode, city, email, phone, language, time_zone,
                      consent_email, consent_post, consent_phone, stage, heat, source_code, birthday, screening, source_label)
SELECT t.name, t.title, t.company, t.industry, t.address, t.postcode, t.city, t.email, t.phone, t.language, t.time_zone,
       t.consent_email, t.consent_post, t.consent_phone, 'prospect', t.heat, t.source_code, t.birthday::date, t.screening::jsonb, t.source_label
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
            $10::text[], $11::text[], $12::boolean[], $13::boolean[], $14::boolean[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[])
  AS t(name, title, company, industry, address, postcode, city, email, phone, language, time_zone,
       consent_email, consent_post, consent_phone, heat, source_code, birthday, screening, source_label)
ON CONFLICT (email) WHERE email IS NOT NULL DO NOTHING
RETURNING id, heat;

-- name: import-update-existing
-- A known contact answered again: merge the new answers and re-score heat from a known timeframe.
UPDATE contacts c
SET screening = c.screening || t.screening::jsonb,
    heat = CASE WHEN t.timeframe_known THEN t.heat ELSE coalesce(c.heat, t.heat) END,
    source_code = coalesce(c.source_code, t.source_code),
    source_label = CASE WHEN c.source_code IS NULL THEN t.source_label ELSE c.source_label END,
    updated_at = now()
FROM unnest($1::int[], $2::text[], $3::text[], $4::boolean[], $5::text[], $6::text[]) AS t(id, screening, heat, timeframe_known, source_code, source_label)
WHERE c.id = t.id
RETURNING c.id, c.heat;
