-- The selection job (every few seconds) asks for the announcements whose selection time has come.
-- Without an index of its own it read every open announcement and sorted them: some 300 ms a run with
-- 40,000 open at province scale, all day, competing with the reads. This one holds only the rows the
-- job can take, in the order it takes them.
CREATE INDEX announcements_selection_due ON market.announcements (selection_at)
  WHERE state IN ('signing_up', 'selecting') AND mode <> 'direct';
