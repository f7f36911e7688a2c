-- A send in flight holds a short lease on its delivery row, so a retry that starts while a
-- timed-out attempt is still running waits instead of sending a second copy.
ALTER TABLE deliveries ADD COLUMN lease_until timestamptz;

-- The model catalogue the pack's catalogue page and price list are printed from.
CREATE TABLE vehicle_models (
  code         text PRIMARY KEY,
  name         text NOT NULL,
  language     text NOT NULL DEFAULT 'zh-CN' CHECK (language IN ('zh-CN', 'en')),
  summary      text NOT NULL DEFAULT '',
  features     jsonb NOT NULL DEFAULT '[]',   -- ["...", ...]
  price_lines  jsonb NOT NULL DEFAULT '[]'    -- [{ "label": "2.0T", "price": { "amount": 259800, "currency": "CNY" } }]
);
