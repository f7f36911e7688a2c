-- A dealer's or service centre's address and city in each language the network file gives them
-- ({"zh-CN": "天河区天河路1号", "en": "1 Tianhe Road, Tianhe District"}), so a letter prints the
-- address in the contact's language when it is known; `address` and `city` keep the file's main
-- columns as written.
ALTER TABLE dealers ADD COLUMN addresses jsonb NOT NULL DEFAULT '{}';
ALTER TABLE dealers ADD COLUMN cities jsonb NOT NULL DEFAULT '{}';
ALTER TABLE service_centres ADD COLUMN addresses jsonb NOT NULL DEFAULT '{}';
ALTER TABLE service_centres ADD COLUMN cities jsonb NOT NULL DEFAULT '{}';
