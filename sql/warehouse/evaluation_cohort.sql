-- The two cohorts of the hospital indicators (hospitalisation, involuntary care, readmission).
-- peer_support: people with a peer contact known to a RIM-P hospital; index date = first peer contact.
-- comparison: patients of the same hospitals' RIM-P with no peer contact at all. Each gets an index date
--   drawn from the treated calendar of its main hospital: the first-contact date of the k-th person with
--   peer support of that hospital (ordered by date, then person), k fixed by a hash of the person's first
--   RIM-P sequence (hospital, stay and sequence numbers), so the same lake always draws the same dates,
--   whatever the pseudonymization key or its rotation, and the comparison's dates follow the treated
--   calendar.
-- Matching: exact, on the stratum main hospital × year of index × sex × age band at index (<30, 30-44,
--   45-59, 60+) × département of residence (or 'unknown') × band of full-time days in the 12 months
--   before the index (0, 1-29, 30+). A stratum with people of both cohorts is matched;
--   people of the other strata are left out (counted in cohort_balance). Comparison people carry the
--   weight n_peer_support / n_comparison of their stratum (the weight for the effect on the treated).
-- Population: both cohorts need 12 months of RIM-P coverage after the index (dataset_coverage).
CREATE OR REPLACE TEMP TABLE cohort_index AS
WITH patients AS (
    SELECT person_sk, arg_max(finess, (n, finess)) AS hospital, min(first_sequence) AS first_sequence
    FROM (SELECT person_sk, finess, count(*) AS n,
                 min(finess || '/' || stay_no || '/' || sequence_no) AS first_sequence
          FROM fct_hospital_sequence WHERE person_sk IS NOT NULL GROUP BY ALL)
    GROUP BY person_sk
), treated AS (
    SELECT p.person_sk, p.hospital, e.first_contact_on AS index_on,
           row_number() OVER (PARTITION BY p.hospital ORDER BY e.first_contact_on, p.first_sequence) AS k,
           count(*) OVER (PARTITION BY p.hospital) AS n
    FROM patients p JOIN person_evaluation e USING (person_sk)
), controls AS (
    SELECT p.person_sk, p.hospital, p.first_sequence
    FROM patients p
    WHERE p.person_sk NOT IN (SELECT person_sk FROM person_evaluation)
)
SELECT person_sk, 'peer_support' AS cohort, hospital, index_on FROM treated
UNION ALL
SELECT c.person_sk, 'comparison', c.hospital, t.index_on
FROM controls c
JOIN (SELECT DISTINCT hospital, n FROM treated) h USING (hospital)
JOIN treated t ON t.hospital = c.hospital AND t.k = 1 + CAST(hash(c.first_sequence) % h.n AS BIGINT);

CREATE OR REPLACE TEMP TABLE cohort_outcomes AS
SELECT * FROM hospital_windows('cohort_index');

CREATE OR REPLACE TABLE evaluation_cohort AS
WITH followed AS (
    SELECT i.*, o.* EXCLUDE (person_sk), p.sex, p.residence_dept,
           year(i.index_on) - p.birth_year AS age_at_index
    FROM cohort_index i
    JOIN cohort_outcomes o USING (person_sk)
    JOIN dim_person p USING (person_sk)
    JOIN dataset_coverage r ON r.dataset = 'hospital_stays'
    WHERE CAST(i.index_on + INTERVAL 12 MONTH AS DATE) <= r.coverage_end
), stratified AS (
    SELECT *,
           concat_ws('|', hospital, CAST(year(index_on) AS VARCHAR), coalesce(sex, 'unknown'),
                     CASE WHEN age_at_index IS NULL THEN 'unknown' WHEN age_at_index < 30 THEN '<30' WHEN age_at_index < 45 THEN '30-44'
                          WHEN age_at_index < 60 THEN '45-59' ELSE '60+' END,
                     coalesce(residence_dept, 'unknown'),
                     CASE WHEN days_before = 0 THEN '0' WHEN days_before < 30 THEN '1-29' ELSE '30+' END) AS stratum
    FROM followed
), strata AS (
    SELECT stratum, count(*) FILTER (WHERE cohort = 'peer_support') AS n_treated, count(*) FILTER (WHERE cohort = 'comparison') AS n_comparison
    FROM stratified GROUP BY stratum
)
SELECT s.person_sk, s.cohort, s.hospital, s.index_on, year(s.index_on) AS index_year, s.stratum,
       g.n_treated > 0 AND g.n_comparison > 0 AS is_matched,
       CASE WHEN s.cohort = 'peer_support' THEN 1.0 WHEN g.n_treated > 0 THEN g.n_treated / g.n_comparison ELSE 0.0 END AS weight,
       e.first_structure_id, e.first_structure_name, e.first_structure_departement,
       s.sex, s.age_at_index, s.residence_dept,
       s.days_before, s.days_after, s.involuntary_before, s.involuntary_after,
       s.discharges_before, s.discharges_after, s.readmitted_30_before, s.readmitted_30_after,
       s.readmitted_90_before, s.readmitted_90_after
FROM stratified s
JOIN strata g USING (stratum)
LEFT JOIN person_evaluation e ON e.person_sk = s.person_sk AND s.cohort = 'peer_support';
COMMENT ON TABLE evaluation_cohort IS 'Both cohorts of the hospital indicators with 12 months of RIM-P follow-up: peer support (index = first contact) and comparison (patients of the same hospitals without peer contact, index drawn from the treated calendar), exact-matched by stratum';
COMMENT ON COLUMN evaluation_cohort.person_sk IS 'Person (dim_person)';
COMMENT ON COLUMN evaluation_cohort.cohort IS 'peer_support or comparison';
COMMENT ON COLUMN evaluation_cohort.hospital IS 'Main hospital: FINESS with most of the person''s RIM-P sequences';
COMMENT ON COLUMN evaluation_cohort.index_on IS 'Index date: first peer contact, or for the comparison a first-contact date drawn from the same hospital''s people with peer support';
COMMENT ON COLUMN evaluation_cohort.index_year IS 'Year of the index date';
COMMENT ON COLUMN evaluation_cohort.stratum IS 'Matching stratum: hospital|index year|sex|age band|residence|prior-year full-time days band';
COMMENT ON COLUMN evaluation_cohort.is_matched IS 'The stratum holds people of both cohorts';
COMMENT ON COLUMN evaluation_cohort.weight IS '1 for peer support; n_peer_support / n_comparison of the stratum for the comparison (0 when unmatched)';
COMMENT ON COLUMN evaluation_cohort.first_structure_id IS 'Structure of the first peer contact (peer support only)';
COMMENT ON COLUMN evaluation_cohort.first_structure_name IS 'Its name';
COMMENT ON COLUMN evaluation_cohort.first_structure_departement IS 'Its département';
COMMENT ON COLUMN evaluation_cohort.sex IS 'M or F';
COMMENT ON COLUMN evaluation_cohort.age_at_index IS 'Age in years at the index year';
COMMENT ON COLUMN evaluation_cohort.residence_dept IS 'Département of residence';
COMMENT ON COLUMN evaluation_cohort.days_before IS 'Full-time days present in the 12 months before the index (overlap)';
COMMENT ON COLUMN evaluation_cohort.days_after IS 'Full-time days present in the 12 months from the index (overlap)';
COMMENT ON COLUMN evaluation_cohort.involuntary_before IS 'An involuntary sequence overlapping the 12 months before';
COMMENT ON COLUMN evaluation_cohort.involuntary_after IS 'An involuntary sequence overlapping the 12 months after';
COMMENT ON COLUMN evaluation_cohort.discharges_before IS 'Full-time episodes discharged in the 12 months before';
COMMENT ON COLUMN evaluation_cohort.discharges_after IS 'Full-time episodes discharged in the 12 months after';
COMMENT ON COLUMN evaluation_cohort.readmitted_30_before IS 'Of those before, followed by a new episode within 30 days';
COMMENT ON COLUMN evaluation_cohort.readmitted_30_after IS 'Of those after, followed by a new episode within 30 days';
COMMENT ON COLUMN evaluation_cohort.readmitted_90_before IS 'Of those before, within 90 days';
COMMENT ON COLUMN evaluation_cohort.readmitted_90_after IS 'Of those after, within 90 days';
-- The balance of the matched cohorts, by index year and in all: covariate means of peer support, of the
-- comparison before weighting (every comparison patient with an index) and after (matched, weighted), and
-- the standardized mean difference after weighting (|smd| < 0.1 is the usual bar for balance).
CREATE OR REPLACE TABLE cohort_balance AS
WITH covariates AS (
    SELECT index_year, cohort, is_matched, weight, 'female' AS covariate, CASE WHEN sex = 'F' THEN 1.0 ELSE 0.0 END AS x FROM evaluation_cohort
    UNION ALL SELECT index_year, cohort, is_matched, weight, 'age_at_index', age_at_index FROM evaluation_cohort
    UNION ALL SELECT index_year, cohort, is_matched, weight, 'prior_year_full_time_days', days_before FROM evaluation_cohort
    UNION ALL SELECT index_year, cohort, is_matched, weight, 'prior_year_involuntary', CASE WHEN involuntary_before THEN 1.0 ELSE 0.0 END FROM evaluation_cohort
), by_year AS (
    SELECT index_year, covariate,
           count(*) FILTER (WHERE cohort = 'peer_support')                                     AS peer_support_people,
           count(*) FILTER (WHERE cohort = 'peer_support' AND is_matched)                      AS peer_support_matched,
           count(*) FILTER (WHERE cohort = 'comparison')                                       AS comparison_people,
           count(*) FILTER (WHERE cohort = 'comparison' AND is_matched)                        AS comparison_matched,
           avg(x) FILTER (WHERE cohort = 'peer_support' AND is_matched)                        AS peer_support_mean,
           var_samp(x) FILTER (WHERE cohort = 'peer_support' AND is_matched)                   AS peer_support_var,
           avg(x) FILTER (WHERE cohort = 'comparison')                                         AS comparison_mean_unweighted,
           sum(weight * x) FILTER (WHERE cohort = 'comparison') / sum(weight) FILTER (WHERE cohort = 'comparison') AS comparison_mean_weighted,
           var_samp(x) FILTER (WHERE cohort = 'comparison')                                    AS comparison_var
    FROM covariates
    GROUP BY GROUPING SETS ((index_year, covariate), (covariate))
)
SELECT index_year, covariate, peer_support_people, peer_support_matched, comparison_people, comparison_matched,
       round(peer_support_mean, 4) AS peer_support_mean,
       round(comparison_mean_unweighted, 4) AS comparison_mean_unweighted,
       round(comparison_mean_weighted, 4) AS comparison_mean_weighted,
       round((peer_support_mean - comparison_mean_weighted) / nullif(sqrt((peer_support_var + comparison_var) / 2), 0), 4) AS smd_weighted
FROM by_year;
COMMENT ON TABLE cohort_balance IS 'Balance of the matched cohorts of evaluation_cohort per covariate, by index year (NULL: all years); research warehouse only';
COMMENT ON COLUMN cohort_balance.index_year IS 'Year of the index date; NULL for all years';
COMMENT ON COLUMN cohort_balance.covariate IS 'female, age_at_index, prior_year_full_time_days or prior_year_involuntary';
COMMENT ON COLUMN cohort_balance.peer_support_people IS 'People with peer support followed 12 months';
COMMENT ON COLUMN cohort_balance.peer_support_matched IS 'Of them, in a stratum with comparison patients (the others are left out of the effects)';
COMMENT ON COLUMN cohort_balance.comparison_people IS 'Comparison patients followed 12 months';
COMMENT ON COLUMN cohort_balance.comparison_matched IS 'Of them, in a stratum with people with peer support';
COMMENT ON COLUMN cohort_balance.peer_support_mean IS 'Covariate mean, matched people with peer support';
COMMENT ON COLUMN cohort_balance.comparison_mean_unweighted IS 'Covariate mean, every comparison patient (before matching)';
COMMENT ON COLUMN cohort_balance.comparison_mean_weighted IS 'Covariate mean, matched comparison patients with their weights';
COMMENT ON COLUMN cohort_balance.smd_weighted IS 'Standardized mean difference after weighting (pooled standard deviation)';
-- The difference-in-differences of every hospital outcome, per indicator cell (structure, département
-- and region of the first contact, index year), as ind_cell rows for the two cohorts.
-- Estimator: among matched people, DiD = mean change (after - before) of peer support minus the weighted
-- mean change of the comparison patients of the same strata, each stratum weighted by its number of
-- people with peer support in the cell. Interval: 95 %, estimate ± 1.96 × SE, SE² = sample variance of
-- the peer-support changes / n + Σ_s (n_s/n)² × Σ_{i in s} (change_i - comparison mean)² / m_s² (a
-- sandwich variance of the weighted comparison mean, weights taken as fixed).
CREATE OR REPLACE TEMP TABLE cohort_outcome_long AS
SELECT person_sk, cohort, stratum, index_year, first_structure_id, first_structure_name, first_structure_departement, u.*
FROM evaluation_cohort,
     LATERAL (VALUES ('hospitalisation', days_before::DOUBLE, days_after::DOUBLE),
                     ('involuntary_care', involuntary_before::INTEGER::DOUBLE, involuntary_after::INTEGER::DOUBLE),
                     ('readmission', (readmitted_30_before > 0)::INTEGER::DOUBLE, (readmitted_30_after > 0)::INTEGER::DOUBLE),
                     ('discharges', discharges_before::DOUBLE, discharges_after::DOUBLE),
                     ('readmissions_30', readmitted_30_before::DOUBLE, readmitted_30_after::DOUBLE),
                     ('readmissions_90', readmitted_90_before::DOUBLE, readmitted_90_after::DOUBLE))
             AS u(outcome, y_before, y_after)
WHERE is_matched;
CREATE OR REPLACE TEMP TABLE cohort_did AS
WITH treated AS (
    SELECT outcome,
           CASE WHEN grouping(first_structure_id) = 0 THEN 'structure' WHEN grouping(first_structure_departement) = 0
                THEN 'departement' ELSE 'region' END AS level,
           first_structure_id AS structure_id, first_structure_name AS structure_name, first_structure_departement AS departement,
           index_year AS year, stratum,
           count(*) AS n, sum(y_before) AS sum_before, sum(y_after) AS sum_after,
           sum(y_after - y_before) AS sum_change, sum((y_after - y_before) ^ 2) AS sumsq_change
    FROM cohort_outcome_long WHERE cohort = 'peer_support'
    GROUP BY GROUPING SETS ((outcome, index_year, first_structure_departement, first_structure_id, first_structure_name, stratum),
                            (outcome, index_year, first_structure_departement, stratum), (outcome, index_year, stratum))
), comparison AS (
    SELECT outcome, stratum, count(*) AS m, avg(y_before) AS mean_before, avg(y_after) AS mean_after,
           avg(y_after - y_before) AS mean_change, var_pop(y_after - y_before) * count(*) AS ss_change
    FROM cohort_outcome_long WHERE cohort = 'comparison'
    GROUP BY outcome, stratum
), joined AS (
    SELECT t.*, c.m, c.mean_before AS c_before, c.mean_after AS c_after, c.mean_change AS c_change, c.ss_change AS c_ss,
           sum(t.n) OVER cell AS n_cell,
           sum(t.n * c.mean_change) OVER cell / sum(t.n) OVER cell AS c_mean_change_cell
    FROM treated t JOIN comparison c USING (outcome, stratum)
    WINDOW cell AS (PARTITION BY t.outcome, t.level, t.structure_id, t.departement, t.year)
), cells AS (
    SELECT outcome, level, structure_id, structure_name, departement, year,
           sum(n) AS n, sum(m) AS m,
           sum(sum_before) / sum(n) AS t_before, sum(sum_after) / sum(n) AS t_after, sum(sum_change) / sum(n) AS t_change,
           (sum(sumsq_change) - sum(sum_change) ^ 2 / sum(n)) / nullif(sum(n) - 1, 0) AS t_var,
           sum(n * c_before) / sum(n) AS c_before, sum(n * c_after) / sum(n) AS c_after, sum(n * c_change) / sum(n) AS c_change,
           sum((n / m) ^ 2 * (c_ss + m * (c_change - c_mean_change_cell) ^ 2)) / sum(n) ^ 2 AS c_var_of_mean
    FROM joined
    GROUP BY outcome, level, structure_id, structure_name, departement, year
)
SELECT *, t_change - c_change AS did,
       sqrt(coalesce(t_var, 0) / n + c_var_of_mean) AS did_se
FROM cells;
