-- The owner file and the dealer network, imported by `campaign import --as owners|dealers|
-- service-centres|models`.

-- The spouse or partner as the owner file names them (the household links two contacts on file).
ALTER TABLE contacts ADD COLUMN spouse_name text;

-- Each car's selling dealer and servicing centre, by the code (or name) the owner file gives, so
-- an owner file can arrive before the network it refers to.
ALTER TABLE vehicles ADD COLUMN selling_dealer text;
ALTER TABLE vehicles ADD COLUMN service_centre text;

-- Dealers and service centres by their network code; names per language ({"zh-CN": ..., "en": ...}),
-- opening hours as written, and the models each sells or services (model codes).
ALTER TABLE dealers ADD COLUMN code text;
ALTER TABLE dealers ADD COLUMN names jsonb NOT NULL DEFAULT '{}';
ALTER TABLE dealers ADD COLUMN opening_hours text;
ALTER TABLE dealers ADD COLUMN models text[] NOT NULL DEFAULT '{}';
CREATE UNIQUE INDEX dealers_code_key ON dealers (code) WHERE code IS NOT NULL;

ALTER TABLE service_centres ADD COLUMN code text;
ALTER TABLE service_centres ADD COLUMN names jsonb NOT NULL DEFAULT '{}';
ALTER TABLE service_centres ADD COLUMN opening_hours text;
ALTER TABLE service_centres ADD COLUMN models text[] NOT NULL DEFAULT '{}';
CREATE UNIQUE INDEX service_centres_code_key ON service_centres (code) WHERE code IS NOT NULL;

-- Model names per language, and the sheet (a PDF or page) the pack may point to.
ALTER TABLE vehicle_models ADD COLUMN names jsonb NOT NULL DEFAULT '{}';
ALTER TABLE vehicle_models ADD COLUMN sheet_url text;
