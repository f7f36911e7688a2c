-- Queries of the list import (import/): batches of up to a few thousand rows each.

-- name: import-find-existing
-- Contacts an owner-file batch names, by e-mail or phone: two index lookups (an OR of the two would
-- scan the whole table once per batch).
SELECT id, email, phone, heat FROM contacts WHERE email = ANY($1::text[])
UNION
SELECT id, email, phone, heat FROM contacts WHERE phone = ANY($2::text[]);

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

-- name: import-create-staging
-- The session's staging table for COPY: the rows of one batch, emptied at each commit.
CREATE TEMP TABLE IF NOT EXISTS import_staging (
  ord int, name text, title text, company text, industry text, address text, postcode text, city text, email text,
  phone text, language text, time_zone text, consent_email boolean, consent_post boolean, consent_phone boolean,
  heat text, source_code text, birthday date, screening jsonb, source_label text
) ON COMMIT DELETE ROWS;

-- name: import-staged-matches
-- Each staged row's contact on file (by e-mail, else by phone) and whether its e-mail or phone
-- is suppressed: index lookups per row, one round trip per batch.
SELECT s.ord, m.id, m.heat,
       EXISTS (SELECT 1 FROM suppressions x WHERE x.address IN (s.email, s.phone)) AS blocked
FROM import_staging s
LEFT JOIN LATERAL (
  (SELECT id, heat FROM contacts WHERE email = s.email)
  UNION ALL
  -- No ORDER BY: with one, the planner walks the primary key looking for the phone.
  (SELECT id, heat FROM contacts WHERE phone = s.phone LIMIT 1)
  LIMIT 1
) m ON true
ORDER BY s.ord;

-- name: import-insert-staged
-- The batch's new prospects ($1: their ords), in file order, without consent on a channel their
-- e-mail or phone is suppressed on. A concurrent import may have taken an e-mail meanwhile: that
-- row is left out (ON CONFLICT) and counted as a duplicate.
INSERT INTO contacts (name, title, company, industry, address, postcode, city, email, phone, language, time_zone,
                      consent_email, consent_post, consent_phone, stage, heat, source_code, birthday, screening, source_label)
SELECT s.name, s.title, s.company, s.industry, s.address, s.postcode, s.city, s.email, s.phone, s.language, s.time_zone,
       s.consent_email AND NOT coalesce(b.channels && '{all,email}', false),
       s.consent_post AND NOT coalesce(b.channels && '{all}', false),
       s.consent_phone AND NOT coalesce(b.channels && '{all,phone}', false),
       'prospect', s.heat, s.source_code, s.birthday, s.screening, s.source_label
FROM import_staging s
LEFT JOIN LATERAL (SELECT array_agg(x.channel) AS channels FROM suppressions x WHERE x.address IN (s.email, s.phone)) b ON true
WHERE s.ord = ANY($1::int[])
ORDER BY s.ord
ON CONFLICT (email) WHERE email IS NOT NULL DO NOTHING
RETURNING id, heat;
