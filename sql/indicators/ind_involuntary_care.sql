-- Indicator 2, involuntary care: share of people with at least one involuntary sequence (legal mode
-- other than 1, outside family placement) overlapping the 12 months before and the 12 months after the
-- index date, people with peer support against the matched comparison cohort, with the
-- difference-in-differences of the shares and its 95 % interval. Population, cohorts, cells: as
-- ind_hospitalisation. Comparison shares are weighted means, so their people counts are not published.
CREATE OR REPLACE TEMP TABLE grouped_involuntary_care AS
SELECT level, structure_id, structure_name, departement, year, 'peer_support' AS breakdown,
       n::DOUBLE AS n_people, round(n * t_before) AS n_involuntary_before, round(n * t_after) AS n_involuntary_after,
       t_before AS share_before, t_after AS share_after,
       did AS did_estimate, did - 1.96 * did_se AS did_ci_low, did + 1.96 * did_se AS did_ci_high,
       did_mde, share_matched, withheld::DOUBLE AS did_withheld_code,
       placebo AS placebo_estimate, placebo - 1.96 * placebo_se AS placebo_ci_low, placebo + 1.96 * placebo_se AS placebo_ci_high
FROM cohort_did WHERE outcome = 'involuntary_care'
UNION ALL
SELECT level, structure_id, structure_name, departement, year, 'comparison',
       m::DOUBLE, NULL, NULL, c_before, c_after, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM cohort_did WHERE outcome = 'involuntary_care';
INSERT INTO ind_cell SELECT * FROM cells_of('involuntary_care', 'grouped_involuntary_care');
CREATE OR REPLACE VIEW ind_involuntary_care AS
SELECT level, structure_id, structure_name, departement, year, breakdown AS cohort,
       max(value) FILTER (WHERE measure = 'n_people')              AS people,
       max(value) FILTER (WHERE measure = 'n_involuntary_before')  AS people_involuntary_before,
       max(value) FILTER (WHERE measure = 'n_involuntary_after')   AS people_involuntary_after,
       round(max(value) FILTER (WHERE measure = 'share_before'), 4) AS share_involuntary_before,
       round(max(value) FILTER (WHERE measure = 'share_after'), 4)  AS share_involuntary_after,
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
       bool_or(is_masked)                                          AS is_masked,
           max(mask_reason) AS mask_reason
FROM ind_cell_masked WHERE indicator = 'involuntary_care'
GROUP BY level, structure_id, structure_name, departement, year, breakdown;
COMMENT ON VIEW ind_involuntary_care IS 'Share of people with an involuntary sequence overlapping the 12 months before vs after the index date, people with peer support against the matched comparison cohort, difference-in-differences of the shares with 95 % interval; same population and cells as ind_hospitalisation; counts 1-10 masked';
