-- Supersession, written once for every staging view: a partner re-sending an export for the same
-- period replaces the earlier one. Only the latest file (by landing time, then checksum so that the
-- same lake always gives the same warehouse) of each (partner, period) is kept. The earlier batch
-- stays in the lake for auditors.
CREATE OR REPLACE TEMP MACRO latest_exports(lake_view) AS TABLE
SELECT *
FROM query_table(lake_view)
QUALIFY dense_rank() OVER (PARTITION BY _partner, _period ORDER BY _pulled_at DESC, _source_sha256 DESC) = 1;
