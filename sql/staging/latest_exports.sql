-- Supersession, written once for every staging view: a partner re-sending an export for the same
-- period replaces the earlier one. Only the latest file (by landing time, then checksum so that the
-- same lake always gives the same warehouse) of each (partner, period) is kept. The earlier batch
-- stays in the lake for auditors. The ranking runs on the few distinct batches, not on every row,
-- and the rows of the kept batches are then selected by a semi-join.
CREATE OR REPLACE TEMP MACRO latest_exports(lake_view) AS TABLE
WITH batches AS (
    SELECT DISTINCT _partner, _period, _pulled_at, _source_sha256 FROM query_table(lake_view)
), latest AS (
    SELECT _partner, _period, _source_sha256 FROM batches
    QUALIFY dense_rank() OVER (PARTITION BY _partner, _period ORDER BY _pulled_at DESC, _source_sha256 DESC) = 1
)
SELECT v.*
FROM query_table(lake_view) v
SEMI JOIN latest l
    ON v._partner = l._partner AND v._period IS NOT DISTINCT FROM l._period AND v._source_sha256 = l._source_sha256;
