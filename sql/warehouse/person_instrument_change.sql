-- Change of each instrument between baseline and each follow-up horizon (6 months, 12 months: never
-- pooled), per course: a person's baseline at one partner and that partner's follow-up of it. A score
-- from another partner is another course, never the follow-up of this one (two services' questionnaires
-- are not one before/after). Every course whose horizon falls within the coverage of its partner
-- (feed_coverage) is expected at that horizon: a row with follow_up_score NULL is a course lost to
-- follow-up (attrition), not a course left out.
-- change is signed so that a positive value is an improvement whatever the instrument's direction
-- (ISMI-10: lower is better); raw_change keeps follow-up minus baseline. Improvement needs at least the
-- instrument's meaningful change. Out-of-range scores are left out.
-- Attrition: follow_up_weight is the inverse of the follow-up rate of the course's weighting class
-- (instrument, horizon, partner, baseline-score band, age band; without the age band when that class has
-- fewer than 5 courses followed), so that the followed stand for the lost of their class; change_low and
-- change_high are the change, or for a lost course the worst and best change the instrument's range allows
-- from its baseline (bounds that assume nothing about the people lost).
CREATE OR REPLACE TABLE person_instrument_change AS
WITH scores AS (
    SELECT a.person_sk, a.instrument, a.timepoint, a.assessed_on, a.total_score, a.structure_sk, a.partner_id
    FROM fct_outcome_assessment a
    WHERE a.is_in_range AND a.person_sk IS NOT NULL
), baseline AS (
    -- ties on the date are broken by score then structure, the same for both, so the result never
    -- depends on the order rows are read in
    SELECT person_sk, instrument, partner_id, arg_min(total_score, (assessed_on, total_score, structure_sk)) AS baseline_score,
           min(assessed_on) AS baseline_on,
           arg_min(structure_sk, (assessed_on, total_score, structure_sk)) AS structure_sk
    FROM scores WHERE timepoint = 'baseline' GROUP BY ALL
), band_cuts AS (
    -- baseline-score quartiles per instrument, as cut points so that equal scores share a band
    SELECT instrument, quantile_disc(baseline_score, [0.25, 0.5, 0.75]) AS cuts FROM baseline GROUP BY instrument
), horizons AS (
    SELECT * FROM (VALUES ('6m', 6), ('12m', 12)) h(horizon, months)
), follow_up AS (
    SELECT person_sk, instrument, partner_id, timepoint AS horizon,
           arg_max(total_score, (assessed_on, total_score)) AS follow_up_score
    FROM scores WHERE timepoint IN ('6m', '12m') GROUP BY ALL
), courses AS (
    SELECT b.*, h.horizon, f.follow_up_score, i.higher_is_better, i.meaningful_change, i.min_score, i.max_score,
           1 + (b.baseline_score > k.cuts[1])::INTEGER + (b.baseline_score > k.cuts[2])::INTEGER
             + (b.baseline_score > k.cuts[3])::INTEGER                 AS baseline_band,
           CASE WHEN p.birth_year IS NULL THEN 'unknown' WHEN year(b.baseline_on) - p.birth_year < 30 THEN '<30'
                WHEN year(b.baseline_on) - p.birth_year < 45 THEN '30-44' WHEN year(b.baseline_on) - p.birth_year < 60 THEN '45-59'
                ELSE '60+' END                                         AS age_band
    FROM baseline b
    CROSS JOIN horizons h
    JOIN dim_instrument i USING (instrument)
    JOIN band_cuts k USING (instrument)
    JOIN feed_coverage c ON c.dataset = 'outcome_assessments' AND c.partner_id = b.partner_id
    LEFT JOIN dim_person p USING (person_sk)
    LEFT JOIN follow_up f ON f.person_sk = b.person_sk AND f.instrument = b.instrument AND f.partner_id = b.partner_id
         AND f.horizon = h.horizon
    -- expected at this horizon: the partner's feed covers it (or a score was received anyway)
    WHERE b.baseline_on + h.months * INTERVAL 1 MONTH <= c.coverage_end OR f.follow_up_score IS NOT NULL
), classed AS (
    SELECT *,
           count(*) OVER by_age AS courses_by_age, count(follow_up_score) OVER by_age AS followed_by_age,
           count(*) OVER by_band AS courses_by_band, count(follow_up_score) OVER by_band AS followed_by_band
    FROM courses
    WINDOW by_age AS (PARTITION BY instrument, horizon, partner_id, baseline_band, age_band),
           by_band AS (PARTITION BY instrument, horizon, partner_id, baseline_band)
), signed AS (
    SELECT *,
           CASE WHEN higher_is_better THEN follow_up_score - baseline_score ELSE baseline_score - follow_up_score END AS change,
           CASE WHEN higher_is_better THEN min_score - baseline_score ELSE baseline_score - max_score END          AS worst_change,
           CASE WHEN higher_is_better THEN max_score - baseline_score ELSE baseline_score - min_score END          AS best_change
    FROM classed
)
SELECT s.person_sk,
       s.instrument,
       s.horizon,
       s.partner_id,
       d.structure_id,
       d.departement,
       year(s.baseline_on)                                        AS baseline_year,
       s.baseline_score,
       s.follow_up_score,
       s.horizon                                                  AS follow_up_timepoint,
       s.follow_up_score IS NOT NULL                              AS is_followed,
       s.follow_up_score - s.baseline_score                       AS raw_change,
       s.change,
       s.change >= s.meaningful_change                            AS improved,
       s.baseline_band,
       s.age_band,
       CASE WHEN s.follow_up_score IS NULL THEN NULL
            WHEN s.followed_by_age >= 5 THEN s.courses_by_age / s.followed_by_age
            ELSE s.courses_by_band / s.followed_by_band END        AS follow_up_weight,
       coalesce(s.change, s.worst_change)                         AS change_low,
       coalesce(s.change, s.best_change)                          AS change_high
FROM signed s
LEFT JOIN dim_structure d ON d.structure_sk = s.structure_sk;
COMMENT ON TABLE person_instrument_change IS 'Per course (person, instrument, horizon 6m/12m, partner): baseline, the same partner''s follow-up (NULL when lost to follow-up), change signed so that positive is better, attrition weight and bounds';
COMMENT ON COLUMN person_instrument_change.person_sk IS 'Person (dim_person)';
COMMENT ON COLUMN person_instrument_change.instrument IS 'Instrument (dim_instrument)';
COMMENT ON COLUMN person_instrument_change.horizon IS '6m or 12m: the follow-up timepoint, never pooled';
COMMENT ON COLUMN person_instrument_change.partner_id IS 'Partner of the course: its baseline and its follow-up come from this partner only';
COMMENT ON COLUMN person_instrument_change.structure_id IS 'Structure of the baseline assessment';
COMMENT ON COLUMN person_instrument_change.departement IS 'Its département';
COMMENT ON COLUMN person_instrument_change.baseline_year IS 'Year of the baseline assessment';
COMMENT ON COLUMN person_instrument_change.baseline_score IS 'Baseline score (the partner''s first)';
COMMENT ON COLUMN person_instrument_change.follow_up_score IS 'The same partner''s score at the horizon; NULL when the course was expected but not assessed';
COMMENT ON COLUMN person_instrument_change.follow_up_timepoint IS 'Same as horizon (kept for earlier queries)';
COMMENT ON COLUMN person_instrument_change.is_followed IS 'A score at the horizon was received from the partner of the baseline';
COMMENT ON COLUMN person_instrument_change.raw_change IS 'Follow-up minus baseline, in the instrument''s own direction';
COMMENT ON COLUMN person_instrument_change.change IS 'Improvement: raw change signed so that positive is better (ISMI-10 reversed)';
COMMENT ON COLUMN person_instrument_change.improved IS 'Improved by at least the meaningful change, in the instrument''s good direction';
COMMENT ON COLUMN person_instrument_change.baseline_band IS 'Quartile (1-4) of the baseline score among the instrument''s baselines';
COMMENT ON COLUMN person_instrument_change.age_band IS 'Age at baseline: <30, 30-44, 45-59, 60+ or unknown';
COMMENT ON COLUMN person_instrument_change.follow_up_weight IS 'Followed courses: courses over courses followed in the weighting class (instrument, horizon, partner, baseline band, age band; no age band when fewer than 5 followed); NULL when lost';
COMMENT ON COLUMN person_instrument_change.change_low IS 'Change, or for a lost course the worst change its baseline allows (instrument minimum or maximum)';
COMMENT ON COLUMN person_instrument_change.change_high IS 'Change, or for a lost course the best change its baseline allows';
