-- family: completeness
-- severity: warning
-- threshold: 0
-- description: structures referred to by facts are described by FINESS or the observatory registry
SELECT structure_id FROM dim_structure WHERE NOT is_described
