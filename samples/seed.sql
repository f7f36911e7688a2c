-- Sample data for the local run (npm start) on a fresh database: dealers and service centres,
-- owners with their vehicles, and inspection slots starting shortly, so the sample campaigns
-- run to completion in minutes. Prospects come in through the list import (prospects.csv).

INSERT INTO dealers (name, city, postcode, address, phone) VALUES
  ('北京东方汽车销售服务有限公司', '北京', '100020', '朝阳区东三环北路 8 号', '+861065001234'),
  ('上海浦东汽车销售服务有限公司', '上海', '200120', '浦东新区世纪大道 100 号', '+862150001234'),
  ('Guangzhou Pearl River Motors', 'Guangzhou', '510620', '1 Tianhe Road, Tianhe District', '+862038001234');

INSERT INTO service_centres (name, city, postcode, address, phone) VALUES
  ('北京朝阳服务中心', '北京', '100020', '朝阳区酒仙桥路 12 号', '+861065009876'),
  ('上海浦东服务中心', '上海', '200120', '浦东新区张杨路 500 号', '+862150009876'),
  ('Guangzhou Tianhe Service Centre', 'Guangzhou', '510620', '88 Huangpu Avenue', '+862038009876');

INSERT INTO contacts (name, title, company, address, postcode, city, email, phone, language, time_zone,
                      consent_email, consent_post, consent_phone, tier, stage, source_code, birthday, wedding_anniversary, household_id)
VALUES
  ('王建国', '总经理', '华北贸易有限公司', '北京市朝阳区建国路 88 号', '100022', '北京', 'wang.jianguo@example.cn', '+8613800000001',
   'zh-CN', 'Asia/Shanghai', true, true, true, 'gold', 'owner', 'owners-2024', '1970-03-15', '1996-10-01', 'hh-wang'),
  ('李秀英', NULL, NULL, '北京市朝阳区建国路 88 号', '100022', '北京', 'li.xiuying@example.cn', '+8613800000002',
   'zh-CN', 'Asia/Shanghai', true, true, false, 'gold', 'owner', 'owners-2024', '1972-07-08', '1996-10-01', 'hh-wang'),
  ('张伟', '工程师', '上海电气', '上海市浦东新区陆家嘴环路 1000 号', '200120', '上海', 'zhang.wei@example.cn', '+8613900000003',
   'zh-CN', 'Asia/Shanghai', true, false, true, 'silver', 'owner', 'owners-2025', '1985-12-01', NULL, NULL),
  ('Emily Chen', 'Director', 'Pearl Logistics', '1 Zhujiang New Town, Tianhe District', '510623', 'Guangzhou', 'emily.chen@example.com', '+8613700000004',
   'en', 'Asia/Shanghai', true, true, true, 'regular', 'owner', 'owners-2025', '1990-05-20', NULL, NULL),
  ('刘洋', NULL, NULL, '广州市天河区体育西路 10 号', '510620', '广州', NULL, '+8613600000005',
   'zh-CN', 'Asia/Shanghai', false, true, true, 'regular', 'owner', 'owners-2023', NULL, NULL, NULL);

INSERT INTO vehicles (contact_id, model, vin, purchase_date, last_service)
SELECT id, model, vin, purchase_date::date, last_service::date FROM (VALUES
  ('wang.jianguo@example.cn', 'Sedan L', 'LSVAA4180E2000001', '2024-04-12', '2025-10-02'),
  ('zhang.wei@example.cn', 'SUV X', 'LSVAA4180E2000003', '2025-01-20', '2025-07-15'),
  ('emily.chen@example.com', 'Hatchback S', 'LSVAA4180E2000004', '2025-06-30', NULL)
) AS v(email, model, vin, purchase_date, last_service)
JOIN contacts c ON c.email = v.email;

INSERT INTO vehicle_models (code, name, language, summary, features, price_lines) VALUES
  ('SEDAN-L', '轿车 L', 'zh-CN', '宽敞舒适的家用轿车，兼顾经济与驾驶乐趣。', '["2.0T 发动机", "全景天窗", "L2 级驾驶辅助"]',
   '[{"label": "2.0T 舒适版", "price": {"amount": 229800, "currency": "CNY"}}, {"label": "2.0T 豪华版", "price": {"amount": 259800, "currency": "CNY"}}]'),
  ('SUV-X', 'SUV X', 'zh-CN', '七座城市 SUV，适合全家出行。', '["四驱", "七座", "360° 全景影像"]',
   '[{"label": "2.0T 两驱版", "price": {"amount": 279800, "currency": "CNY"}}, {"label": "2.0T 四驱版", "price": {"amount": 319800, "currency": "CNY"}}]'),
  ('HATCH-S', 'Hatchback S', 'en', 'A nimble city car that is easy to park.', '["1.5T engine", "Apple CarPlay", "Lane keeping"]',
   '[{"label": "1.5T Comfort", "price": {"amount": 129800, "currency": "CNY"}}]');

-- Slots a few minutes ahead (the sample run uses minutes where a season uses days).
INSERT INTO inspection_slots (service_centre_id, starts_at, capacity)
SELECT sc.id, date_trunc('minute', now()) + interval '3 minutes' + (n * interval '1 minute'), 2
FROM service_centres sc CROSS JOIN generate_series(0, 1) AS n;
