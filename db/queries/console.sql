-- Queries of the console (api/console/) and its users (client/users.ts, client/audit.ts).

-- name: console-user-insert
INSERT INTO console_users (email, name, role, password_hash) VALUES ($1, $2, $3, $4)
ON CONFLICT (email) DO NOTHING
RETURNING id, email, name, role, disabled_at, created_at, last_login_at;

-- name: console-user-by-email
SELECT id, email, name, role, password_hash, disabled_at, created_at, last_login_at FROM console_users WHERE email = $1;

-- name: console-user-by-id
SELECT id, email, name, role, disabled_at, created_at, last_login_at FROM console_users WHERE id = $1;

-- name: console-users
SELECT id, email, name, role, disabled_at, created_at, last_login_at FROM console_users ORDER BY email;

-- name: console-user-disable
UPDATE console_users SET disabled_at = coalesce(disabled_at, now()) WHERE email = $1
RETURNING id, email, name, role, disabled_at, created_at, last_login_at;

-- name: console-user-logged-in
UPDATE console_users SET last_login_at = now() WHERE id = $1;

-- name: console-any-manager
SELECT EXISTS (SELECT 1 FROM console_users WHERE role = 'manager' AND disabled_at IS NULL) AS found;

-- name: console-sessions-of-user-end
-- A disabled user's sessions end at once.
DELETE FROM console_sessions WHERE (data ->> 'userId')::int = $1;

-- name: console-session-get
SELECT data FROM console_sessions WHERE id = $1 AND expires_at > now();

-- name: console-session-set
INSERT INTO console_sessions (id, data, expires_at) VALUES ($1, $2, $3)
ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at;

-- name: console-session-destroy
DELETE FROM console_sessions WHERE id = $1;

-- name: console-sessions-expired-delete
DELETE FROM console_sessions WHERE expires_at <= now();

-- name: console-audit-insert
INSERT INTO console_audit (user_id, user_email, action, subject, detail, ip) VALUES ($1, $2, $3, $4, $5, $6);

-- name: console-audit-list
-- Newest first, keyset paged by id; filtered by user e-mail and action when given.
SELECT id, at, user_id, user_email, action, subject, detail, ip FROM console_audit
WHERE ($1::text IS NULL OR user_email = $1)
  AND ($2::text IS NULL OR action = $2)
  AND ($3::bigint IS NULL OR id < $3)
ORDER BY id DESC
LIMIT $4;

-- name: console-submission-claim
INSERT INTO console_submissions (token, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING;

-- name: console-setting-get
SELECT value FROM console_settings WHERE key = $1;

-- name: console-setting-put-once
INSERT INTO console_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING;

-- name: console-contacts-by-ids
SELECT id, name, email, phone, city, stage, heat, tier FROM contacts WHERE id = ANY($1::int[]) ORDER BY id;

-- name: console-contact-by-code
-- A reply card's or booking's printed code names its contact.
SELECT contact_id AS id FROM reply_cards WHERE response_code = $1;

-- name: console-contacts-by-name
-- A name as typed, from its start (Chinese names are searched the same way: 王 finds 王伟);
-- lower(name) text_pattern_ops serves the prefix (migration 031).
SELECT id FROM contacts WHERE lower(name) LIKE $1 ORDER BY lower(name), id LIMIT $2;

-- name: console-service-centres
SELECT id, name, city, time_zone FROM service_centres ORDER BY name, id;

-- name: console-slot-bookings
-- The live bookings of the listed slots, with whom and for which campaign.
SELECT b.id, b.slot_id, b.campaign_id, b.contact_id, c.name, c.phone, b.attendance, b.booked_at
FROM inspection_bookings b JOIN contacts c ON c.id = b.contact_id
WHERE b.slot_id = ANY($1::int[]) AND b.status = 'booked'
ORDER BY b.slot_id, b.booked_at;
