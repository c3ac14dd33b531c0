-- Indicator 1, hospitalisation: mean full-time days present in the 12 months before and the 12 months
-- after a person's first peer contact.
-- Population: people with a first peer contact, at least 12 months of follow-up, known to a hospital
-- (at least one RIM-P sequence on record). Structure, département and year: those of the first contact.
-- Window: sequences starting in [first contact - 12 months, first contact) and [first contact, + 12 months).
CREATE OR REPLACE TEMP TABLE grouped_hospitalisation AS
SELECT CASE WHEN grouping(first_structure_id) = 0 THEN 'structure' WHEN grouping(first_structure_departement) = 0
            THEN 'departement' ELSE 'region' END                AS level,
       first_structure_id AS structure_id, first_structure_name AS structure_name, first_structure_departement AS departement,
       first_contact_year AS year, '' AS breakdown,
       count(*)::DOUBLE                                         AS n_people,
       avg(full_time_days_before)::DOUBLE                       AS mean_days_before,
       avg(full_time_days_after)::DOUBLE                        AS mean_days_after,
       avg(full_time_days_after - full_time_days_before)::DOUBLE AS mean_difference
FROM person_evaluation
WHERE has_12m_follow_up AND known_to_hospital
GROUP BY GROUPING SETS ((first_contact_year, first_structure_departement, first_structure_id, first_structure_name),
                        (first_contact_year, first_structure_departement), (first_contact_year));
INSERT INTO ind_cell SELECT * FROM cells_of('hospitalisation', 'grouped_hospitalisation');
CREATE OR REPLACE VIEW ind_hospitalisation AS
SELECT level, structure_id, structure_name, departement, year,
       max(value) FILTER (WHERE measure = 'n_people')          AS people,
       round(max(value) FILTER (WHERE measure = 'mean_days_before'), 2) AS mean_full_time_days_before,
       round(max(value) FILTER (WHERE measure = 'mean_days_after'), 2)  AS mean_full_time_days_after,
       round(max(value) FILTER (WHERE measure = 'mean_difference'), 2)  AS mean_difference,
       bool_or(is_masked)                                      AS is_masked
FROM ind_cell_masked WHERE indicator = 'hospitalisation'
GROUP BY level, structure_id, structure_name, departement, year;
COMMENT ON VIEW ind_hospitalisation IS 'Mean full-time days present 12 months before vs after the first peer contact; people with 12 months of follow-up known to a hospital; by structure, département and year of first contact; counts 1-10 masked';
