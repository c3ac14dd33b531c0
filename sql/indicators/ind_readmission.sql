-- Indicator 3, readmission: full-time episodes (hospital_episode: sequences chained across same-day
-- transfers and overlaps, so a transfer is not a readmission; an open sequence has no discharge)
-- discharged in the 12 months after the index date, and the share readmitted (a new episode in any
-- hospital) within 30 and 90 days; people with peer support against the matched comparison cohort.
-- The difference-in-differences is on the share of people with a 30-day readmission in the window
-- (before vs after), with its 95 % interval. Population, cohorts, cells: as ind_hospitalisation.
-- Comparison rates are weighted; their discharge counts are not published.
CREATE OR REPLACE TEMP TABLE grouped_readmission AS
WITH pivoted AS (
    SELECT level, structure_id, structure_name, departement, year,
           any_value(n) FILTER (WHERE outcome = 'readmission')                AS n,
           any_value(m) FILTER (WHERE outcome = 'readmission')                AS m,
           any_value(t_after) FILTER (WHERE outcome = 'discharges')           AS t_discharges,
           any_value(t_after) FILTER (WHERE outcome = 'readmissions_30')      AS t_readmitted_30,
           any_value(t_after) FILTER (WHERE outcome = 'readmissions_90')      AS t_readmitted_90,
           any_value(c_after) FILTER (WHERE outcome = 'discharges')           AS c_discharges,
           any_value(c_after) FILTER (WHERE outcome = 'readmissions_30')      AS c_readmitted_30,
           any_value(c_after) FILTER (WHERE outcome = 'readmissions_90')      AS c_readmitted_90,
           any_value(t_before) FILTER (WHERE outcome = 'readmission')         AS t_share_before,
           any_value(t_after) FILTER (WHERE outcome = 'readmission')          AS t_share_after,
           any_value(c_before) FILTER (WHERE outcome = 'readmission')         AS c_share_before,
           any_value(c_after) FILTER (WHERE outcome = 'readmission')          AS c_share_after,
           any_value(did) FILTER (WHERE outcome = 'readmission')              AS did,
           any_value(did_se) FILTER (WHERE outcome = 'readmission')           AS did_se,
           any_value(did_mde) FILTER (WHERE outcome = 'readmission')          AS did_mde,
           any_value(share_matched) FILTER (WHERE outcome = 'readmission')    AS share_matched,
           any_value(withheld) FILTER (WHERE outcome = 'readmission')         AS withheld,
           any_value(placebo) FILTER (WHERE outcome = 'readmission')          AS placebo,
           any_value(placebo_se) FILTER (WHERE outcome = 'readmission')       AS placebo_se
    FROM cohort_did
    WHERE outcome IN ('readmission', 'discharges', 'readmissions_30', 'readmissions_90')
    GROUP BY level, structure_id, structure_name, departement, year
)
SELECT level, structure_id, structure_name, departement, year, 'peer_support' AS breakdown,
       n::DOUBLE AS n_people, round(n * t_discharges) AS n_discharges, round(n * t_readmitted_30) AS n_readmitted_30,
       round(n * t_readmitted_90) AS n_readmitted_90,
       t_readmitted_30 / nullif(t_discharges, 0) AS rate_30, t_readmitted_90 / nullif(t_discharges, 0) AS rate_90,
       t_share_before AS share_people_before, t_share_after AS share_people_after,
       did AS did_estimate, did - 1.96 * did_se AS did_ci_low, did + 1.96 * did_se AS did_ci_high,
       did_mde, share_matched, withheld::DOUBLE AS did_withheld_code,
       placebo AS placebo_estimate, placebo - 1.96 * placebo_se AS placebo_ci_low, placebo + 1.96 * placebo_se AS placebo_ci_high
FROM pivoted
UNION ALL
SELECT level, structure_id, structure_name, departement, year, 'comparison',
       m::DOUBLE, NULL, NULL, NULL,
       c_readmitted_30 / nullif(c_discharges, 0), c_readmitted_90 / nullif(c_discharges, 0),
       c_share_before, c_share_after, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM pivoted;
INSERT INTO ind_cell SELECT * FROM cells_of('readmission', 'grouped_readmission');
CREATE OR REPLACE VIEW ind_readmission AS
SELECT level, structure_id, structure_name, departement, year, breakdown AS cohort,
       max(value) FILTER (WHERE measure = 'n_people')           AS people,
       max(value) FILTER (WHERE measure = 'n_discharges')       AS discharges,
       max(value) FILTER (WHERE measure = 'n_readmitted_30')    AS readmitted_30_days,
       max(value) FILTER (WHERE measure = 'n_readmitted_90')    AS readmitted_90_days,
       round(max(value) FILTER (WHERE measure = 'rate_30'), 4)   AS readmission_rate_30_days,
       round(max(value) FILTER (WHERE measure = 'rate_90'), 4)   AS readmission_rate_90_days,
       round(max(value) FILTER (WHERE measure = 'share_people_before'), 4) AS share_people_readmitted_30_before,
       round(max(value) FILTER (WHERE measure = 'share_people_after'), 4)  AS share_people_readmitted_30_after,
       round(max(value) FILTER (WHERE measure = 'did_estimate'), 4) AS did_estimate,
       round(max(value) FILTER (WHERE measure = 'did_ci_low'), 4)   AS did_ci_low,
       round(max(value) FILTER (WHERE measure = 'did_ci_high'), 4)  AS did_ci_high,
       round(max(value) FILTER (WHERE measure = 'did_mde'), 4)          AS did_mde,
       round(max(value) FILTER (WHERE measure = 'share_matched'), 4)     AS share_matched,
       (SELECT d.did_status FROM did_withheld_code d WHERE d.code = CAST(max(value) FILTER (WHERE measure = 'did_withheld_code') AS INTEGER)) AS did_status,
       (SELECT d.did_withheld_reason FROM did_withheld_code d WHERE d.code = CAST(max(value) FILTER (WHERE measure = 'did_withheld_code') AS INTEGER)) AS did_withheld_reason,
       round(max(value) FILTER (WHERE measure = 'placebo_estimate'), 4) AS placebo_estimate,
       round(max(value) FILTER (WHERE measure = 'placebo_ci_low'), 4)   AS placebo_ci_low,
       round(max(value) FILTER (WHERE measure = 'placebo_ci_high'), 4)  AS placebo_ci_high,
       bool_or(is_masked)                                       AS is_masked,
           max(mask_reason) AS mask_reason
FROM ind_cell_masked WHERE indicator = 'readmission'
GROUP BY level, structure_id, structure_name, departement, year, breakdown;
COMMENT ON VIEW ind_readmission IS 'Full-time episodes discharged in the 12 months after the index date and the share readmitted within 30 and 90 days (transfers and overlaps are not readmissions), people with peer support against the matched comparison cohort, difference-in-differences of the share of people readmitted within 30 days with 95 % interval; same population and cells as ind_hospitalisation; counts 1-10 masked';
