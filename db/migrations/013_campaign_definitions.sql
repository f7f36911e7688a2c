-- Campaign definitions: the manager's written campaign (a YAML file), kept as every version
-- created, with the text as written and the checked body the engine runs.
CREATE TABLE campaign_definitions (
  id          text NOT NULL,
  version     integer NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('leads', 'inspection', 'greetings')),
  body        jsonb NOT NULL,
  source      text NOT NULL,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, version)
);

-- A campaign started from a definition names the version it runs.
ALTER TABLE campaigns ADD COLUMN definition_id text;
ALTER TABLE campaigns ADD COLUMN definition_version integer;

-- The holdout: contacts of a campaign drawn (stably, by campaign and contact) to be sent
-- nothing, so the funnel can compare treated against untreated.
CREATE TABLE campaign_holdouts (
  campaign_id  text NOT NULL REFERENCES campaigns (id),
  contact_id   integer NOT NULL REFERENCES contacts (id),
  held_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, contact_id)
);
