-- The sweep reads the records still shown past their period in pages ordered by (shown_until, id),
-- each page starting after the last one. Its index held shown_until alone, so every page re-read all
-- the records sharing the last page's date: after a bulk import where thousands share one, the sweep
-- slowed with the square of their number. This one carries the id too, so a page starts where the
-- last one ended.
CREATE INDEX records_sweep_keyset ON credit.records (shown_until, id) WHERE superseded_at IS NULL AND end_reason IS NULL;
DROP INDEX credit.records_sweep;
