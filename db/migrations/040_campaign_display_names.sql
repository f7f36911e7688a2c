-- What customers read as a campaign's name, per language ({"zh-CN": "冬季免费检测", "en":
-- "Winter free inspection"}), set by the campaign definition. A campaign without one in the
-- contact's language is shown by a generic name for its kind (lib/campaign-display-name.ts),
-- never by its id.
ALTER TABLE campaigns ADD COLUMN display_names jsonb NOT NULL DEFAULT '{}';
