-- The list import matches each row's e-mail and phone against suppressions by address (any
-- channel); the unique index leads with the channel, so it needs one of its own.
CREATE INDEX suppressions_address_idx ON suppressions (address) WHERE address IS NOT NULL;
