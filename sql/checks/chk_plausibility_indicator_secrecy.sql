-- family: plausibility
-- severity: blocking
-- threshold: 0
-- description: no published count of people lies between 1 and 10 (statistical secrecy)
SELECT indicator, level, structure_id, departement, year, breakdown, measure, value
FROM ind_cell_masked
WHERE kind = 'count' AND value BETWEEN 1 AND 10
