-- Coverage of each person-level feed, per partner: the periods received and the last date they cover.
-- A person's follow-up for an indicator ends at the coverage of the feeds that indicator reads, not at
-- the latest date of any feed: a RIM-P export one semester late must shorten hospital follow-up, not
-- make the missing months look like months without a stay.
-- The end of a period is read from its name (2025, 2025-T2 or 2025T2, 2025-S1, 2025-06, 20250630);
-- a period named otherwise covers up to the last date its rows carry.
CREATE OR REPLACE TEMP MACRO period_end(p) AS CASE
    WHEN regexp_matches(p, '^\d{4}$') THEN make_date(CAST(p AS INTEGER), 12, 31)
    WHEN regexp_matches(p, '^\d{4}-?T[1-4]$')
        THEN CAST(make_date(CAST(left(p, 4) AS INTEGER), CAST(right(p, 1) AS INTEGER) * 3, 1) + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE)
    WHEN regexp_matches(p, '^\d{4}-?S[12]$')
        THEN CAST(make_date(CAST(left(p, 4) AS INTEGER), CAST(right(p, 1) AS INTEGER) * 6, 1) + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE)
    WHEN regexp_matches(p, '^\d{4}-\d{2}$') THEN last_day(CAST(p || '-01' AS DATE))
    WHEN regexp_matches(p, '^\d{8}$') THEN CAST(strptime(p, '%Y%m%d') AS DATE)
END;
-- The first day of a period, read from its name as period_end (NULL when the name follows none of them). A feed
-- covers from the earlier of its first period's start and the first date its rows carry (an export with history).
CREATE OR REPLACE TEMP MACRO period_start(p) AS CASE
    WHEN regexp_matches(p, '^\d{4}$') THEN make_date(CAST(p AS INTEGER), 1, 1)
    WHEN regexp_matches(p, '^\d{4}-?T[1-4]$') THEN make_date(CAST(left(p, 4) AS INTEGER), CAST(right(p, 1) AS INTEGER) * 3 - 2, 1)
    WHEN regexp_matches(p, '^\d{4}-?S[12]$') THEN make_date(CAST(left(p, 4) AS INTEGER), CAST(right(p, 1) AS INTEGER) * 6 - 5, 1)
    WHEN regexp_matches(p, '^\d{4}-\d{2}$') THEN CAST(p || '-01' AS DATE)
    WHEN regexp_matches(p, '^\d{8}$') THEN CAST(strptime(p, '%Y%m%d') AS DATE)
END;
-- The cadence a period name implies, to name the periods a lagging feed has not sent.
CREATE OR REPLACE TEMP MACRO period_cadence(p) AS CASE
    WHEN regexp_matches(p, '^\d{4}$') THEN 'year'
    WHEN regexp_matches(p, '^\d{4}-?T[1-4]$') THEN 'quarter'
    WHEN regexp_matches(p, '^\d{4}-?S[12]$') THEN 'half'
    WHEN regexp_matches(p, '^\d{4}-\d{2}$') THEN 'month'
END;
CREATE OR REPLACE TABLE feed_coverage AS
WITH received AS (
    SELECT 'peer_contacts' AS dataset, partner_id, period, min(contact_on) AS first_on, max(contact_on) AS last_on
    FROM stg_peer_contacts GROUP BY ALL
    UNION ALL
    SELECT 'hospital_stays', partner_id, period, min(sequence_start_on),
           max(greatest(sequence_start_on, coalesce(sequence_end_on, sequence_start_on)))
    FROM stg_hospital_stays GROUP BY ALL
    UNION ALL
    SELECT 'outcome_assessments', partner_id, period, min(assessed_on), max(assessed_on) FROM stg_outcome_assessments GROUP BY ALL
    UNION ALL
    SELECT 'rights_events', partner_id, period, min(event_on), max(event_on) FROM stg_rights_events GROUP BY ALL
), periods AS (
    SELECT *, least(period_start(period), first_on) AS covered_from, coalesce(period_end(period), last_on) AS covered_to
    FROM received
)
SELECT dataset,
       partner_id,
       count(*)                                  AS periods_received,
       arg_max(period, (covered_to, period))     AS last_period,
       period_cadence(arg_max(period, (covered_to, period))) AS cadence,
       max(covered_to)                           AS coverage_end,
       min(covered_from)                         AS coverage_start
FROM periods
GROUP BY dataset, partner_id;
COMMENT ON TABLE feed_coverage IS 'Person-level feeds per partner: periods received and the last date covered; follow-up of each indicator ends at the coverage of the feeds it reads';
COMMENT ON COLUMN feed_coverage.dataset IS 'Lake dataset (peer_contacts, hospital_stays, outcome_assessments, rights_events)';
COMMENT ON COLUMN feed_coverage.partner_id IS 'Partner sending the feed';
COMMENT ON COLUMN feed_coverage.periods_received IS 'Export periods received (latest export of each period)';
COMMENT ON COLUMN feed_coverage.last_period IS 'Last period received';
COMMENT ON COLUMN feed_coverage.cadence IS 'year, half, quarter or month, read from the period names (NULL when they follow none)';
COMMENT ON COLUMN feed_coverage.coverage_end IS 'Last date covered: end of the last period received, else the last date its rows carry';
COMMENT ON COLUMN feed_coverage.coverage_start IS 'First date covered: start of the first period received, or the first date its rows carry when earlier (an export with history)';
-- Coverage of a whole dataset: a person's stay may be recorded by any hospital, so RIM-P-based follow-up
-- ends where the first of the hospitals' feeds stops.
CREATE OR REPLACE TABLE dataset_coverage AS
SELECT dataset, min(coverage_end) AS coverage_end, max(coverage_end) AS latest_partner_end,
       arg_min(partner_id, (coverage_end, partner_id)) AS earliest_partner,
       max(coverage_start) AS coverage_start
FROM feed_coverage
GROUP BY dataset;
COMMENT ON TABLE dataset_coverage IS 'Per person-level dataset: the date up to which every partner sending it is covered';
COMMENT ON COLUMN dataset_coverage.dataset IS 'Lake dataset';
COMMENT ON COLUMN dataset_coverage.coverage_end IS 'Earliest coverage end among its partners: follow-up on this dataset ends here';
COMMENT ON COLUMN dataset_coverage.latest_partner_end IS 'Latest coverage end among its partners';
COMMENT ON COLUMN dataset_coverage.earliest_partner IS 'The partner whose coverage ends first';
COMMENT ON COLUMN dataset_coverage.coverage_start IS 'Latest coverage start among its partners: a window before it is not seen in every partner''s feed';
