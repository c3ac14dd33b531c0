-- Structure dimension: the reference list of structures, plus an 'unknown' member for every
-- structure id seen in the facts but absent from the reference, so that no fact row is dropped.
CREATE OR REPLACE TABLE dim_structure AS
WITH reference AS (
    SELECT structure_id, name, category, departement, commune, CAST(opened_on AS DATE) AS opened_on, true AS in_reference
    FROM read_csv('${config}/reference/structures.csv', header = true,
                  columns = {'structure_id': 'VARCHAR', 'name': 'VARCHAR', 'category': 'VARCHAR',
                             'departement': 'VARCHAR', 'commune': 'VARCHAR', 'opened_on': 'VARCHAR'})
), seen AS (
    SELECT DISTINCT structure_id FROM stg_peer_contacts
), unknown AS (
    SELECT s.structure_id, 'unknown structure ' || s.structure_id AS name, 'unknown' AS category,
           CASE WHEN regexp_matches(s.structure_id, '^(\d{2}|2[AB])\d{7}$') THEN substr(s.structure_id, 1, 2) END AS departement,
           NULL::VARCHAR AS commune, NULL::DATE AS opened_on, false AS in_reference
    FROM seen s ANTI JOIN reference r USING (structure_id)
)
SELECT row_number() OVER (ORDER BY structure_id) AS structure_sk, *
FROM (SELECT * FROM reference UNION ALL SELECT * FROM unknown);
COMMENT ON TABLE dim_structure IS 'Structures (hospitals, GEM, associations...): reference list plus unknown members for ids seen only in facts';
COMMENT ON COLUMN dim_structure.structure_sk IS 'Surrogate key';
COMMENT ON COLUMN dim_structure.structure_id IS 'FINESS (9 characters) or observatory code OBS-...';
COMMENT ON COLUMN dim_structure.name IS 'Structure name';
COMMENT ON COLUMN dim_structure.category IS 'CH, CHS, GEM, CMP, HDJ, SAMSAH, SAVS, CLSM, association, university, funder, or unknown';
COMMENT ON COLUMN dim_structure.departement IS 'COG département code of the structure, text';
COMMENT ON COLUMN dim_structure.commune IS 'COG commune code, text';
COMMENT ON COLUMN dim_structure.opened_on IS 'Opening date';
COMMENT ON COLUMN dim_structure.in_reference IS 'false for structures seen in facts but missing from config/reference/structures.csv';
