-- Indicator 6, satisfaction: mean CSQ-8 score and share satisfied (score at least the instrument's
-- satisfied_from, 24 of 32), and the response rate. Respondents: people with a CSQ-8 in range, their latest
-- one in the year; by structure, département and year of the questionnaire.
-- Due (the denominator): a partner administers the CSQ-8 at the timepoints (6m, 12m) its own CSQ-8 rows
-- carry, from its first CSQ-8 on; each person with a baseline at that partner (any instrument) is due a
-- CSQ-8 at baseline + the timepoint, when the partner's feed covers that date. A due questionnaire answered
-- counts in the year and at the structure of the answer (so every respondent is due in its own cell), one
-- never answered in the year it fell due, at the structure of the baseline; an answer no protocol date
-- explains (timepoint other, no baseline) is due where it was answered. People lost before the visit are
-- non-respondents: that is the selection the rate shows. Rows linkage leaves to nobody are left out.
-- No comparison: questionnaires come only from peer-support partners.
CREATE OR REPLACE TEMP TABLE grouped_satisfaction AS
WITH answers AS (
    SELECT a.person_sk, a.partner_id, a.timepoint, a.assessed_on, a.total_score, a.structure_sk
    FROM fct_outcome_assessment a
    WHERE a.instrument = 'CSQ-8' AND a.is_in_range AND a.person_sk IS NOT NULL
), latest AS (
    SELECT person_sk, year(assessed_on) AS year, arg_max(total_score, (assessed_on, total_score, structure_sk)) AS score,
           arg_max(structure_sk, (assessed_on, total_score, structure_sk)) AS structure_sk
    FROM answers
    GROUP BY ALL
), protocol AS (
    SELECT partner_id, timepoint, CASE timepoint WHEN '6m' THEN 6 WHEN '12m' THEN 12 END AS months,
           min(assessed_on) AS administered_from
    FROM answers WHERE timepoint IN ('6m', '12m') GROUP BY ALL
), baselines AS (
    SELECT person_sk, partner_id, min(assessed_on) AS baseline_on, arg_min(structure_sk, (assessed_on, structure_sk)) AS structure_sk
    FROM fct_outcome_assessment
    WHERE timepoint = 'baseline' AND person_sk IS NOT NULL AND partner_id IN (SELECT partner_id FROM protocol)
    GROUP BY ALL
), unanswered AS (
    SELECT b.person_sk, year(b.baseline_on + p.months * INTERVAL 1 MONTH) AS year, b.structure_sk
    FROM baselines b
    JOIN protocol p USING (partner_id)
    JOIN feed_coverage c ON c.dataset = 'outcome_assessments' AND c.partner_id = b.partner_id
    WHERE b.baseline_on + p.months * INTERVAL 1 MONTH BETWEEN p.administered_from AND c.coverage_end
      AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.person_sk = b.person_sk AND a.partner_id = b.partner_id
                      AND a.timepoint = p.timepoint)
), due AS (
    SELECT person_sk, year(assessed_on) AS year, structure_sk FROM answers
    UNION
    SELECT person_sk, year, structure_sk FROM unanswered
), cells AS (
    -- one row per person, year and structure due there, with the latest answer of the year where it was given
    SELECT d.*, l.score, l.score IS NOT NULL AS responded
    FROM due d LEFT JOIN latest l USING (person_sk, year, structure_sk)
), scored AS (
    SELECT c.*, s.structure_id, s.name AS structure_name, s.departement, c.score >= i.satisfied_from AS satisfied
    FROM cells c
    LEFT JOIN dim_structure s ON s.structure_sk = c.structure_sk
    JOIN dim_instrument i ON i.instrument = 'CSQ-8'
)
SELECT CASE WHEN grouping(structure_id) = 0 THEN 'structure' WHEN grouping(departement) = 0 THEN 'departement' ELSE 'region' END AS level,
       structure_id, structure_name, departement, year, '' AS breakdown,
       -- above the structure a person due at two structures counts once (a respondent at one of them)
       count(DISTINCT person_sk)::DOUBLE              AS n_due,
       count(*) FILTER (WHERE responded)::DOUBLE      AS n_respondents,
       avg(score)::DOUBLE                             AS mean_score,
       count(*) FILTER (WHERE satisfied)::DOUBLE      AS n_satisfied,
       avg(satisfied::INTEGER)::DOUBLE                AS share_satisfied
FROM scored
GROUP BY GROUPING SETS ((year, departement, structure_id, structure_name), (year, departement), (year));
INSERT INTO ind_cell SELECT * FROM cells_of('satisfaction', 'grouped_satisfaction');
CREATE OR REPLACE VIEW ind_satisfaction AS
SELECT level, structure_id, structure_name, departement, year,
       max(value) FILTER (WHERE measure = 'n_due')                   AS due,
       max(value) FILTER (WHERE measure = 'n_respondents')           AS respondents,
       round(max(value) FILTER (WHERE measure = 'n_respondents') / nullif(max(value) FILTER (WHERE measure = 'n_due'), 0), 4) AS response_rate,
       round(max(value) FILTER (WHERE measure = 'mean_score'), 2)      AS mean_csq8,
       max(value) FILTER (WHERE measure = 'n_satisfied')             AS satisfied,
       round(max(value) FILTER (WHERE measure = 'share_satisfied'), 4) AS share_satisfied,
       bool_or(is_masked)                                            AS is_masked,
           max(mask_reason) AS mask_reason
FROM ind_cell_masked WHERE indicator = 'satisfaction'
GROUP BY level, structure_id, structure_name, departement, year;
COMMENT ON VIEW ind_satisfaction IS 'People due a CSQ-8, respondents and response rate, mean CSQ-8 and share satisfied (CSQ-8 >= 24), by structure, département and year; due: a baseline at a partner that administers the CSQ-8 and its protocol date in the year (or an answer); no comparison group; counts 1-10 masked';
