-- Change of each instrument between baseline and each follow-up horizon (6 months, 12 months: never
-- pooled) for each person with a baseline score. Every person whose horizon falls within the coverage
-- of the partner that recorded the baseline (feed_coverage) is expected at that horizon: a row with
-- follow_up_score NULL is a person lost to follow-up (attrition), not a person left out.
-- change is signed so that a positive value is an improvement whatever the instrument's direction
-- (ISMI-10: lower is better); raw_change keeps follow-up minus baseline. Improvement needs at least the
-- instrument's meaningful change. Out-of-range scores are left out.
CREATE OR REPLACE TABLE person_instrument_change AS
WITH scores AS (
    SELECT a.person_sk, a.instrument, a.timepoint, a.assessed_on, a.total_score, a.structure_sk, a.partner_id
    FROM fct_outcome_assessment a
    WHERE a.is_in_range AND a.person_sk IS NOT NULL
), baseline AS (
    -- ties on the date are broken by score then structure, the same for both, so the result never
    -- depends on the order rows are read in
    SELECT person_sk, instrument, arg_min(total_score, (assessed_on, total_score, structure_sk)) AS baseline_score,
           min(assessed_on) AS baseline_on,
           arg_min(structure_sk, (assessed_on, total_score, structure_sk)) AS structure_sk,
           arg_min(partner_id, (assessed_on, total_score, structure_sk)) AS partner_id
    FROM scores WHERE timepoint = 'baseline' GROUP BY ALL
), horizons AS (
    SELECT * FROM (VALUES ('6m', 6), ('12m', 12)) h(horizon, months)
), follow_up AS (
    SELECT person_sk, instrument, timepoint AS horizon,
           arg_max(total_score, (assessed_on, total_score)) AS follow_up_score
    FROM scores WHERE timepoint IN ('6m', '12m') GROUP BY ALL
)
SELECT b.person_sk,
       b.instrument,
       h.horizon,
       s.structure_id,
       s.departement,
       year(b.baseline_on)                                        AS baseline_year,
       b.baseline_score,
       f.follow_up_score,
       h.horizon                                                  AS follow_up_timepoint,
       f.follow_up_score IS NOT NULL                              AS is_followed,
       f.follow_up_score - b.baseline_score                       AS raw_change,
       CASE WHEN i.higher_is_better THEN f.follow_up_score - b.baseline_score
            ELSE b.baseline_score - f.follow_up_score END         AS change,
       CASE WHEN i.higher_is_better THEN f.follow_up_score - b.baseline_score
            ELSE b.baseline_score - f.follow_up_score END >= i.meaningful_change AS improved
FROM baseline b
CROSS JOIN horizons h
JOIN dim_instrument i USING (instrument)
JOIN feed_coverage c ON c.dataset = 'outcome_assessments' AND c.partner_id = b.partner_id
LEFT JOIN follow_up f ON f.person_sk = b.person_sk AND f.instrument = b.instrument AND f.horizon = h.horizon
LEFT JOIN dim_structure s ON s.structure_sk = b.structure_sk
-- expected at this horizon: the baseline partner's feed covers it (or a score was received anyway)
WHERE b.baseline_on + h.months * INTERVAL 1 MONTH <= c.coverage_end OR f.follow_up_score IS NOT NULL;
COMMENT ON TABLE person_instrument_change IS 'Per person, instrument and horizon (6m, 12m): baseline, follow-up (NULL when lost to follow-up), change signed so that positive is better';
COMMENT ON COLUMN person_instrument_change.person_sk IS 'Person (dim_person)';
COMMENT ON COLUMN person_instrument_change.instrument IS 'Instrument (dim_instrument)';
COMMENT ON COLUMN person_instrument_change.horizon IS '6m or 12m: the follow-up timepoint, never pooled';
COMMENT ON COLUMN person_instrument_change.structure_id IS 'Structure of the baseline assessment';
COMMENT ON COLUMN person_instrument_change.departement IS 'Its département';
COMMENT ON COLUMN person_instrument_change.baseline_year IS 'Year of the baseline assessment';
COMMENT ON COLUMN person_instrument_change.baseline_score IS 'Baseline score';
COMMENT ON COLUMN person_instrument_change.follow_up_score IS 'Score at the horizon; NULL when the person was expected but not assessed';
COMMENT ON COLUMN person_instrument_change.follow_up_timepoint IS 'Same as horizon (kept for earlier queries)';
COMMENT ON COLUMN person_instrument_change.is_followed IS 'A score at the horizon was received';
COMMENT ON COLUMN person_instrument_change.raw_change IS 'Follow-up minus baseline, in the instrument''s own direction';
COMMENT ON COLUMN person_instrument_change.change IS 'Improvement: raw change signed so that positive is better (ISMI-10 reversed)';
COMMENT ON COLUMN person_instrument_change.improved IS 'Improved by at least the meaningful change, in the instrument''s good direction';
