-- Indicator 8, workforce: paid positions, their FTE, FTE per 100,000 inhabitants (département and region
-- levels), share on permanent contracts (CDI) and share trained (university diploma or MSP licence), and
-- apart the volunteer positions (role or contract 'volunteer', fct_position.is_paid): volunteers are not
-- staff, so neither their number nor their time enters positions, FTE or the shares.
-- Population: positions of the yearly workforce survey; by structure, département and survey year.
-- Positions are counts of workers and fall under the secrecy rule.
CREATE OR REPLACE TEMP TABLE grouped_workforce AS
WITH positions AS (
    SELECT p.*, s.structure_id, s.name AS structure_name, s.departement
    FROM fct_position p LEFT JOIN dim_structure s USING (structure_sk)
)
SELECT CASE WHEN grouping(structure_id) = 0 THEN 'structure' WHEN grouping(departement) = 0 THEN 'departement' ELSE 'region' END AS level,
       structure_id, structure_name, departement, survey_year AS year, '' AS breakdown,
       count(*) FILTER (WHERE is_paid)::DOUBLE                          AS n_positions,
       coalesce(sum(fte) FILTER (WHERE is_paid), 0)::DOUBLE             AS fte,
       count(*) FILTER (WHERE is_paid AND is_permanent)::DOUBLE         AS n_permanent,
       count(*) FILTER (WHERE is_paid AND is_trained)::DOUBLE           AS n_trained,
       count(*) FILTER (WHERE NOT is_paid)::DOUBLE                      AS n_volunteer_positions
FROM positions
GROUP BY GROUPING SETS ((survey_year, departement, structure_id, structure_name), (survey_year, departement), (survey_year));
INSERT INTO ind_cell SELECT * FROM cells_of('workforce', 'grouped_workforce');
CREATE OR REPLACE VIEW ind_workforce AS
WITH pivoted AS (
    SELECT level, structure_id, structure_name, departement, year,
           max(value) FILTER (WHERE measure = 'n_positions') AS positions,
           max(value) FILTER (WHERE measure = 'fte')         AS fte,
           max(value) FILTER (WHERE measure = 'n_permanent') AS permanent_positions,
           max(value) FILTER (WHERE measure = 'n_trained')   AS trained_positions,
           max(value) FILTER (WHERE measure = 'n_volunteer_positions') AS volunteer_positions,
           bool_or(is_masked)                                AS is_masked,
           max(mask_reason) AS mask_reason
    FROM ind_cell_masked WHERE indicator = 'workforce'
    GROUP BY level, structure_id, structure_name, departement, year
)
SELECT p.level, p.structure_id, p.structure_name, p.departement, p.year, p.positions, round(p.fte, 2) AS fte,
       CASE WHEN p.level = 'departement' THEN round(100000.0 * p.fte / t.population, 2)
            WHEN p.level = 'region' THEN round(100000.0 * p.fte / (SELECT sum(population) FROM dim_territory), 2) END AS fte_per_100k,
       round(p.permanent_positions / nullif(p.positions, 0), 4) AS share_permanent,
       round(p.trained_positions / nullif(p.positions, 0), 4)   AS share_trained,
       p.volunteer_positions,
       p.is_masked, p.mask_reason
FROM pivoted p LEFT JOIN dim_territory t ON t.departement = p.departement;
COMMENT ON VIEW ind_workforce IS 'Paid peer-support positions, their FTE, FTE per 100,000 inhabitants, share permanent and share trained, and volunteer positions apart (not staff, not in FTE); by structure, département and survey year; counts 1-10 masked';
