-- The difference-in-differences of the hospital outcomes over the matched cohorts of evaluation_cohort.sql, per
-- indicator cell (structure, département and region of the first contact; year of time zero), with its
-- diagnostics. For a matched person i with peer support and comparison units j of weights a_ij (sum 1):
--   DiD = mean_i [ (after_i - before_i) - Σ_j a_ij (after_j - before_j) ]
-- the average over the draws of each draw's estimate, the comparison's after window per protocol (its follow-up
-- censored at its own first contact and weighted, evaluation_censoring.sql). Interval: estimate ± z × SE, SE the standard deviation of
-- the estimate over a person-level Poisson bootstrap: in replicate b each person p weighs w_pb ~ Poisson(1)
-- (from a hash of the seed, b and the person's first RIM-P sequence) in every unit of theirs, treated or not:
--   DiD_b = Σ_i w_ib [Δ_i - Σ_j a_ij Δ_j] / Σ_i w_ib - Σ_j (w_jb - 1) g_j / n
-- the paired contrasts resampled with the treated, and the comparisons' reuse added with their own weights
-- (eval_boot_reuse): so the interval carries the sampling of both cohorts, the comparison's once. Perturbing the
-- comparisons inside each contrast as well counted their variance twice (intervals a third too wide). Placebo: the same
-- estimator on the change from [t0 - 24 months, t0 - 12 months) to [t0 - 12 months, t0), among units whose
-- RIM-P coverage holds both windows. Minimum detectable effect: mde_z × SE.
CREATE OR REPLACE TEMP TABLE eval_outcome AS
SELECT u.unit_id, o.*
FROM eval_unit u,
     LATERAL (VALUES ('hospital', 'hospitalisation', u.days_placebo::DOUBLE, u.days_before::DOUBLE, u.days_after::DOUBLE, true),
                     ('hospital', 'involuntary_care', u.involuntary_placebo::INTEGER::DOUBLE, u.involuntary_before::INTEGER::DOUBLE,
                      u.involuntary_after::INTEGER::DOUBLE, true),
                     ('readmission', 'readmission', (u.readmitted_30_placebo > 0)::INTEGER::DOUBLE, (u.readmitted_30_before > 0)::INTEGER::DOUBLE,
                      (u.readmitted_30_after > 0)::INTEGER::DOUBLE, true),
                     ('readmission', 'discharges', NULL, u.discharges_before::DOUBLE, u.discharges_after::DOUBLE, false),
                     ('readmission', 'readmissions_30', NULL, u.readmitted_30_before::DOUBLE, u.readmitted_30_after::DOUBLE, false),
                     ('readmission', 'readmissions_90', NULL, u.readmitted_90_before::DOUBLE, u.readmitted_90_after::DOUBLE, false))
             AS o(analysis, outcome, y_placebo, y_before, y_after, estimated)
;
-- A comparison unit's after window is its per-protocol outcome: censored at its own first contact, weighted by the
-- inverse probability of being still uncensored (evaluation_censoring.sql).
UPDATE eval_outcome SET y_after = pp.y_after
FROM eval_unit_per_protocol pp
WHERE pp.unit_id = eval_outcome.unit_id AND pp.outcome = eval_outcome.outcome;
-- Each matched person with peer support and outcome, with the weighted mean of their comparison.
CREATE OR REPLACE TEMP TABLE eval_pair_outcome AS
SELECT m.analysis, o.outcome, o.estimated, m.treated_sk, m.treated_unit, j.person_sk AS comparison_sk, m.weight,
       o.y_before, o.y_after, o.y_after - o.y_before AS change,
       CASE WHEN j.placebo_covered THEN o.y_before - o.y_placebo END AS placebo_change
FROM eval_match m
JOIN eval_unit j USING (unit_id)
JOIN eval_outcome o ON o.unit_id = m.unit_id AND o.analysis = m.analysis;
CREATE OR REPLACE TEMP TABLE eval_treated_outcome AS
WITH comparison AS (
    SELECT analysis, outcome, treated_sk,
           sum(weight * y_before) AS c_before, sum(weight * y_after) AS c_after, sum(weight * change) AS c_change,
           sum(weight * placebo_change) / nullif(sum(weight) FILTER (WHERE placebo_change IS NOT NULL), 0) AS c_placebo_change
    FROM eval_pair_outcome GROUP BY ALL
)
SELECT c.*, t.index_year AS year, t.first_structure_id, t.first_structure_name, t.first_structure_departement, u.stable_key,
       o.estimated, o.y_before, o.y_after, o.y_after - o.y_before AS change,
       CASE WHEN u.placebo_covered THEN o.y_before - o.y_placebo END AS placebo_change
FROM comparison c
JOIN evaluation_cohort t ON t.analysis = c.analysis AND t.person_sk = c.treated_sk
JOIN eval_unit u ON u.person_sk = t.person_sk AND u.index_on = t.index_on
JOIN eval_outcome o ON o.unit_id = u.unit_id AND o.analysis = c.analysis AND o.outcome = c.outcome;

-- Cells: the grouping sets of the indicator views. A cell key per row of each cohort.
CREATE OR REPLACE TEMP MACRO eval_level(s, d) AS CASE WHEN s = 0 THEN 'structure' WHEN d = 0 THEN 'departement' ELSE 'region' END;
-- One key per cell, NULL-safe (a region cell has no structure and no département).
CREATE OR REPLACE TEMP MACRO eval_cell(level, structure_id, departement, year) AS
    concat_ws('|', level, coalesce(structure_id, ''), coalesce(departement, ''), CAST(year AS VARCHAR));
CREATE OR REPLACE TEMP TABLE eval_cell_point AS
SELECT *, eval_cell(level, structure_id, departement, year) AS cell FROM (
SELECT analysis, outcome, any_value(estimated) AS estimated,
       eval_level(grouping(first_structure_id), grouping(first_structure_departement)) AS level,
       first_structure_id AS structure_id,
       CASE WHEN grouping(first_structure_id) = 0 THEN min(first_structure_name) END AS structure_name,
       first_structure_departement AS departement, year,
       count(*) AS n, avg(y_before) AS t_before, avg(y_after) AS t_after, avg(change) AS t_change,
       avg(c_before) AS c_before, avg(c_after) AS c_after, avg(c_change) AS c_change,
       avg(change - c_change) AS did,
       count(*) FILTER (WHERE placebo_change IS NOT NULL AND c_placebo_change IS NOT NULL) AS placebo_n,
       avg(placebo_change - c_placebo_change) AS placebo
FROM eval_treated_outcome
GROUP BY GROUPING SETS ((analysis, outcome, year, first_structure_departement, first_structure_id),
                        (analysis, outcome, year, first_structure_departement), (analysis, outcome, year))
);
CREATE OR REPLACE TEMP TABLE eval_cell_comparison AS
SELECT *, eval_cell(level, structure_id, departement, year) AS cell FROM (
SELECT p.analysis, p.outcome, eval_level(grouping(t.first_structure_id), grouping(t.first_structure_departement)) AS level,
       t.first_structure_id AS structure_id, t.first_structure_departement AS departement, t.year,
       count(DISTINCT p.comparison_sk) AS m
FROM eval_pair_outcome p
JOIN eval_treated_outcome t USING (analysis, outcome, treated_sk)
GROUP BY GROUPING SETS ((p.analysis, p.outcome, t.year, t.first_structure_departement, t.first_structure_id),
                        (p.analysis, p.outcome, t.year, t.first_structure_departement), (p.analysis, p.outcome, t.year))
);

-- The bootstrap. Poisson(1) weights by inverse CDF of a uniform from the hash.
CREATE OR REPLACE TEMP TABLE eval_boot_weight AS
WITH persons AS (
    SELECT DISTINCT u.person_sk, u.stable_key FROM eval_unit u
), replicates AS (
    SELECT CAST(unnest(range(1, CAST(eval_setting('bootstrap_replicates') AS BIGINT) + 1)) AS INTEGER) AS b
), uniform AS (
    SELECT p.person_sk, r.b, (hash(eval_setting('seed'), 'bootstrap', r.b, p.stable_key) % 1000000007) / 1000000007.0 AS u
    FROM persons p, replicates r
)
SELECT person_sk, b,
       CASE WHEN u < 0.36787944 THEN 0 WHEN u < 0.73575888 THEN 1 WHEN u < 0.91969860 THEN 2 WHEN u < 0.98101184 THEN 3
            WHEN u < 0.99634015 THEN 4 WHEN u < 0.99940582 THEN 5 WHEN u < 0.99991676 THEN 6 ELSE 7 END AS w
FROM uniform;
-- Each treated person's paired contrast, weighed by their own Poisson weight in a replicate: it carries their
-- sampling and, through their comparison's mean, the comparison's once.
CREATE OR REPLACE TEMP TABLE eval_boot_treated AS
SELECT w.b, t.analysis, t.outcome, t.year, t.first_structure_id, t.first_structure_departement, w.w,
       t.change - t.c_change AS contrast, t.placebo_change - t.c_placebo_change AS placebo_contrast
FROM eval_treated_outcome t
JOIN eval_boot_weight w ON w.person_sk = t.treated_sk
WHERE t.estimated AND w.w > 0;
-- The comparisons' reuse: a comparison person j taken with weights a_ij by several people of a cell enters the
-- estimate K_j = sum_i a_ij times, and the paired contrasts hold only sum_i a_ij^2 of its variance. The rest,
-- (K_j^2 - sum_i a_ij^2) times its residual variance (Abadie and Imbens' variance of matching with replacement),
-- is added by perturbing g_j = sqrt(K_j^2 - sum_i a_ij^2) x e_j with the person's Poisson weight, e_j the
-- weighted mean of its change minus the means of the other comparison units of the people it is matched with.
CREATE OR REPLACE TEMP TABLE eval_boot_reuse AS
SELECT *, eval_cell(level, structure_id, departement, year) AS cell FROM (
WITH pairs AS (
    SELECT p.analysis, p.outcome, t.year, t.first_structure_id, t.first_structure_departement, p.comparison_sk, p.weight,
           -- against the comparison mean without the unit itself (c_change holds it with weight a_ij): (Δ_j - c_i) / (1 - a_ij),
           -- a unit that is the whole comparison of a person (a_ij = 1) says nothing of its residual there
           (p.change - t.c_change) / (1 - p.weight) AS residual,
           (p.placebo_change - t.c_placebo_change) / (1 - p.weight) AS placebo_residual
    FROM eval_pair_outcome p
    JOIN eval_treated_outcome t USING (analysis, outcome, treated_sk)
    WHERE p.estimated AND p.weight < 1
), per_person AS (
    SELECT analysis, outcome, eval_level(grouping(first_structure_id), grouping(first_structure_departement)) AS level,
           first_structure_id AS structure_id, first_structure_departement AS departement, year, comparison_sk,
           sum(weight) AS k, sum(weight * weight) AS k2, sum(weight * residual) / sum(weight) AS e,
           sum(weight) FILTER (WHERE placebo_residual IS NOT NULL) AS placebo_k,
           sum(weight * weight) FILTER (WHERE placebo_residual IS NOT NULL) AS placebo_k2,
           sum(weight * placebo_residual) / sum(weight) FILTER (WHERE placebo_residual IS NOT NULL) AS placebo_e
    FROM pairs
    GROUP BY GROUPING SETS ((analysis, outcome, year, first_structure_departement, first_structure_id, comparison_sk),
                            (analysis, outcome, year, first_structure_departement, comparison_sk), (analysis, outcome, year, comparison_sk))
)
SELECT analysis, outcome, level, structure_id, departement, year, comparison_sk,
       sqrt(greatest(k * k - k2, 0)) * e AS g,
       coalesce(sqrt(greatest(placebo_k * placebo_k - placebo_k2, 0)) * placebo_e, 0) AS placebo_g
FROM per_person
);
CREATE OR REPLACE TEMP TABLE eval_cell_se AS
SELECT *, eval_cell(level, structure_id, departement, year) AS cell FROM (
WITH replicate AS (
    SELECT b, analysis, outcome, eval_level(grouping(first_structure_id), grouping(first_structure_departement)) AS level,
           first_structure_id AS structure_id, first_structure_departement AS departement, year,
           sum(w * contrast) / sum(w) AS did,
           sum(w * placebo_contrast) / nullif(sum(w) FILTER (WHERE placebo_contrast IS NOT NULL), 0) AS placebo
    FROM eval_boot_treated
    GROUP BY GROUPING SETS ((b, analysis, outcome, year, first_structure_departement, first_structure_id),
                            (b, analysis, outcome, year, first_structure_departement), (b, analysis, outcome, year))
), reuse AS (
    SELECT r.analysis, r.outcome, r.cell, w.b, sum((w.w - 1) * r.g) AS g, sum((w.w - 1) * r.placebo_g) AS placebo_g
    FROM eval_boot_reuse r JOIN eval_boot_weight w ON w.person_sk = r.comparison_sk
    GROUP BY ALL
), sizes AS (
    SELECT analysis, outcome, cell, n, placebo_n FROM eval_cell_point
)
SELECT r.analysis, r.outcome, r.level, r.structure_id, r.departement, r.year,
       stddev_samp(r.did - coalesce(u.g, 0) / z.n) AS did_se,
       stddev_samp(r.placebo - coalesce(u.placebo_g, 0) / nullif(z.placebo_n, 0)) AS placebo_se,
       count(*) AS replicates
FROM (SELECT *, eval_cell(level, structure_id, departement, year) AS cell FROM replicate) r
JOIN sizes z USING (analysis, outcome, cell)
LEFT JOIN reuse u USING (analysis, outcome, cell, b)
GROUP BY ALL
);

-- Balance of the covariates, per analysis and cell: people with peer support (matched) against their weighted
-- comparison (after) and against the naive pool (before: patients of the same hospital with no contact yet, at the
-- same date, whatever their state). SMD = (mean peer support - mean comparison) / sqrt((var1 + var2) / 2).
CREATE OR REPLACE TEMP MACRO eval_covariates(u) AS [
    {'covariate': 'female', 'x': CASE WHEN u.sex = 'F' THEN 1.0 WHEN u.sex = 'M' THEN 0.0 END},
    {'covariate': 'age_at_index', 'x': u.age_at_index::DOUBLE},
    {'covariate': 'prior_full_time_days', 'x': u.days_before::DOUBLE},
    {'covariate': 'prior_involuntary', 'x': u.involuntary_before::INTEGER::DOUBLE},
    {'covariate': 'prior_discharges', 'x': u.discharges_before::DOUBLE},
    {'covariate': 'full_time_days_24_to_12_months_before', 'x': u.days_placebo::DOUBLE}];
CREATE OR REPLACE TEMP TABLE eval_balance_row AS
WITH treated AS (
    SELECT t.analysis, t.person_sk AS treated_sk, t.index_year AS year, t.first_structure_id, t.first_structure_departement,
           t.is_matched, unnest(eval_covariates(u), max_depth := 2)
    FROM evaluation_cohort t JOIN eval_unit u ON u.person_sk = t.person_sk AND u.index_on = t.index_on
    WHERE t.exclusion IS NULL
), matched AS (
    SELECT m.analysis, m.treated_sk, m.weight, unnest(eval_covariates(u), max_depth := 2)
    FROM eval_match m JOIN eval_unit u USING (unit_id)
), naive AS (
    SELECT n.analysis, n.treated_sk, 1.0 / count(*) OVER (PARTITION BY n.analysis, n.treated_sk) AS weight,
           unnest(eval_covariates(u), max_depth := 2)
    FROM eval_naive n JOIN eval_unit u ON u.person_sk = n.person_sk AND u.index_on = n.index_on
)
SELECT t.analysis, t.year, t.first_structure_id, t.first_structure_departement, t.covariate, 'peer_support' AS arm, 1.0 AS weight, t.x
FROM treated t WHERE t.is_matched
UNION ALL
SELECT t.analysis, t.year, t.first_structure_id, t.first_structure_departement, t.covariate, 'peer_support_all', 1.0, t.x
FROM treated t
UNION ALL
SELECT t.analysis, t.year, t.first_structure_id, t.first_structure_departement, t.covariate, 'comparison', m.weight, m.x
FROM treated t JOIN matched m ON m.analysis = t.analysis AND m.treated_sk = t.treated_sk AND m.covariate = t.covariate
UNION ALL
SELECT t.analysis, t.year, t.first_structure_id, t.first_structure_departement, t.covariate, 'naive', n.weight, n.x
FROM treated t JOIN naive n ON n.analysis = t.analysis AND n.treated_sk = t.treated_sk AND n.covariate = t.covariate;
CREATE OR REPLACE TEMP TABLE eval_balance AS
SELECT *, eval_cell(level, structure_id, departement, year) AS cell FROM (
WITH arms AS (
    SELECT analysis, covariate, arm, eval_level(grouping(first_structure_id), grouping(first_structure_departement)) AS level,
           first_structure_id AS structure_id, first_structure_departement AS departement, year,
           sum(weight * x) FILTER (WHERE x IS NOT NULL) / sum(weight) FILTER (WHERE x IS NOT NULL) AS mean,
           sum(weight) FILTER (WHERE x IS NOT NULL) AS w, sum(weight * x * x) FILTER (WHERE x IS NOT NULL) AS wxx
    FROM eval_balance_row
    GROUP BY GROUPING SETS ((analysis, covariate, arm, year, first_structure_departement, first_structure_id),
                            (analysis, covariate, arm, year, first_structure_departement), (analysis, covariate, arm, year))
), moments AS (
    SELECT *, greatest(wxx / w - mean * mean, 0) AS var, eval_cell(level, structure_id, departement, year) AS cell FROM arms
)
SELECT t.analysis, t.covariate, t.level, t.structure_id, t.departement, t.year,
       t.mean AS peer_support_mean, c.mean AS comparison_mean, a.mean AS peer_support_all_mean, n.mean AS naive_mean,
       (t.mean - c.mean) / nullif(sqrt((t.var + c.var) / 2), 0) AS smd_after,
       (a.mean - n.mean) / nullif(sqrt((a.var + n.var) / 2), 0) AS smd_before
FROM moments t
LEFT JOIN moments c ON c.arm = 'comparison' AND c.analysis = t.analysis AND c.covariate = t.covariate AND c.cell = t.cell
LEFT JOIN moments a ON a.arm = 'peer_support_all' AND a.analysis = t.analysis AND a.covariate = t.covariate AND a.cell = t.cell
LEFT JOIN moments n ON n.arm = 'naive' AND n.analysis = t.analysis AND n.covariate = t.covariate AND n.cell = t.cell
WHERE t.arm = 'peer_support'
);

-- The flow of people with peer support per analysis and cell: known to a hospital, excluded by reason, analysed,
-- matched. A cell with nobody analysed still has its flow (its estimate is withheld).
CREATE OR REPLACE TEMP TABLE eval_cell_flow AS
SELECT *, eval_cell(level, structure_id, departement, year) AS cell FROM (
SELECT analysis, eval_level(grouping(first_structure_id), grouping(first_structure_departement)) AS level,
       first_structure_id AS structure_id,
       CASE WHEN grouping(first_structure_id) = 0 THEN min(first_structure_name) END AS structure_name,
       first_structure_departement AS departement, index_year AS year,
       count(*) AS n_known,
       count(*) FILTER (WHERE exclusion = 'washout') AS n_washout,
       count(*) FILTER (WHERE exclusion = 'before_coverage') AS n_before_coverage,
       count(*) FILTER (WHERE exclusion = 'follow_up_coverage') AS n_follow_up_coverage,
       count(*) FILTER (WHERE exclusion IS NULL) AS n_analysed,
       count(*) FILTER (WHERE exclusion IS NULL AND NOT is_matched) AS n_no_comparison,
       count(*) FILTER (WHERE is_matched) AS n_matched
FROM evaluation_cohort
GROUP BY GROUPING SETS ((analysis, index_year, first_structure_departement, first_structure_id),
                        (analysis, index_year, first_structure_departement), (analysis, index_year))
);

-- Every estimate with its diagnostics; withheld reasons as a bit set (1 balance, 2 too few matched, 4 placebo
-- failed, 8 coverage). A withheld estimate keeps no effect figure: DiD, interval and the comparison's means are NULL.
CREATE OR REPLACE TEMP TABLE cohort_did AS
WITH outcomes AS (
    SELECT DISTINCT analysis, outcome, estimated FROM eval_outcome
), cells AS (
    SELECT f.*, o.outcome, o.estimated FROM eval_cell_flow f JOIN outcomes o USING (analysis)
), balance AS (
    SELECT b.analysis, b.cell,
           max(abs(b.smd_after)) AS max_abs_smd_after,
           bool_or(abs(b.smd_after) > eval_setting('sdm_threshold')
                   + eval_setting('sdm_z') * sqrt(1.0 / nullif(f.n_matched, 0) + 1.0 / nullif(c.m, 0))) AS imbalanced
    FROM eval_balance b
    JOIN eval_cell_flow f USING (analysis, cell)
    LEFT JOIN (SELECT analysis, cell, max(m) AS m FROM eval_cell_comparison GROUP BY ALL) c USING (analysis, cell)
    GROUP BY ALL
), joined AS (
    SELECT c.*, coalesce(p.n, 0) AS n, coalesce(k.m, 0) AS m, p.t_before, p.t_after, p.t_change, p.c_before, p.c_after, p.c_change,
           p.did, s.did_se, p.placebo, p.placebo_n, s.placebo_se, b.max_abs_smd_after, coalesce(b.imbalanced, false) AS imbalanced
    FROM cells c
    LEFT JOIN eval_cell_point p USING (analysis, outcome, cell)
    LEFT JOIN eval_cell_comparison k USING (analysis, outcome, cell)
    LEFT JOIN eval_cell_se s USING (analysis, outcome, cell)
    LEFT JOIN balance b USING (analysis, cell)
), flagged AS (
    SELECT *,
           n_matched / nullif(n_analysed, 0) AS share_matched,
           n_analysed / nullif(n_known - n_washout, 0) AS share_covered,
           placebo_n >= eval_setting('min_matched') AND placebo_se > 0 AS placebo_available,
           (CASE WHEN imbalanced THEN 1 ELSE 0 END)
           + (CASE WHEN n_matched < eval_setting('min_matched') OR n_matched < eval_setting('min_share_matched') * n_analysed
                   OR did_se IS NULL OR did_se = 0 THEN 2 ELSE 0 END)
           + (CASE WHEN placebo_n >= eval_setting('min_matched') AND placebo_se > 0
                        AND abs(placebo) > eval_setting('z') * placebo_se THEN 4 ELSE 0 END)
           + (CASE WHEN n_analysed < eval_setting('min_share_covered') * (n_known - n_washout) THEN 8 ELSE 0 END) AS withheld
    FROM joined
), by_cell AS (
    -- an outcome without an estimate of its own (discharges, readmission counts) follows its analysis's estimate
    SELECT * REPLACE (CASE WHEN estimated THEN withheld
                           ELSE max(withheld) FILTER (WHERE estimated) OVER (PARTITION BY analysis, cell)
                      END AS withheld)
    FROM flagged
)
SELECT analysis, outcome, estimated, cell, level, structure_id, structure_name, departement, year,
       n, m, t_before, t_after, t_change,
       CASE WHEN withheld = 0 THEN c_before END AS c_before,
       CASE WHEN withheld = 0 THEN c_after END AS c_after,
       CASE WHEN withheld = 0 THEN c_change END AS c_change,
       CASE WHEN withheld = 0 THEN did END AS did,
       CASE WHEN withheld = 0 THEN did_se END AS did_se,
       eval_setting('mde_z') * did_se AS did_mde,
       -- with the cell's n_people (the matched) published, the share matched gives the unmatched count away: none when
       -- it is 1-10 people (the secrecy threshold of ind_cell_masked)
       CASE WHEN n_analysed - n_matched BETWEEN 1 AND 10 THEN NULL ELSE share_matched END AS share_matched,
       share_covered, n_known, n_analysed, n_matched,
       CASE WHEN placebo_available THEN placebo END AS placebo,
       CASE WHEN placebo_available THEN placebo_se END AS placebo_se,
       max_abs_smd_after, withheld
FROM by_cell;
