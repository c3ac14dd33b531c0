-- Indicator 5, engagement: people reached, contacts, contacts per person and minutes of peer support.
-- Population: people with at least one peer contact in the year, after cross-partner linkage.
-- Window: calendar year of the contact. Levels: one row per structure, and one per département (all
-- structures of the département; a person seen by two structures counts once).
-- Statistical secrecy: a cell whose count of people or of contacts is between 1 and 10 is masked
-- (counts and everything derived from them are NULL, is_masked = true). Secondary suppression: when a
-- (département, year) has exactly one masked structure, the next smallest structure is masked too, and
-- if no other structure can be, the département row is masked, so that no masked cell can be
-- recomputed from the département total.
CREATE OR REPLACE VIEW ind_engagement AS
WITH contacts AS (
    SELECT s.structure_id, s.name AS structure_name, s.departement, d.year, f.person_sk, f.minutes
    FROM fct_peer_contact f
    JOIN dim_structure s USING (structure_sk)
    JOIN dim_date d USING (date_key)
), cells AS (
    SELECT 'structure' AS level, structure_id, structure_name, departement, year,
           count(DISTINCT person_sk) AS people, count(*) AS contacts, sum(minutes) AS minutes
    FROM contacts
    GROUP BY ALL
), primary_masked AS (
    SELECT *, people BETWEEN 1 AND 10 OR contacts BETWEEN 1 AND 10 AS masked_primary
    FROM cells
), ranked AS (
    SELECT *,
           count(*) FILTER (WHERE masked_primary) OVER (PARTITION BY departement, year) AS masked_in_group,
           row_number() OVER (PARTITION BY departement, year ORDER BY masked_primary DESC, people, structure_id) AS rank_in_group,
           count(*) OVER (PARTITION BY departement, year) AS cells_in_group
    FROM primary_masked
), structure_rows AS (
    SELECT *,
           masked_primary OR (masked_in_group = 1 AND rank_in_group = 2) AS is_masked
    FROM ranked
), departement_cells AS (
    SELECT 'departement' AS level, NULL::VARCHAR AS structure_id, NULL::VARCHAR AS structure_name, departement, year,
           count(DISTINCT person_sk) AS people, count(*) AS contacts, sum(minutes) AS minutes
    FROM contacts
    GROUP BY departement, year
), departement_rows AS (
    SELECT c.*,
           c.people BETWEEN 1 AND 10 OR c.contacts BETWEEN 1 AND 10
           OR coalesce((SELECT count(*) FILTER (WHERE s.is_masked) = 1
                        FROM structure_rows s WHERE s.departement IS NOT DISTINCT FROM c.departement AND s.year = c.year), false)
           AS is_masked
    FROM departement_cells c
), all_rows AS (
    SELECT level, structure_id, structure_name, departement, year, people, contacts, minutes, is_masked FROM structure_rows
    UNION ALL
    SELECT level, structure_id, structure_name, departement, year, people, contacts, minutes, is_masked FROM departement_rows
)
SELECT level,
       structure_id,
       structure_name,
       departement,
       year,
       CASE WHEN is_masked THEN NULL ELSE people END                              AS people_reached,
       CASE WHEN is_masked THEN NULL ELSE contacts END                            AS contacts,
       CASE WHEN is_masked THEN NULL ELSE round(contacts / people, 2) END         AS contacts_per_person,
       CASE WHEN is_masked THEN NULL ELSE minutes END                             AS minutes,
       is_masked
FROM all_rows;
COMMENT ON VIEW ind_engagement IS 'Engagement by structure and département and year: people reached, contacts, contacts per person, minutes; counts 1-10 masked with secondary suppression';
