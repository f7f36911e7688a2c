-- The console benchmark's data: 1,000,000 contacts and 5,000,000 recorded pieces, made in the
-- database by generate_series (no round trips). Foreign-key triggers are off while it loads
-- (session_replication_role), as a restore would do; the rows satisfy them anyway.
SET session_replication_role = replica;

INSERT INTO contacts (id, name, email, phone, city, postcode, address, stage, heat, tier, source_code, source_label, consent_email, consent_post, consent_phone)
SELECT i,
       (ARRAY['王','李','张','刘','陈','杨','黄','赵','吴','周','欧阳','司马'])[1 + i % 12]
         || (ARRAY['伟','芳','娜','敏','静','丽','强','磊','军','洋','勇','艳','杰','娟','涛'])[1 + (i * 7) % 15]
         || (ARRAY['伟','芳','娜','敏','静','丽','强','磊','军','洋','勇','艳','杰','娟','涛'])[1 + (i * 13) % 15],
       'p' || i || '@example.com',
       '+8613' || lpad(i::text, 9, '0'),
       (ARRAY['上海','北京','广州','深圳','成都','杭州'])[1 + i % 6],
       lpad((i % 1000)::text, 6, '2'),
       '某区某路' || (i % 999) || '号',
       CASE WHEN i % 2 = 0 THEN 'owner' ELSE 'prospect' END,
       CASE WHEN i % 2 = 1 THEN (CASE WHEN i % 5 = 1 THEN 'high' ELSE 'low' END) END,
       (ARRAY['gold','silver','regular','regular','regular'])[1 + i % 5],
       'src-' || (i % 17), 'Source ' || (i % 17),
       true, i % 3 <> 0, i % 4 <> 0
FROM generate_series(1, 1000000) AS i;
SELECT setval(pg_get_serial_sequence('contacts', 'id'), 1000000);

INSERT INTO campaigns (id, kind, name, status, params, created_at)
SELECT id, kind, id, 'done', '{}', now() - (n || ' days')::interval
FROM (VALUES ('xmas-2024', 'greetings', 700), ('spring-festival-2025', 'greetings', 640), ('xmas-2025', 'greetings', 340),
             ('spring-festival-2026', 'greetings', 280), ('leads-2026', 'leads', 200)) AS v(id, kind, n);
-- A programme's smaller campaigns besides.
INSERT INTO campaigns (id, kind, name, status, params, created_at)
SELECT 'birthday-2026-' || lpad(i::text, 3, '0'), 'greetings', 'birthdays', 'done', '{}', now() - (i || ' days')::interval FROM generate_series(1, 40) AS i;

-- 4 broadcasts x 1,000,000 owners' and prospects' e-mails: 97% sent, 1% failed, 2% skipped.
INSERT INTO deliveries (idempotency_key, campaign_id, contact_id, step, channel, status, reason, attempts, created_at, updated_at, sent_at)
SELECT c || '/contact-' || i || '/' || c || '/email', c, i, c, 'email',
       CASE WHEN i % 100 = 7 THEN 'failed' WHEN i % 50 = 3 THEN 'skipped' ELSE 'sent' END,
       CASE WHEN i % 100 = 7 THEN (ARRAY['550 5.1.1 mailbox unavailable', '421 4.7.0 try again later', '554 5.7.1 rejected'])[1 + i % 3]
            WHEN i % 50 = 3 THEN 'no consent: email' END,
       1, now() - interval '30 days', now() - interval '30 days' + (i % 86400) * interval '1 second',
       CASE WHEN i % 100 <> 7 AND i % 50 <> 3 THEN now() - interval '30 days' END
FROM unnest(ARRAY['xmas-2024', 'spring-festival-2025', 'xmas-2025', 'spring-festival-2026']) AS c, generate_series(1, 1000000) AS i;

-- A lead campaign: 500,000 prospects targeted, each a pack by e-mail and by post (1,000,000 pieces).
INSERT INTO deliveries (idempotency_key, campaign_id, contact_id, step, channel, status, reason, attempts, created_at, updated_at, sent_at)
SELECT 'leads-2026/contact-' || i || '/pack/' || ch, 'leads-2026', i, 'pack', ch,
       CASE WHEN i % 97 = 5 THEN 'failed' ELSE 'sent' END, CASE WHEN i % 97 = 5 THEN '550 5.1.1 mailbox unavailable' END,
       1, now() - interval '20 days', now() - interval '20 days', CASE WHEN i % 97 <> 5 THEN now() - interval '20 days' END
FROM generate_series(1, 999999, 2) AS i, unnest(ARRAY['email', 'post']) AS ch;

INSERT INTO campaign_contacts (campaign_id, contact_id, stage, updated_at)
SELECT 'leads-2026', i,
       CASE WHEN i % 200 = 1 THEN 'bought' WHEN i % 50 = 1 THEN 'appointment' WHEN i % 10 = 1 THEN 'replied' WHEN i % 10 = 3 THEN 'lost' ELSE 'delivered' END,
       now() - interval '10 days'
FROM generate_series(1, 999999, 2) AS i;
INSERT INTO campaign_contact_stages (campaign_id, contact_id, stage, reached_at)
SELECT 'leads-2026', i, s, now() - interval '10 days'
FROM generate_series(1, 999999, 2) AS i,
     unnest(ARRAY['targeted', 'sent', 'delivered', 'replied', 'called', 'reached', 'appointment', 'bought', 'lost']) AS s
WHERE s IN ('targeted', 'sent', 'delivered')
   OR (s = 'replied' AND i % 10 = 1) OR (s IN ('called', 'reached') AND i % 20 = 1)
   OR (s = 'appointment' AND i % 50 = 1) OR (s = 'bought' AND i % 200 = 1) OR (s = 'lost' AND i % 10 = 3);
INSERT INTO reply_cards (campaign_id, contact_id, response_code, replied_at)
SELECT 'leads-2026', i, 'BNCH-' || lpad(i::text, 7, '0'), CASE WHEN i % 10 = 1 THEN now() - interval '12 days' END
FROM generate_series(1, 999999, 2) AS i;

SET session_replication_role = DEFAULT;
