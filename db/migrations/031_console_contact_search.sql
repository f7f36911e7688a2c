-- The console's contact search by name, from its start: a prefix LIKE on lower(name) uses this.
CREATE INDEX contacts_lower_name_idx ON contacts (lower(name) text_pattern_ops);
