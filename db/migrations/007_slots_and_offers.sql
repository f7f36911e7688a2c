-- Inspection slots are created by rule in each service centre's own time; a slot can be closed
-- to new bookings; an owner's inspection offer names one service centre, where they may book.
ALTER TABLE service_centres ADD COLUMN IF NOT EXISTS time_zone text NOT NULL DEFAULT 'Asia/Shanghai';
ALTER TABLE inspection_slots ADD COLUMN IF NOT EXISTS closed_at timestamptz;

CREATE TABLE inspection_offers (
  campaign_id        text NOT NULL,
  contact_id         integer NOT NULL REFERENCES contacts (id),
  service_centre_id  integer NOT NULL REFERENCES service_centres (id),
  PRIMARY KEY (campaign_id, contact_id)
);
