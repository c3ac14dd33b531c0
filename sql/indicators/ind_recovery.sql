-- Indicator 4, autonomy and recovery: per instrument and horizon (6 months and 12 months, separately),
-- people with a baseline expected at the horizon (n_baseline), people assessed at it (n_followed: the
-- difference is attrition), raw mean scores, mean change signed so that positive means better (ISMI-10
-- reversed), and the share improved by at least the instrument's meaningful change.
-- No comparison: outcome questionnaires come only from peer-support partners, so this is a
-- before/after among people with peer support, open to regression to the mean and to attrition bias
-- (people who leave are often those who do worse): read n_followed against n_baseline.
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
       max(value) FILTER (WHERE measure = 'n_improved')             AS people_improved,
       round(max(value) FILTER (WHERE measure = 'share_improved'), 4) AS share_improved,
       bool_or(is_masked)                                           AS is_masked,
           max(mask_reason) AS mask_reason
FROM ind_cell_masked WHERE indicator = 'recovery'
GROUP BY level, structure_id, structure_name, departement, year, breakdown;
COMMENT ON VIEW ind_recovery IS 'Per instrument and horizon (6m, 12m): people expected and followed (attrition), raw mean scores, mean change signed so that positive is better, share improved by the meaningful change; no comparison group (questionnaires come only from peer-support partners); by structure, département and baseline year; counts 1-10 masked';
