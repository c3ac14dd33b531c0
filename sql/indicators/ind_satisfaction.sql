-- Indicator 6, satisfaction: mean CSQ-8 score and share satisfied (score at least the instrument's
-- satisfied_from, 24 of 32). Population: people with a CSQ-8 in range, their latest one in the year;
-- by structure, département and year of the questionnaire. No comparison: questionnaires come only from
-- peer-support partners, and only from the people who answered (respondents are not all the people met).
CREATE OR REPLACE TEMP TABLE grouped_satisfaction AS
WITH latest AS (
    SELECT a.person_sk, year(a.assessed_on) AS year, arg_max(a.total_score, (a.assessed_on, a.total_score, a.structure_sk)) AS score,
           arg_max(a.structure_sk, (a.assessed_on, a.total_score, a.structure_sk)) AS structure_sk
    FROM fct_outcome_assessment a
    WHERE a.instrument = 'CSQ-8' AND a.is_in_range
    GROUP BY ALL
), scored AS (
    SELECT l.*, s.structure_id, s.name AS structure_name, s.departement, l.score >= i.satisfied_from AS satisfied
    FROM latest l
    LEFT JOIN dim_structure s ON s.structure_sk = l.structure_sk
    JOIN dim_instrument i ON i.instrument = 'CSQ-8'
)
SELECT CASE WHEN grouping(structure_id) = 0 THEN 'structure' WHEN grouping(departement) = 0 THEN 'departement' ELSE 'region' END AS level,
       structure_id, structure_name, departement, year, '' AS breakdown,
       count(*)::DOUBLE                               AS n_respondents,
       avg(score)::DOUBLE                             AS mean_score,
       count(*) FILTER (WHERE satisfied)::DOUBLE      AS n_satisfied,
       avg(satisfied::INTEGER)::DOUBLE                AS share_satisfied
FROM scored
GROUP BY GROUPING SETS ((year, departement, structure_id, structure_name), (year, departement), (year));
INSERT INTO ind_cell SELECT * FROM cells_of('satisfaction', 'grouped_satisfaction');
CREATE OR REPLACE VIEW ind_satisfaction AS
SELECT level, structure_id, structure_name, departement, year,
       max(value) FILTER (WHERE measure = 'n_respondents')           AS respondents,
       round(max(value) FILTER (WHERE measure = 'mean_score'), 2)      AS mean_csq8,
       max(value) FILTER (WHERE measure = 'n_satisfied')             AS satisfied,
       round(max(value) FILTER (WHERE measure = 'share_satisfied'), 4) AS share_satisfied,
       bool_or(is_masked)                                            AS is_masked,
           max(mask_reason) AS mask_reason
FROM ind_cell_masked WHERE indicator = 'satisfaction'
GROUP BY level, structure_id, structure_name, departement, year;
COMMENT ON VIEW ind_satisfaction IS 'Mean CSQ-8 and share satisfied (CSQ-8 >= 24), by structure, département and year; no comparison group (questionnaires come only from peer-support partners, answered by respondents only); counts 1-10 masked';
