-- What the release is made of, per partner, feed, dataset and period: the lake batches it was built from
-- (release_lake: rows per batch, filled by the release writer from the batches it read), with their rows and rejects; an expected
-- feed (ref_expected_feed) with no batch at all, and a quarter a partner skipped, are listed as missing; a file or
-- source the nightly quarantined is listed as quarantined. A re-sent export supersedes the earlier one:
-- only the latest batch of a partner and period counts, as in the warehouse's staging: the latest by the time it was
-- received (a same-day re-send is later than the export it replaces), ties broken by checksum.
-- Row counts stay in the research warehouse and the job repository (pairobs runs): the rows of one partner's export
-- are the contacts or people of its structure, and a row count beside a masked cell would give it back.
CREATE TABLE rel.release_completeness AS
WITH received AS (
    SELECT dataset, partner_id, feed, period, source_sha256, max(pulled_at) AS received_at, max(pulled_at)::DATE AS received_on
    FROM release_lake
    GROUP BY ALL
), latest AS (
    SELECT * FROM received
    QUALIFY row_number() OVER (PARTITION BY partner_id, dataset, period ORDER BY received_at DESC, source_sha256 DESC) = 1
), quarters AS (
    -- quarterly exports ('2024-T2') as a quarter number, to list the quarters a partner skipped
    SELECT partner_id, feed, dataset, CAST(left(period, 4) AS INTEGER) * 4 + CAST(right(period, 1) AS INTEGER) - 1 AS q
    FROM latest
    WHERE regexp_full_match(period, '[0-9]{4}-T[1-4]')
), expected_quarters AS (
    -- from a partner's first quarter of a dataset to the latest quarter any partner sent
    SELECT s.partner_id, s.feed, s.dataset, (g.q // 4)::VARCHAR || '-T' || (g.q % 4 + 1)::VARCHAR AS period
    FROM (SELECT partner_id, feed, dataset, min(q) AS first_q FROM quarters GROUP BY ALL) s,
         LATERAL (SELECT unnest(range(s.first_q, (SELECT max(q) FROM quarters) + 1)) AS q) g
), quarantined AS (
    -- files and sources the nightly set aside (issue of the partner's export or source): no person-level value
    SELECT partner_id, feed, dataset, period FROM w.quarantine
)
SELECT l.partner_id, l.feed, l.dataset, l.period, 'on_time' AS status, l.received_on
FROM latest l
UNION ALL
SELECT q.partner_id, q.feed, q.dataset, q.period, 'quarantined', NULL
FROM quarantined q
WHERE NOT EXISTS (SELECT 1 FROM latest l WHERE l.partner_id = q.partner_id AND l.dataset = q.dataset AND l.period IS NOT DISTINCT FROM q.period)
UNION ALL
SELECT e.partner_id, e.feed, e.dataset, e.period, 'missing', NULL
FROM expected_quarters e
WHERE NOT EXISTS (SELECT 1 FROM latest l WHERE l.partner_id = e.partner_id AND l.dataset = e.dataset AND l.period = e.period)
  AND NOT EXISTS (SELECT 1 FROM quarantined q WHERE q.partner_id = e.partner_id AND q.dataset = e.dataset AND q.period = e.period)
UNION ALL
SELECT e.partner, NULL, e.dataset, NULL, 'missing', NULL
FROM w.ref_expected_feed e
WHERE NOT EXISTS (SELECT 1 FROM received r WHERE r.partner_id = e.partner AND r.dataset = e.dataset)
  AND NOT EXISTS (SELECT 1 FROM quarantined q WHERE q.partner_id = e.partner AND q.dataset = e.dataset)
ORDER BY ALL;
COMMENT ON TABLE rel.release_completeness IS 'Exports the release is built from, per partner, feed, dataset and period; expected feeds never received are missing';
COMMENT ON COLUMN rel.release_completeness.partner_id IS 'Partner';
COMMENT ON COLUMN rel.release_completeness.feed IS 'Feed of the partner';
COMMENT ON COLUMN rel.release_completeness.dataset IS 'Lake dataset';
COMMENT ON COLUMN rel.release_completeness.period IS 'Period the export covers';
COMMENT ON COLUMN rel.release_completeness.status IS 'on_time (received), late, missing (expected, never received: a feed never sent, or a quarter skipped between a partner''s first quarter and the latest any partner sent) or quarantined (the export or the source was set aside by the nightly: see pairobs quarantine)';
COMMENT ON COLUMN rel.release_completeness.received_on IS 'Date the export was pulled';
