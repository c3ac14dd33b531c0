-- severity: warning
-- threshold: 0
-- description: facts point at structures missing from config/reference/structures.csv
SELECT s.structure_id, count(*) AS contacts
FROM fct_peer_contact f
JOIN dim_structure s USING (structure_sk)
WHERE NOT s.in_reference
GROUP BY s.structure_id
