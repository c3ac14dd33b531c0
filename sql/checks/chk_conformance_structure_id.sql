-- family: conformance
-- severity: blocking
-- threshold: 0
-- description: structure ids are FINESS (9 characters, 2A/2B for Corsica) or observatory codes; COG codes are text with their leading zeros
SELECT structure_id, departement, commune
FROM dim_structure
WHERE NOT regexp_matches(structure_id, '^((\d{2}|2[AB])\d{7}|OBS-[A-Z0-9-]+)$')
   OR (departement IS NOT NULL AND NOT regexp_matches(departement, '^(\d{2}|2[AB]|97\d)$'))
   OR (commune IS NOT NULL AND NOT regexp_matches(commune, '^(\d{2}|2[AB])\d{3}$'))
