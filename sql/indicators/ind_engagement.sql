-- Indicator 5, engagement. Two territories:
-- * territory 'structure' (structure, its département, region): people active in the year (at least
--   one peer contact in it at a structure of the cell), people new in the year (first peer contact ever
--   in the year, at the cell's structure), contacts in the year and contacts per active person, and
--   retention of the people new in the year at 3, 6 and 12 months (a contact that long after the first,
--   among people whose contact feeds cover that long);
-- * territory 'residence' (département of residence of the people, 'unknown' when no record gives it,
--   and the region): people active and new in the year, and reach per 100,000 inhabitants of the
--   département (region: people living in the region over its population; none for 'unknown' or a
--   département outside the region).
-- No comparison: contacts exist only for people with peer support.
CREATE OR REPLACE TEMP TABLE grouped_engagement AS
WITH contacts AS (
    SELECT c.person_sk, year(c.contact_on) AS year, s.structure_id, s.name AS structure_name, s.departement,
           coalesce(p.residence_dept, 'unknown') AS residence
    FROM fct_peer_contact c
    JOIN dim_person p USING (person_sk)
    LEFT JOIN dim_structure s ON s.structure_sk = c.structure_sk
), new_people AS (
    SELECT e.*, coalesce(p.residence_dept, 'unknown') AS residence
    FROM person_evaluation e JOIN dim_person p USING (person_sk)
), active_by_structure AS (
    SELECT CASE WHEN grouping(structure_id) = 0 THEN 'structure' WHEN grouping(departement) = 0 THEN 'departement' ELSE 'region' END AS level,
           structure_id, structure_name, departement, year,
           count(DISTINCT person_sk)::DOUBLE AS n_people_active,
           count(*)::DOUBLE                  AS n_contacts
    FROM contacts
    GROUP BY GROUPING SETS ((year, departement, structure_id, structure_name), (year, departement), (year))
), new_by_structure AS (
    SELECT CASE WHEN grouping(first_structure_id) = 0 THEN 'structure' WHEN grouping(first_structure_departement) = 0
                THEN 'departement' ELSE 'region' END                AS level,
           first_structure_id AS structure_id, first_structure_name AS structure_name, first_structure_departement AS departement,
           first_contact_year AS year,
           count(*)::DOUBLE                                                    AS n_people_new,
           count(*) FILTER (WHERE has_3m_follow_up)::DOUBLE                    AS n_followed_3m,
           count(*) FILTER (WHERE has_3m_follow_up AND retained_3m)::DOUBLE    AS n_retained_3m,
           count(*) FILTER (WHERE has_6m_follow_up)::DOUBLE                    AS n_followed_6m,
           count(*) FILTER (WHERE has_6m_follow_up AND retained_6m)::DOUBLE    AS n_retained_6m,
           count(*) FILTER (WHERE has_12m_follow_up)::DOUBLE                   AS n_followed_12m,
           count(*) FILTER (WHERE has_12m_follow_up AND retained_12m)::DOUBLE  AS n_retained_12m
    FROM new_people
    GROUP BY GROUPING SETS ((first_contact_year, first_structure_departement, first_structure_id, first_structure_name),
                            (first_contact_year, first_structure_departement), (first_contact_year))
), active_by_residence AS (
    SELECT CASE WHEN grouping(residence) = 0 THEN 'departement' ELSE 'region' END AS level, residence AS departement, year,
           count(DISTINCT person_sk)::DOUBLE AS n_people_active,
           count(DISTINCT person_sk) FILTER (WHERE residence IN (SELECT departement FROM dim_territory))::DOUBLE AS residents_active
    FROM contacts
    GROUP BY GROUPING SETS ((year, residence), (year))
), new_by_residence AS (
    SELECT CASE WHEN grouping(residence) = 0 THEN 'departement' ELSE 'region' END AS level, residence AS departement,
           first_contact_year AS year, count(*)::DOUBLE AS n_people_new
    FROM new_people
    GROUP BY GROUPING SETS ((first_contact_year, residence), (first_contact_year))
)
SELECT a.level, a.structure_id, a.structure_name, a.departement, a.year, 'structure' AS breakdown,
       a.n_people_active, coalesce(n.n_people_new, 0) AS n_people_new, a.n_contacts, a.n_contacts / a.n_people_active AS contacts_per_person,
       n.n_followed_3m, n.n_retained_3m, n.n_followed_6m, n.n_retained_6m, n.n_followed_12m, n.n_retained_12m,
       NULL::DOUBLE AS reach_per_100k
FROM active_by_structure a
-- keys are NULL above the structure level: matched with IS NOT DISTINCT FROM, not USING
LEFT JOIN new_by_structure n ON n.level = a.level AND n.structure_id IS NOT DISTINCT FROM a.structure_id
     AND n.departement IS NOT DISTINCT FROM a.departement AND n.year = a.year
UNION ALL BY NAME
SELECT a.level, NULL AS structure_id, NULL AS structure_name, a.departement, a.year, 'residence' AS breakdown,
       a.n_people_active, coalesce(n.n_people_new, 0) AS n_people_new,
       CASE WHEN a.level = 'region' THEN 100000.0 * a.residents_active / (SELECT sum(population) FROM dim_territory)
            ELSE 100000.0 * a.n_people_active / t.population END AS reach_per_100k
FROM active_by_residence a
LEFT JOIN new_by_residence n ON n.level = a.level AND n.departement IS NOT DISTINCT FROM a.departement AND n.year = a.year
LEFT JOIN dim_territory t ON a.level = 'departement' AND t.departement = a.departement;
INSERT INTO ind_cell SELECT * FROM cells_of('engagement', 'grouped_engagement');
CREATE OR REPLACE VIEW ind_engagement AS
WITH pivoted AS (
    SELECT level, structure_id, structure_name, departement, year, breakdown AS territory,
           max(value) FILTER (WHERE measure = 'n_people_active')     AS people_active,
           max(value) FILTER (WHERE measure = 'n_people_new')        AS people_new,
           max(value) FILTER (WHERE measure = 'n_contacts')          AS contacts,
           max(value) FILTER (WHERE measure = 'contacts_per_person') AS contacts_per_person,
           max(value) FILTER (WHERE measure = 'n_retained_3m') / nullif(max(value) FILTER (WHERE measure = 'n_followed_3m'), 0)   AS retention_3m,
           max(value) FILTER (WHERE measure = 'n_retained_6m') / nullif(max(value) FILTER (WHERE measure = 'n_followed_6m'), 0)   AS retention_6m,
           max(value) FILTER (WHERE measure = 'n_retained_12m') / nullif(max(value) FILTER (WHERE measure = 'n_followed_12m'), 0) AS retention_12m,
           max(value) FILTER (WHERE measure = 'reach_per_100k')      AS reach_per_100k,
           bool_or(is_masked)                                        AS is_masked,
           max(mask_reason) AS mask_reason
    FROM ind_cell_masked WHERE indicator = 'engagement'
    GROUP BY level, structure_id, structure_name, departement, year, breakdown
)
SELECT level, structure_id, structure_name, departement, year, territory, people_active, people_new,
       people_active AS people_reached, contacts,
       round(contacts_per_person, 2) AS contacts_per_person,
       round(retention_3m, 4) AS retention_3m, round(retention_6m, 4) AS retention_6m, round(retention_12m, 4) AS retention_12m,
       round(reach_per_100k, 1) AS reach_per_100k,
       is_masked, mask_reason
FROM pivoted;
COMMENT ON VIEW ind_engagement IS 'People active (a contact in the year) and new (first contact in the year), contacts per active person, retention of new people at 3/6/12 months, by structure, département and region (territory structure); people active and new and reach per 100,000 inhabitants by département of residence with an unknown-residence row (territory residence); no comparison group; counts 1-10 masked';
