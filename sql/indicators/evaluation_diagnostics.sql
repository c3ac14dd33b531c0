-- The diagnostics of the hospital evaluation (sql/warehouse/evaluation_did.sql) as indicator cells, region level,
-- per evaluated indicator (the breakdown) and year of time zero, so that statistical secrecy protects them as
-- every other cell and the open release carries them as tables of the same names.
-- evaluation_flow: people with a first peer contact known to a RIM-P hospital, excluded by reason, analysed, and
-- those of them without a comparison. The matched people and their comparison patients are the n_people of the
-- indicator's own region rows, read from there: a count published twice would tie the flow to the indicator cells
-- (and their groups to each other) in the open release's protection.
CREATE OR REPLACE TEMP TABLE grouped_evaluation_flow AS
WITH indicators AS (
    SELECT * FROM (VALUES ('hospitalisation', 'hospital', 'hospitalisation'), ('involuntary_care', 'hospital', 'involuntary_care'),
                          ('readmission', 'readmission', 'readmission')) AS t(indicator, analysis, outcome)
)
SELECT d.level, d.structure_id, d.structure_name, d.departement, d.year, i.indicator AS breakdown,
       d.n_known::DOUBLE AS n_known_to_hospital,
       t.n_washout::DOUBLE AS n_excluded_washout,
       t.n_before_coverage::DOUBLE AS n_excluded_before_coverage,
       t.n_follow_up_coverage::DOUBLE AS n_excluded_follow_up_coverage,
       d.n_analysed::DOUBLE AS n_analysed,
       t.n_no_comparison::DOUBLE AS n_excluded_no_comparison,
       d.share_matched, d.share_covered
FROM cohort_did d
JOIN indicators i USING (analysis, outcome)
JOIN eval_cell_flow t USING (analysis, cell)
WHERE d.level = 'region';
INSERT INTO ind_cell SELECT * FROM cells_of('evaluation_flow', 'grouped_evaluation_flow');
CREATE OR REPLACE VIEW evaluation_flow AS
WITH flow AS (
    SELECT breakdown AS indicator, year,
           max(value) FILTER (WHERE measure = 'n_known_to_hospital')           AS eligible,
           max(value) FILTER (WHERE measure = 'n_excluded_washout')            AS excluded_washout,
           max(value) FILTER (WHERE measure = 'n_excluded_before_coverage')    AS excluded_before_coverage,
           max(value) FILTER (WHERE measure = 'n_excluded_follow_up_coverage') AS excluded_follow_up_coverage,
           max(value) FILTER (WHERE measure = 'n_analysed')                    AS treated,
           max(value) FILTER (WHERE measure = 'n_excluded_no_comparison')      AS excluded_no_comparison,
           round(max(value) FILTER (WHERE measure = 'share_matched'), 4)       AS share_matched,
           round(max(value) FILTER (WHERE measure = 'share_covered'), 4)       AS share_covered,
           bool_or(is_masked)                                                  AS is_masked,
           max(mask_reason)                                                    AS mask_reason
    FROM ind_cell_masked WHERE indicator = 'evaluation_flow'
    GROUP BY breakdown, year
), cohorts AS (
    SELECT indicator, year,
           max(value) FILTER (WHERE breakdown = 'peer_support') AS matched,
           max(value) FILTER (WHERE breakdown = 'comparison')   AS comparison_people
    FROM ind_cell_masked
    WHERE indicator IN ('hospitalisation', 'involuntary_care', 'readmission') AND level = 'region' AND measure = 'n_people'
    GROUP BY indicator, year
)
SELECT f.indicator, f.year, f.eligible, f.excluded_washout, f.excluded_before_coverage, f.excluded_follow_up_coverage,
       f.treated, f.excluded_no_comparison, c.matched, c.comparison_people, f.share_matched, f.share_covered,
       f.is_masked, f.mask_reason
FROM flow f LEFT JOIN cohorts c USING (indicator, year);
COMMENT ON VIEW evaluation_flow IS 'Flow of the hospital evaluation per indicator and year of first contact, region: people with a first peer contact known to a RIM-P hospital (eligible), excluded by reason (wash-out of the contact feeds, before-window or follow-up outside RIM-P coverage), analysed (treated), without a comparison, matched and their comparison patients (the n_people of the indicator''s region rows, masked with them); a year with a count of 1-10 masked whole';

-- cohort_balance: each covariate's mean among the matched people with peer support, their weighted comparison
-- (after matching) and the naive pool (before: the same hospitals' patients with no contact yet, at the same
-- dates), with the standardized mean differences. Its cells carry no count of people (the two cohorts' sizes are
-- the indicator's n_people, and evaluation_flow's): a mean of a cohort of 1 to 10 people (the secrecy threshold of
-- ind_cell_masked) is not published at all, so the cells never need a mask of their own.
CREATE OR REPLACE TEMP TABLE grouped_cohort_balance AS
WITH indicators AS (
    SELECT * FROM (VALUES ('hospitalisation', 'hospital', 'hospitalisation'), ('involuntary_care', 'hospital', 'involuntary_care'),
                          ('readmission', 'readmission', 'readmission')) AS t(indicator, analysis, outcome)
)
SELECT b.level, b.structure_id, NULL::VARCHAR AS structure_name, b.departement, b.year, i.indicator || ':' || b.covariate AS breakdown,
       b.peer_support_mean, b.comparison_mean, b.naive_mean, b.smd_before, b.smd_after
FROM eval_balance b
JOIN indicators i USING (analysis)
JOIN cohort_did d ON d.analysis = b.analysis AND d.outcome = i.outcome AND d.cell = b.cell
WHERE b.level = 'region' AND d.n_matched > 10 AND d.m > 10;
INSERT INTO ind_cell SELECT * FROM cells_of('cohort_balance', 'grouped_cohort_balance');
CREATE OR REPLACE VIEW cohort_balance AS
SELECT split_part(breakdown, ':', 1) AS indicator, year, split_part(breakdown, ':', 2) AS covariate,
       round(max(value) FILTER (WHERE measure = 'peer_support_mean'), 4) AS peer_support_mean,
       round(max(value) FILTER (WHERE measure = 'comparison_mean'), 4)   AS comparison_mean,
       round(max(value) FILTER (WHERE measure = 'naive_mean'), 4)        AS naive_comparison_mean,
       round(max(value) FILTER (WHERE measure = 'smd_before'), 4)        AS smd_before,
       round(max(value) FILTER (WHERE measure = 'smd_after'), 4)         AS smd_after,
       bool_or(is_masked)                                                AS is_masked,
       max(mask_reason)                                                  AS mask_reason
FROM ind_cell_masked WHERE indicator = 'cohort_balance'
GROUP BY breakdown, year;
COMMENT ON VIEW cohort_balance IS 'Balance of the hospital evaluation per indicator, year of first contact and covariate, region: means of the matched people with peer support, of their weighted comparison (after matching) and of the naive pool (before: the same hospitals'' patients with no contact yet at the same dates), standardized mean differences before and after (|SMD| above 0.1 beyond chance withholds the estimate); no row for a cohort of 1-10 people';
