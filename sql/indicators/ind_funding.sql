-- Indicator 9, funding: amounts by funder type, share of lasting funding (multi-year CPOM or permanent
-- endowment) against annual calls, and euros per FTE: grants for positions to the structures whose FTE
-- the workforce survey gives that year, over that FTE, each structure's FTE counted once in a cell
-- however many grant lines it has. Grants to structures not surveyed stay in amount_eur but out of
-- euros per FTE (dividing them by the FTE of other structures would inflate it). Population: grant lines
-- by beneficiary structure, département, year and funder type. Grants count no person.
CREATE OR REPLACE TEMP TABLE grouped_funding AS
WITH grants AS (
    SELECT g.*, s.structure_id, s.name AS structure_name, s.departement, f.funder_type
    FROM fct_funding g
    LEFT JOIN dim_structure s USING (structure_sk)
    LEFT JOIN dim_funder f USING (funder_sk)
), fte AS (
    SELECT s.structure_id, p.survey_year AS year, sum(p.fte) AS fte
    FROM fct_position p LEFT JOIN dim_structure s USING (structure_sk)
    GROUP BY ALL
), joined AS (
    SELECT g.*, f.fte AS surveyed_fte
    FROM grants g LEFT JOIN fte f USING (structure_id, year)
), funded_fte AS (
    -- one row per funder type, year and surveyed structure with a grant for positions: FTE once
    SELECT DISTINCT funder_type, year, departement, structure_id, structure_name, surveyed_fte
    FROM joined WHERE purpose = 'positions' AND surveyed_fte > 0
), fte_cells AS (
    SELECT funder_type, year, departement, structure_id, structure_name,
           grouping(structure_id) AS g_structure, grouping(departement) AS g_departement, sum(surveyed_fte) AS fte_funded
    FROM funded_fte
    GROUP BY GROUPING SETS ((funder_type, year, departement, structure_id, structure_name), (funder_type, year, departement),
                            (funder_type, year))
), amount_cells AS (
    SELECT CASE WHEN grouping(structure_id) = 0 THEN 'structure' WHEN grouping(departement) = 0 THEN 'departement' ELSE 'region' END AS level,
           structure_id, structure_name, departement, year, funder_type,
           grouping(structure_id) AS g_structure, grouping(departement) AS g_departement,
           count(*)::DOUBLE                                              AS grants,
           sum(amount_eur)::DOUBLE                                       AS amount_eur,
           sum(amount_eur) FILTER (WHERE is_lasting)::DOUBLE             AS amount_lasting_eur,
           sum(amount_eur) FILTER (WHERE purpose = 'positions')::DOUBLE  AS amount_positions_eur,
           sum(amount_eur) FILTER (WHERE purpose = 'positions' AND surveyed_fte > 0)::DOUBLE AS amount_positions_surveyed_eur
    FROM joined
    GROUP BY GROUPING SETS ((funder_type, year, departement, structure_id, structure_name), (funder_type, year, departement),
                            (funder_type, year))
)
SELECT a.level, a.structure_id, a.structure_name, a.departement, a.year, a.funder_type AS breakdown,
       a.grants, a.amount_eur, a.amount_lasting_eur, a.amount_positions_eur, a.amount_positions_surveyed_eur,
       f.fte_funded::DOUBLE AS fte_funded
FROM amount_cells a
LEFT JOIN fte_cells f
  ON f.funder_type IS NOT DISTINCT FROM a.funder_type AND f.year IS NOT DISTINCT FROM a.year
 AND f.g_structure = a.g_structure AND f.g_departement = a.g_departement
 AND f.departement IS NOT DISTINCT FROM a.departement AND f.structure_id IS NOT DISTINCT FROM a.structure_id;
INSERT INTO ind_cell SELECT * FROM cells_of('funding', 'grouped_funding');
CREATE OR REPLACE VIEW ind_funding AS
WITH pivoted AS (
    SELECT level, structure_id, structure_name, departement, year, breakdown AS funder_type,
           max(value) FILTER (WHERE measure = 'grants')               AS grants,
           max(value) FILTER (WHERE measure = 'amount_eur')           AS amount_eur,
           max(value) FILTER (WHERE measure = 'amount_lasting_eur')   AS amount_lasting_eur,
           max(value) FILTER (WHERE measure = 'amount_positions_eur') AS amount_positions_eur,
           max(value) FILTER (WHERE measure = 'amount_positions_surveyed_eur') AS amount_positions_surveyed_eur,
           max(value) FILTER (WHERE measure = 'fte_funded')           AS fte_funded,
           bool_or(is_masked)                                         AS is_masked,
           max(mask_reason) AS mask_reason
    FROM ind_cell_masked WHERE indicator = 'funding'
    GROUP BY level, structure_id, structure_name, departement, year, breakdown
)
SELECT level, structure_id, structure_name, departement, year, funder_type, grants, round(amount_eur, 2) AS amount_eur,
       round(coalesce(amount_lasting_eur, 0) / amount_eur, 4) AS share_lasting,
       round(fte_funded, 2) AS fte_funded,
       round(amount_positions_surveyed_eur / nullif(fte_funded, 0), 0) AS euros_per_fte,
       is_masked, mask_reason
FROM pivoted;
COMMENT ON VIEW ind_funding IS 'Grant amounts by funder type, share multi-year or permanent vs annual calls, euros per FTE over the structures with surveyed FTE only; by structure, département and year';
