-- A list's source as people wrote it ("dealer walk-in", "杂志回函"), beside the code derived
-- from it (source_code) that reports and segments use.
ALTER TABLE contacts ADD COLUMN source_label text;
