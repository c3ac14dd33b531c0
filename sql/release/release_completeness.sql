-- What the release is made of, per partner, feed, dataset and period: the lake batches it was built from
-- (release_lake: rows per batch, filled by the release writer from the batches it read), with their rows and rejects; an expected
-- feed (ref_expected_feed) with no batch at all is listed as missing. A re-sent export supersedes the earlier one:
-- only the latest batch of a partner and period counts, as in the warehouse's staging.
CREATE TABLE rel.release_completeness AS
WITH received AS (
    SELECT dataset, partner_id, feed, period, source_sha256, max(pulled_at)::DATE AS received_on, sum(rows) AS rows_loaded
    FROM release_lake
    GROUP BY ALL
), latest AS (
    SELECT * FROM received
    QUALIFY row_number() OVER (PARTITION BY partner_id, dataset, period ORDER BY received_on DESC, source_sha256 DESC) = 1
), rejected AS (
    SELECT source_sha256, sum(rejects) AS rows_rejected FROM release_rejects GROUP BY ALL
)
SELECT l.partner_id, l.feed, l.dataset, l.period, 'on_time' AS status, l.received_on, l.rows_loaded,
       coalesce(r.rows_rejected, 0) AS rows_rejected
FROM latest l LEFT JOIN rejected r USING (source_sha256)
UNION ALL
SELECT e.partner, NULL, e.dataset, NULL, 'missing', NULL, 0, 0
FROM w.ref_expected_feed e
WHERE NOT EXISTS (SELECT 1 FROM received r WHERE r.partner_id = e.partner AND r.dataset = e.dataset)
ORDER BY ALL;
COMMENT ON TABLE rel.release_completeness IS 'Exports the release is built from, per partner, feed, dataset and period; expected feeds never received are missing';
COMMENT ON COLUMN rel.release_completeness.partner_id IS 'Partner';
COMMENT ON COLUMN rel.release_completeness.feed IS 'Feed of the partner';
COMMENT ON COLUMN rel.release_completeness.dataset IS 'Lake dataset';
COMMENT ON COLUMN rel.release_completeness.period IS 'Period the export covers';
COMMENT ON COLUMN rel.release_completeness.status IS 'on_time (received), late or missing (expected, never received)';
COMMENT ON COLUMN rel.release_completeness.received_on IS 'Date the export was pulled';
COMMENT ON COLUMN rel.release_completeness.rows_loaded IS 'Rows of the export in the lake';
COMMENT ON COLUMN rel.release_completeness.rows_rejected IS 'Rows of the export rejected at ingest';
