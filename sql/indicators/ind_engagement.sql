-- Indicator 5, engagement: contacts per person, retention at 3, 6 and 12 months (a contact that long
-- after the first, among people followed that long), and reach per 100,000 inhabitants (département
-- and region levels). Population: people with a first peer contact, by structure, département and
-- year of that first contact.
CREATE OR REPLACE TEMP TABLE grouped_engagement AS
SELECT CASE WHEN grouping(first_structure_id) = 0 THEN 'structure' WHEN grouping(first_structure_departement) = 0
            THEN 'departement' ELSE 'region' END                AS level,
       first_structure_id AS structure_id, first_structure_name AS structure_name, first_structure_departement AS departement,
       first_contact_year AS year, '' AS breakdown,
       count(*)::DOUBLE                                                    AS n_people,
       sum(contacts)::DOUBLE                                               AS n_contacts,
       avg(contacts)::DOUBLE                                               AS contacts_per_person,
       count(*) FILTER (WHERE has_3m_follow_up)::DOUBLE                    AS n_followed_3m,
       count(*) FILTER (WHERE has_3m_follow_up AND retained_3m)::DOUBLE    AS n_retained_3m,
       count(*) FILTER (WHERE has_6m_follow_up)::DOUBLE                    AS n_followed_6m,
       count(*) FILTER (WHERE has_6m_follow_up AND retained_6m)::DOUBLE    AS n_retained_6m,
       count(*) FILTER (WHERE has_12m_follow_up)::DOUBLE                   AS n_followed_12m,
       count(*) FILTER (WHERE has_12m_follow_up AND retained_12m)::DOUBLE  AS n_retained_12m
FROM person_evaluation
GROUP BY GROUPING SETS ((first_contact_year, first_structure_departement, first_structure_id, first_structure_name),
                        (first_contact_year, first_structure_departement), (first_contact_year));
INSERT INTO ind_cell SELECT * FROM cells_of('engagement', 'grouped_engagement');
CREATE OR REPLACE VIEW ind_engagement AS
WITH pivoted AS (
    SELECT level, structure_id, structure_name, departement, year,
           max(value) FILTER (WHERE measure = 'n_people')            AS people_reached,
           max(value) FILTER (WHERE measure = 'n_contacts')          AS contacts,
           max(value) FILTER (WHERE measure = 'contacts_per_person') AS contacts_per_person,
           max(value) FILTER (WHERE measure = 'n_retained_3m') / max(value) FILTER (WHERE measure = 'n_followed_3m')   AS retention_3m,
           max(value) FILTER (WHERE measure = 'n_retained_6m') / max(value) FILTER (WHERE measure = 'n_followed_6m')   AS retention_6m,
           max(value) FILTER (WHERE measure = 'n_retained_12m') / max(value) FILTER (WHERE measure = 'n_followed_12m') AS retention_12m,
           bool_or(is_masked)                                        AS is_masked
    FROM ind_cell_masked WHERE indicator = 'engagement'
    GROUP BY level, structure_id, structure_name, departement, year
)
SELECT p.level, p.structure_id, p.structure_name, p.departement, p.year, p.people_reached, p.contacts,
       round(p.contacts_per_person, 2) AS contacts_per_person,
       round(p.retention_3m, 4) AS retention_3m, round(p.retention_6m, 4) AS retention_6m, round(p.retention_12m, 4) AS retention_12m,
       CASE WHEN p.level = 'departement' THEN round(100000.0 * p.people_reached / t.population, 1)
            WHEN p.level = 'region' THEN round(100000.0 * p.people_reached / (SELECT sum(population) FROM dim_territory), 1)
       END AS reach_per_100k,
       p.is_masked
FROM pivoted p
LEFT JOIN dim_territory t ON t.departement = p.departement;
COMMENT ON VIEW ind_engagement IS 'Contacts per person, retention at 3/6/12 months and reach per 100,000 inhabitants; people with peer support by structure, département and year of first contact; counts 1-10 masked';
