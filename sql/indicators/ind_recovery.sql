-- Indicator 4, autonomy and recovery: per instrument and horizon (6 months and 12 months, separately),
-- courses with a baseline expected at the horizon (n_baseline: a person's course at one partner, its
-- follow-up from that partner only), courses assessed at it (n_followed: the difference is attrition),
-- raw mean scores, mean change signed so that positive means better (ISMI-10 reversed), and the share
-- improved by at least the instrument's meaningful change.
-- Attrition: the completers' mean change (mean_change_completers, also mean_change) beside an
-- inverse-probability-weighted one (mean_change_weighted: each followed course weighs the inverse of the
-- follow-up rate of its class of baseline-score band, partner and age band, person_instrument_change) and
-- worst/best-case bounds (the lost courses at the instrument's worst and best score).
-- No comparison: outcome questionnaires come only from peer-support partners, so this is a
-- before/after among people with peer support, open to regression to the mean; the weights correct
-- attrition only as far as the classes explain it (people who leave are often those who do worse).
-- Structure and year: those of the baseline assessment.
CREATE OR REPLACE TEMP TABLE grouped_recovery AS
SELECT CASE WHEN grouping(c.structure_id) = 0 THEN 'structure' WHEN grouping(c.departement) = 0 THEN 'departement' ELSE 'region' END AS level,
       c.structure_id, s.name AS structure_name, c.departement, c.baseline_year AS year, c.instrument || '|' || c.horizon AS breakdown,
       count(*)::DOUBLE                                              AS n_baseline,
       count(*) FILTER (WHERE c.is_followed)::DOUBLE                 AS n_followed,
       avg(c.baseline_score) FILTER (WHERE c.is_followed)::DOUBLE    AS mean_baseline,
       avg(c.follow_up_score)::DOUBLE                                AS mean_follow_up,
       avg(c.raw_change)::DOUBLE                                     AS mean_raw_change,
       avg(c.change)::DOUBLE                                         AS mean_change,
       (sum(c.follow_up_weight * c.change) / sum(c.follow_up_weight))::DOUBLE AS mean_change_weighted,
       avg(c.change_low)::DOUBLE                                     AS mean_change_bound_low,
       avg(c.change_high)::DOUBLE                                    AS mean_change_bound_high,
       count(*) FILTER (WHERE c.improved)::DOUBLE                    AS n_improved,
       avg(c.improved::INTEGER)::DOUBLE                              AS share_improved
FROM person_instrument_change c
LEFT JOIN dim_structure s ON s.structure_id = c.structure_id AND s.is_current
GROUP BY GROUPING SETS ((c.instrument, c.horizon, c.baseline_year, c.departement, c.structure_id, s.name),
                        (c.instrument, c.horizon, c.baseline_year, c.departement), (c.instrument, c.horizon, c.baseline_year));
INSERT INTO ind_cell SELECT * FROM cells_of('recovery', 'grouped_recovery');
CREATE OR REPLACE VIEW ind_recovery AS
SELECT level, structure_id, structure_name, departement, year,
       split_part(breakdown, '|', 1)                                AS instrument,
       split_part(breakdown, '|', 2)                                AS horizon,
       max(value) FILTER (WHERE measure = 'n_baseline')             AS n_baseline,
       max(value) FILTER (WHERE measure = 'n_followed')             AS n_followed,
       max(value) FILTER (WHERE measure = 'n_followed')             AS people,
       round(max(value) FILTER (WHERE measure = 'mean_baseline'), 2)  AS mean_baseline,
       round(max(value) FILTER (WHERE measure = 'mean_follow_up'), 2) AS mean_follow_up,
       round(max(value) FILTER (WHERE measure = 'mean_raw_change'), 2) AS mean_raw_change,
       round(max(value) FILTER (WHERE measure = 'mean_change'), 2)    AS mean_change,
       round(max(value) FILTER (WHERE measure = 'mean_change'), 2)    AS mean_change_completers,
       round(max(value) FILTER (WHERE measure = 'mean_change_weighted'), 2)   AS mean_change_weighted,
       round(max(value) FILTER (WHERE measure = 'mean_change_bound_low'), 2)  AS mean_change_bound_low,
       round(max(value) FILTER (WHERE measure = 'mean_change_bound_high'), 2) AS mean_change_bound_high,
       round(max(value) FILTER (WHERE measure = 'n_followed') / nullif(max(value) FILTER (WHERE measure = 'n_baseline'), 0), 4) AS follow_up_rate,
       max(value) FILTER (WHERE measure = 'n_improved')             AS people_improved,
       round(max(value) FILTER (WHERE measure = 'share_improved'), 4) AS share_improved,
       bool_or(is_masked)                                           AS is_masked,
           max(mask_reason) AS mask_reason
FROM ind_cell_masked WHERE indicator = 'recovery'
GROUP BY level, structure_id, structure_name, departement, year, breakdown;
COMMENT ON VIEW ind_recovery IS 'Per instrument and horizon (6m, 12m): courses expected and followed within one partner (attrition, follow-up rate), raw mean scores, mean change signed so that positive is better among completers, weighted for attrition and bounded (worst/best case), share improved by the meaningful change; no comparison group (questionnaires come only from peer-support partners); by structure, département and baseline year; counts 1-10 masked';
