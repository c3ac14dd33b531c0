-- Indicator 2, involuntary care: share of people with at least one involuntary sequence (legal mode
-- other than 1, outside family placement) in the 12 months before and the 12 months after the first
-- peer contact. Population and window: as ind_hospitalisation.
CREATE OR REPLACE TEMP TABLE grouped_involuntary_care AS
SELECT CASE WHEN grouping(first_structure_id) = 0 THEN 'structure' WHEN grouping(first_structure_departement) = 0
            THEN 'departement' ELSE 'region' END                AS level,
       first_structure_id AS structure_id, first_structure_name AS structure_name, first_structure_departement AS departement,
       first_contact_year AS year, '' AS breakdown,
       count(*)::DOUBLE                                         AS n_people,
       count(*) FILTER (WHERE involuntary_before)::DOUBLE       AS n_involuntary_before,
       count(*) FILTER (WHERE involuntary_after)::DOUBLE        AS n_involuntary_after,
       avg(involuntary_before::INTEGER)::DOUBLE                 AS share_before,
       avg(involuntary_after::INTEGER)::DOUBLE                  AS share_after
FROM person_evaluation
WHERE has_12m_follow_up AND known_to_hospital
GROUP BY GROUPING SETS ((first_contact_year, first_structure_departement, first_structure_id, first_structure_name),
                        (first_contact_year, first_structure_departement), (first_contact_year));
INSERT INTO ind_cell SELECT * FROM cells_of('involuntary_care', 'grouped_involuntary_care');
CREATE OR REPLACE VIEW ind_involuntary_care AS
SELECT level, structure_id, structure_name, departement, year,
       max(value) FILTER (WHERE measure = 'n_people')              AS people,
       max(value) FILTER (WHERE measure = 'n_involuntary_before')  AS people_involuntary_before,
       max(value) FILTER (WHERE measure = 'n_involuntary_after')   AS people_involuntary_after,
       round(max(value) FILTER (WHERE measure = 'share_before'), 4) AS share_involuntary_before,
       round(max(value) FILTER (WHERE measure = 'share_after'), 4)  AS share_involuntary_after,
       bool_or(is_masked)                                          AS is_masked
FROM ind_cell_masked WHERE indicator = 'involuntary_care'
GROUP BY level, structure_id, structure_name, departement, year;
COMMENT ON VIEW ind_involuntary_care IS 'Share of people with an involuntary sequence 12 months before vs after the first peer contact; same population as ind_hospitalisation; counts 1-10 masked';
