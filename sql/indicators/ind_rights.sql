-- Indicator 7, access to rights: share of people with a right obtained within 12 months of their
-- first peer contact. Population: people accompanied in at least one access-to-rights procedure, with
-- 12 months of follow-up; by structure, département and year of the first contact.
CREATE OR REPLACE TEMP TABLE grouped_rights AS
SELECT CASE WHEN grouping(first_structure_id) = 0 THEN 'structure' WHEN grouping(first_structure_departement) = 0
            THEN 'departement' ELSE 'region' END                AS level,
       first_structure_id AS structure_id, first_structure_name AS structure_name, first_structure_departement AS departement,
       first_contact_year AS year, '' AS breakdown,
       count(*)::DOUBLE                                     AS n_people,
       count(*) FILTER (WHERE right_obtained_12m)::DOUBLE   AS n_right_obtained,
       avg(right_obtained_12m::INTEGER)::DOUBLE             AS share_obtained
FROM person_evaluation
WHERE in_rights_procedure AND has_12m_follow_up
GROUP BY GROUPING SETS ((first_contact_year, first_structure_departement, first_structure_id, first_structure_name),
                        (first_contact_year, first_structure_departement), (first_contact_year));
INSERT INTO ind_cell SELECT * FROM cells_of('rights', 'grouped_rights');
CREATE OR REPLACE VIEW ind_rights AS
SELECT level, structure_id, structure_name, departement, year,
       max(value) FILTER (WHERE measure = 'n_people')              AS people,
       max(value) FILTER (WHERE measure = 'n_right_obtained')      AS people_with_right_obtained,
       round(max(value) FILTER (WHERE measure = 'share_obtained'), 4) AS share_right_obtained_12m,
       bool_or(is_masked)                                          AS is_masked
FROM ind_cell_masked WHERE indicator = 'rights'
GROUP BY level, structure_id, structure_name, departement, year;
COMMENT ON VIEW ind_rights IS 'Share of people with a right obtained within 12 months of entry; people in an access-to-rights procedure with 12 months of follow-up; counts 1-10 masked';
