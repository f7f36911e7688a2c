-- Queries of the network import (import/import-network.ts): dealers, service centres and models,
-- each added or updated by its code. (xmax = 0) tells a new row from an updated one.

-- name: network-upsert-dealers
INSERT INTO dealers (code, name, names, address, postcode, city, phone, opening_hours, models, addresses, cities)
SELECT t.code, t.name, t.names::jsonb, t.address, t.postcode, t.city, t.phone, t.opening_hours, string_to_array(t.models, '|'),
       t.addresses::jsonb, t.cities::jsonb
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
  AS t(code, name, names, address, postcode, city, phone, opening_hours, models, addresses, cities)
ON CONFLICT (code) WHERE code IS NOT NULL DO UPDATE
SET name = excluded.name, names = dealers.names || excluded.names, address = excluded.address, postcode = excluded.postcode,
    city = excluded.city, addresses = excluded.addresses, cities = excluded.cities, phone = excluded.phone, opening_hours = coalesce(excluded.opening_hours, dealers.opening_hours),
    models = CASE WHEN cardinality(excluded.models) > 0 THEN excluded.models ELSE dealers.models END
RETURNING (xmax = 0) AS inserted;

-- name: network-upsert-service-centres
INSERT INTO service_centres (code, name, names, address, postcode, city, phone, opening_hours, models, addresses, cities)
SELECT t.code, t.name, t.names::jsonb, t.address, t.postcode, t.city, t.phone, t.opening_hours, string_to_array(t.models, '|'),
       t.addresses::jsonb, t.cities::jsonb
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
  AS t(code, name, names, address, postcode, city, phone, opening_hours, models, addresses, cities)
ON CONFLICT (code) WHERE code IS NOT NULL DO UPDATE
SET name = excluded.name, names = service_centres.names || excluded.names, address = excluded.address, postcode = excluded.postcode,
    city = excluded.city, addresses = excluded.addresses, cities = excluded.cities, phone = excluded.phone, opening_hours = coalesce(excluded.opening_hours, service_centres.opening_hours),
    models = CASE WHEN cardinality(excluded.models) > 0 THEN excluded.models ELSE service_centres.models END
RETURNING (xmax = 0) AS inserted;

-- name: network-upsert-models
INSERT INTO vehicle_models (code, name, names, language, summary, features, price_lines, sheet_url)
SELECT t.code, t.name, t.names::jsonb, t.language, t.summary, t.features::jsonb, t.price_lines::jsonb, t.sheet_url
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
  AS t(code, name, names, language, summary, features, price_lines, sheet_url)
ON CONFLICT (code) DO UPDATE
SET name = excluded.name, names = vehicle_models.names || excluded.names, language = excluded.language,
    summary = CASE WHEN excluded.summary <> '' THEN excluded.summary ELSE vehicle_models.summary END,
    features = CASE WHEN excluded.features <> '[]' THEN excluded.features ELSE vehicle_models.features END,
    price_lines = CASE WHEN excluded.price_lines <> '[]' THEN excluded.price_lines ELSE vehicle_models.price_lines END,
    sheet_url = coalesce(excluded.sheet_url, vehicle_models.sheet_url)
RETURNING (xmax = 0) AS inserted;
