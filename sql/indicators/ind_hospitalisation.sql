-- Indicator 1, hospitalisation: mean full-time days present in the 12 months before and the 12 months
-- after the index date, for people with peer support (index: first peer contact) and for the matched
-- comparison cohort (patients of the same hospitals with no peer contact yet, followed up to their own
-- first contact and reweighted), with the difference-in-differences and its 95 % interval
-- (evaluation_cohort.sql states the matching, evaluation_censoring.sql the per-protocol follow-up,
-- evaluation_did.sql the estimator and the interval; sql/indicators/README.md the known biases).
-- Population: matched people of evaluation_cohort (12 months of RIM-P coverage after the index).
-- Window: days are the overlap of each full-time sequence with [index - 12 months, index) and
-- [index, index + 12 months). Cells: structure, département and year of the first contact; a comparison
-- row holds the comparison patients matched to the people with peer support of its cell.
CREATE OR REPLACE TEMP TABLE grouped_hospitalisation AS
SELECT level, structure_id, structure_name, departement, year, 'peer_support' AS breakdown,
       n::DOUBLE AS n_people, t_before AS mean_days_before, t_after AS mean_days_after, t_change AS mean_difference,
       did AS did_estimate, did - 1.96 * did_se AS did_ci_low, did + 1.96 * did_se AS did_ci_high,
       did_mde, share_matched, withheld::DOUBLE AS did_withheld_code,
       placebo AS placebo_estimate, placebo - 1.96 * placebo_se AS placebo_ci_low, placebo + 1.96 * placebo_se AS placebo_ci_high
FROM cohort_did WHERE outcome = 'hospitalisation'
UNION ALL
SELECT level, structure_id, structure_name, departement, year, 'comparison',
       m::DOUBLE, c_before, c_after, c_change, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM cohort_did WHERE outcome = 'hospitalisation';
INSERT INTO ind_cell SELECT * FROM cells_of('hospitalisation', 'grouped_hospitalisation');
CREATE OR REPLACE VIEW ind_hospitalisation AS
SELECT level, structure_id, structure_name, departement, year, breakdown AS cohort,
       max(value) FILTER (WHERE measure = 'n_people')          AS people,
       round(max(value) FILTER (WHERE measure = 'mean_days_before'), 2) AS mean_full_time_days_before,
       round(max(value) FILTER (WHERE measure = 'mean_days_after'), 2)  AS mean_full_time_days_after,
       round(max(value) FILTER (WHERE measure = 'mean_difference'), 2)  AS mean_difference,
       round(max(value) FILTER (WHERE measure = 'did_estimate'), 2)     AS did_estimate,
       round(max(value) FILTER (WHERE measure = 'did_ci_low'), 2)       AS did_ci_low,
       round(max(value) FILTER (WHERE measure = 'did_ci_high'), 2)      AS did_ci_high,
       round(max(value) FILTER (WHERE measure = 'did_mde'), 2)          AS did_mde,
       round(max(value) FILTER (WHERE measure = 'share_matched'), 4)     AS share_matched,
       (SELECT d.did_status FROM did_withheld_code d WHERE d.code = CAST(max(value) FILTER (WHERE measure = 'did_withheld_code') AS INTEGER)) AS did_status,
       (SELECT d.did_withheld_reason FROM did_withheld_code d WHERE d.code = CAST(max(value) FILTER (WHERE measure = 'did_withheld_code') AS INTEGER)) AS did_withheld_reason,
       round(max(value) FILTER (WHERE measure = 'placebo_estimate'), 2) AS placebo_estimate,
       round(max(value) FILTER (WHERE measure = 'placebo_ci_low'), 2)   AS placebo_ci_low,
       round(max(value) FILTER (WHERE measure = 'placebo_ci_high'), 2)  AS placebo_ci_high,
       bool_or(is_masked)                                      AS is_masked,
           max(mask_reason) AS mask_reason
FROM ind_cell_masked WHERE indicator = 'hospitalisation'
GROUP BY level, structure_id, structure_name, departement, year, breakdown;
COMMENT ON VIEW ind_hospitalisation IS 'Mean full-time days present 12 months before vs after the index date (days by overlap of each sequence with each window), people with peer support (index: first contact) against a comparison cohort of the same hospitals'' patients taken at the same point after the same kind of anchor with no peer contact yet (exact matching; followed per protocol up to their own first contact, inverse probability of censoring weights), difference-in-differences with 95 % interval; 12 months of RIM-P coverage; by structure, département and year of first contact; counts 1-10 masked';
