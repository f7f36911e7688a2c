-- How an owner file's model is matched to the catalogue: by code or by a name in either language,
-- whatever the case, spaces and dashes ('SEDAN-L', 'Sedan L' and 'sedan_l' are one model), so a
-- letter names the car as the catalogue does in the contact's language.
CREATE FUNCTION model_key(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT
AS $$ SELECT regexp_replace(lower($1), '[\s._·-]+', '', 'g') $$;
