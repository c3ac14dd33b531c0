-- Indicator 4, autonomy and recovery: per instrument, mean change from baseline to follow-up (12
-- months, else 6 months) and share of people improved by at least the instrument's meaningful change,
-- in its good direction (ISMI-10: lower is better). Population: people with a baseline and a
-- follow-up score in range. Structure and year: those of the baseline assessment.
CREATE OR REPLACE TEMP TABLE grouped_recovery AS
SELECT CASE WHEN grouping(c.structure_id) = 0 THEN 'structure' WHEN grouping(c.departement) = 0 THEN 'departement' ELSE 'region' END AS level,
       c.structure_id, s.name AS structure_name, c.departement, c.baseline_year AS year, c.instrument AS breakdown,
       count(*)::DOUBLE                               AS n_people,
       avg(c.baseline_score)::DOUBLE                  AS mean_baseline,
       avg(c.follow_up_score)::DOUBLE                 AS mean_follow_up,
       avg(c.change)::DOUBLE                          AS mean_change,
       count(*) FILTER (WHERE c.improved)::DOUBLE     AS n_improved,
       avg(c.improved::INTEGER)::DOUBLE               AS share_improved
FROM person_instrument_change c
LEFT JOIN dim_structure s ON s.structure_id = c.structure_id AND s.is_current
GROUP BY GROUPING SETS ((c.instrument, c.baseline_year, c.departement, c.structure_id, s.name), (c.instrument, c.baseline_year, c.departement),
                        (c.instrument, c.baseline_year));
INSERT INTO ind_cell SELECT * FROM cells_of('recovery', 'grouped_recovery');
CREATE OR REPLACE VIEW ind_recovery AS
SELECT level, structure_id, structure_name, departement, year, breakdown AS instrument,
       max(value) FILTER (WHERE measure = 'n_people')               AS people,
       round(max(value) FILTER (WHERE measure = 'mean_baseline'), 2)  AS mean_baseline,
       round(max(value) FILTER (WHERE measure = 'mean_follow_up'), 2) AS mean_follow_up,
       round(max(value) FILTER (WHERE measure = 'mean_change'), 2)    AS mean_change,
       max(value) FILTER (WHERE measure = 'n_improved')             AS people_improved,
       round(max(value) FILTER (WHERE measure = 'share_improved'), 4) AS share_improved,
       bool_or(is_masked)                                           AS is_masked
FROM ind_cell_masked WHERE indicator = 'recovery'
GROUP BY level, structure_id, structure_name, departement, year, breakdown;
COMMENT ON VIEW ind_recovery IS 'Per instrument: mean change baseline to follow-up and share improved by the meaningful change (direction-aware); by structure, département and baseline year; counts 1-10 masked';
