-- A rule that fails either keeps the row out of the warehouse ('rejected', counted in reconciliation) or loads it
-- with the bad value removed or derived from a better one ('repaired', e.g. an ID with a wrong check character
-- dropped, a gender that contradicts the ID taken from the ID). Both keep the raw value here.
ALTER TABLE audit.rejects ADD COLUMN action VARCHAR DEFAULT 'rejected';
