-- Change of each instrument between baseline and follow-up for each person: follow-up is the 12-month
-- score, or the 6-month one when there is none. Improvement is direction-aware (ISMI-10: lower is
-- better) and needs at least the instrument's meaningful change. Out-of-range scores are left out.
CREATE OR REPLACE TABLE person_instrument_change AS
WITH scores AS (
    SELECT a.person_sk, a.instrument, a.timepoint, a.assessed_on, a.total_score, a.structure_sk
    FROM fct_outcome_assessment a
    WHERE a.is_in_range
), baseline AS (
    -- ties on the date are broken by score then structure, the same for both, so the result never
    -- depends on the order rows are read in
    SELECT person_sk, instrument, arg_min(total_score, (assessed_on, total_score, structure_sk)) AS baseline_score,
           min(assessed_on) AS baseline_on,
           arg_min(structure_sk, (assessed_on, total_score, structure_sk)) AS structure_sk
    FROM scores WHERE timepoint = 'baseline' GROUP BY ALL
), follow_up AS (
    SELECT person_sk, instrument,
           arg_max(total_score, (CASE timepoint WHEN '12m' THEN 2 WHEN '6m' THEN 1 END, assessed_on, total_score))
                                                                                       AS follow_up_score,
           max(timepoint) FILTER (WHERE timepoint IN ('6m', '12m'))                    AS follow_up_timepoint
    FROM scores WHERE timepoint IN ('6m', '12m') GROUP BY ALL
)
SELECT b.person_sk,
       b.instrument,
       s.structure_id,
       s.departement,
       year(b.baseline_on)                                        AS baseline_year,
       b.baseline_score,
       f.follow_up_score,
       CASE f.follow_up_timepoint WHEN '6m' THEN '6m' ELSE '12m' END AS follow_up_timepoint,
       f.follow_up_score - b.baseline_score                       AS change,
       CASE WHEN i.higher_is_better THEN f.follow_up_score - b.baseline_score >= i.meaningful_change
            ELSE b.baseline_score - f.follow_up_score >= i.meaningful_change END AS improved
FROM baseline b
JOIN follow_up f USING (person_sk, instrument)
JOIN dim_instrument i USING (instrument)
LEFT JOIN dim_structure s ON s.structure_sk = b.structure_sk;
COMMENT ON TABLE person_instrument_change IS 'Baseline to follow-up change per person and instrument, direction-aware improvement';
COMMENT ON COLUMN person_instrument_change.person_sk IS 'Person (dim_person)';
COMMENT ON COLUMN person_instrument_change.instrument IS 'Instrument (dim_instrument)';
COMMENT ON COLUMN person_instrument_change.structure_id IS 'Structure of the baseline assessment';
COMMENT ON COLUMN person_instrument_change.departement IS 'Its département';
COMMENT ON COLUMN person_instrument_change.baseline_year IS 'Year of the baseline assessment';
COMMENT ON COLUMN person_instrument_change.baseline_score IS 'Baseline score';
COMMENT ON COLUMN person_instrument_change.follow_up_score IS 'Follow-up score (12 months, else 6 months)';
COMMENT ON COLUMN person_instrument_change.follow_up_timepoint IS '12m or 6m';
COMMENT ON COLUMN person_instrument_change.change IS 'follow-up minus baseline';
COMMENT ON COLUMN person_instrument_change.improved IS 'Improved by at least the meaningful change, in the instrument''s good direction';
