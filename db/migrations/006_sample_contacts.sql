-- The contacts bundled with the engine for `npm start`'s demonstration. Its sample campaigns
-- target these alone, and the programme's own campaigns never target them.
ALTER TABLE contacts ADD COLUMN sample boolean NOT NULL DEFAULT false;
