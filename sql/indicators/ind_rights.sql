-- Indicator 7, access to rights: share of people with a right obtained from their first peer contact
-- to 12 months after it. Population: people with a step of an access-to-rights procedure within
-- those 12 months (a procedure starting later cannot end in them), and whose rights feed covers the 12 months (n_entered counts them all,
-- followed or not, so the reader sees who is missing); by structure, département and year of the first
-- contact. No comparison: rights events come only from peer-support partners, so the share cannot be
-- set against people without peer support.
CREATE OR REPLACE TEMP TABLE grouped_rights AS
SELECT CASE WHEN grouping(first_structure_id) = 0 THEN 'structure' WHEN grouping(first_structure_departement) = 0
            THEN 'departement' ELSE 'region' END                AS level,
       first_structure_id AS structure_id, first_structure_name AS structure_name, first_structure_departement AS departement,
       first_contact_year AS year, '' AS breakdown,
       count(*)::DOUBLE                                                                AS n_entered,
       count(*) FILTER (WHERE has_12m_rights_follow_up)::DOUBLE                        AS n_people,
       count(*) FILTER (WHERE has_12m_rights_follow_up AND right_obtained_12m)::DOUBLE AS n_right_obtained,
       avg(right_obtained_12m::INTEGER) FILTER (WHERE has_12m_rights_follow_up)::DOUBLE AS share_obtained
FROM person_evaluation
WHERE in_rights_procedure
GROUP BY GROUPING SETS ((first_contact_year, first_structure_departement, first_structure_id, first_structure_name),
                        (first_contact_year, first_structure_departement), (first_contact_year));
INSERT INTO ind_cell SELECT * FROM cells_of('rights', 'grouped_rights');
CREATE OR REPLACE VIEW ind_rights AS
SELECT level, structure_id, structure_name, departement, year,
       max(value) FILTER (WHERE measure = 'n_entered')             AS people_entered,
       max(value) FILTER (WHERE measure = 'n_people')              AS people,
       max(value) FILTER (WHERE measure = 'n_right_obtained')      AS people_with_right_obtained,
       round(max(value) FILTER (WHERE measure = 'share_obtained'), 4) AS share_right_obtained_12m,
       bool_or(is_masked)                                          AS is_masked,
           max(mask_reason) AS mask_reason
FROM ind_cell_masked WHERE indicator = 'rights'
GROUP BY level, structure_id, structure_name, departement, year;
COMMENT ON VIEW ind_rights IS 'Share of people with a right obtained from the first peer contact to 12 months after it; people with a rights procedure step within those 12 months and whose rights feed covers them (people_entered: all who entered); no comparison group (rights events come only from peer-support partners); counts 1-10 masked';
