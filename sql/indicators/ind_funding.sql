-- Indicator 9, funding: amounts by funder type, share of lasting funding (multi-year CPOM or permanent
-- endowment) against annual calls, and euros per FTE by funder type: the funder's grants for positions to
-- the structures with paid positions in that year's workforce survey, over the FTE of the paid positions the
-- survey says that funder funds (fct_position.funder_type, read from the position's funding source).
-- The beneficiary of a grant is the legal structure while the survey names the employing one (a hospital's
-- CMP): within a cell the funder's grants and its FTE are summed apart, so a CMP's positions funded through
-- its hospital's grant count at the département and the region, and the euros per FTE of a structure alone
-- may be high for the hospital and missing for its CMP. Grants to structures without paid positions in the
-- survey stay in amount_eur but out of euros per FTE (dividing them by the FTE of other structures would
-- inflate it); volunteers are not paid FTE. Population: grant lines by beneficiary structure, département, year and funder
-- type. Grants count no person.
CREATE OR REPLACE TEMP TABLE grouped_funding AS
WITH grants AS (
    SELECT g.*, s.structure_id, s.name AS structure_name, s.departement, f.funder_type
    FROM fct_funding g
    LEFT JOIN dim_structure s USING (structure_sk)
    LEFT JOIN dim_funder f USING (funder_sk)
), surveyed AS (
    SELECT DISTINCT s.structure_id, p.survey_year AS year
    FROM fct_position p JOIN dim_structure s USING (structure_sk)
    WHERE p.is_paid
), joined AS (
    SELECT g.*, v.structure_id IS NOT NULL AS is_surveyed
    FROM grants g LEFT JOIN surveyed v USING (structure_id, year)
), funded_fte AS (
    -- paid FTE of the positions the survey says each funder type funds
    SELECT p.funder_type, p.survey_year AS year, s.departement, s.structure_id, s.name AS structure_name, sum(p.fte) AS fte
    FROM fct_position p JOIN dim_structure s USING (structure_sk)
    WHERE p.is_paid AND p.funder_type IS NOT NULL
    GROUP BY ALL
), fte_cells AS (
    SELECT funder_type, year, departement, structure_id, structure_name,
           grouping(structure_id) AS g_structure, grouping(departement) AS g_departement, sum(fte) AS fte_funded
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
           sum(amount_eur) FILTER (WHERE purpose = 'positions' AND is_surveyed)::DOUBLE AS amount_positions_surveyed_eur
    FROM joined
    GROUP BY GROUPING SETS ((funder_type, year, departement, structure_id, structure_name), (funder_type, year, departement),
                            (funder_type, year))
)
SELECT a.level, a.structure_id, a.structure_name, a.departement, a.year, a.funder_type AS breakdown,
       a.grants, a.amount_eur, a.amount_lasting_eur, a.amount_positions_eur, a.amount_positions_surveyed_eur,
       -- only beside grants it divides: a funder's FTE where it funds no position would be one more protected value
       -- tied to the workforce, for nothing published
       CASE WHEN a.amount_positions_surveyed_eur > 0 THEN f.fte_funded END::DOUBLE AS fte_funded
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
       round(coalesce(amount_lasting_eur, 0) / nullif(amount_eur, 0), 4) AS share_lasting,
       round(fte_funded, 2) AS fte_funded,
       round(amount_positions_surveyed_eur / nullif(fte_funded, 0), 0) AS euros_per_fte,
       is_masked, mask_reason
FROM pivoted;
COMMENT ON VIEW ind_funding IS 'Grant amounts by funder type, share multi-year or permanent vs annual calls, euros per FTE: the funder type''s grants for positions to surveyed structures over the paid FTE the survey says it funds; by structure, département and year';
