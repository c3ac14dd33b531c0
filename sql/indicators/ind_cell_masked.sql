-- Statistical secrecy for every indicator, as used for French health data:
-- 1. primary suppression: a cell (all measures of one indicator, level, structure, département, year
--    and breakdown) in which any count of people is between 1 and 10 is masked: every value NULL;
-- 2. secondary suppression: among the structures of a département (and the départements of the
--    region), a single masked cell would be recomputable from the total, so the next smallest cell is
--    masked too; a total whose only child is masked is masked as well.
CREATE OR REPLACE VIEW ind_cell_masked AS
WITH cells AS (
    SELECT indicator, level, structure_id, coalesce(departement, '') AS departement, year, coalesce(breakdown, '') AS breakdown,
           bool_or(kind = 'count' AND value BETWEEN 1 AND 10)                        AS primary_masked,
           coalesce(min(value) FILTER (WHERE kind = 'count' AND value > 0), 0)       AS smallest
    FROM ind_cell
    GROUP BY ALL
), structures AS (
    SELECT *,
           count(*) FILTER (WHERE primary_masked) OVER (PARTITION BY indicator, departement, year, breakdown) AS masked_siblings,
           row_number() OVER (PARTITION BY indicator, departement, year, breakdown
                              ORDER BY primary_masked DESC, smallest, structure_id)                        AS rank_in_parent
    FROM cells WHERE level = 'structure'
), structures_final AS (
    SELECT *, primary_masked OR (masked_siblings = 1 AND rank_in_parent = 2) AS masked FROM structures
), departement_children AS (
    SELECT indicator, departement, year, breakdown, count(*) FILTER (WHERE masked) AS masked_children, count(*) AS children
    FROM structures_final GROUP BY ALL
), departements AS (
    SELECT c.*, c.primary_masked OR coalesce(d.masked_children = 1 AND d.children = 1, false) AS masked_with_children
    FROM cells c LEFT JOIN departement_children d USING (indicator, departement, year, breakdown)
    WHERE c.level = 'departement'
), departements_ranked AS (
    SELECT *,
           count(*) FILTER (WHERE masked_with_children) OVER (PARTITION BY indicator, year, breakdown) AS masked_siblings,
           row_number() OVER (PARTITION BY indicator, year, breakdown
                              ORDER BY masked_with_children DESC, smallest, departement)                 AS rank_in_parent
    FROM departements
), departements_final AS (
    SELECT *, masked_with_children OR (masked_siblings = 1 AND rank_in_parent = 2) AS masked FROM departements_ranked
), region_children AS (
    SELECT indicator, year, breakdown, count(*) FILTER (WHERE masked) AS masked_children, count(*) AS children
    FROM departements_final GROUP BY ALL
), regions AS (
    SELECT c.*, c.primary_masked OR coalesce(r.masked_children = 1 AND r.children = 1, false) AS masked
    FROM cells c LEFT JOIN region_children r USING (indicator, year, breakdown)
    WHERE c.level = 'region'
), flags AS (
    SELECT indicator, level, structure_id, departement, year, breakdown, masked, primary_masked FROM structures_final
    UNION ALL SELECT indicator, level, structure_id, departement, year, breakdown, masked, primary_masked FROM departements_final
    UNION ALL SELECT indicator, level, structure_id, departement, year, breakdown, masked, primary_masked FROM regions
)
SELECT i.indicator, i.level, i.structure_id, i.structure_name, i.departement, i.year, i.breakdown, i.measure, i.kind,
       CASE WHEN f.masked THEN NULL ELSE i.value END AS value,
       f.masked AS is_masked,
       CASE WHEN f.masked THEN CASE WHEN f.primary_masked THEN 'primary' ELSE 'secondary' END END AS mask_reason
FROM ind_cell i
JOIN flags f
  ON f.indicator = i.indicator AND f.level = i.level AND f.structure_id IS NOT DISTINCT FROM i.structure_id
 AND f.departement = coalesce(i.departement, '') AND f.year IS NOT DISTINCT FROM i.year AND f.breakdown = coalesce(i.breakdown, '');
COMMENT ON VIEW ind_cell_masked IS 'Indicator cells after primary (counts 1-10) and secondary suppression';
