-- Structure dimension, type 2 history: a structure renamed or re-categorised between two snapshots
-- gets a new version; facts keep pointing at the version in force on their date. The first version
-- is valid from the beginning of time (facts older than the first snapshot use it). Structures seen
-- in facts but described by no source get an 'unknown' member, so that no fact row is dropped.
CREATE OR REPLACE TABLE dim_structure AS
WITH snapshots AS (
    SELECT structure_id, name, category, departement, commune, opened_on, closed_on, snapshot_on, partner_id,
           md5(concat_ws('|', name, category, departement, commune, opened_on, closed_on)) AS attributes
    FROM stg_structures
    QUALIFY row_number() OVER (PARTITION BY structure_id, snapshot_on ORDER BY partner_id, source_line) = 1
), changes AS (
    SELECT *, attributes IS DISTINCT FROM lag(attributes) OVER (PARTITION BY structure_id ORDER BY snapshot_on) AS changed
    FROM snapshots
), versions AS (
    SELECT structure_id, name, category, departement, commune, opened_on, closed_on, partner_id AS source_partner,
           snapshot_on AS described_from
    FROM changes WHERE changed
), dated AS (
    SELECT *,
           row_number() OVER (PARTITION BY structure_id ORDER BY described_from) AS version,
           lead(described_from) OVER (PARTITION BY structure_id ORDER BY described_from) AS next_from
    FROM versions
), seen AS (
    SELECT structure_id FROM stg_peer_contacts UNION SELECT finess FROM stg_hospital_stays
    UNION SELECT structure_id FROM stg_outcome_assessments UNION SELECT structure_id FROM stg_rights_events
    UNION SELECT structure_id FROM stg_peer_workers UNION SELECT structure_id FROM stg_funding
), unknown AS (
    SELECT s.structure_id, 'unknown structure ' || s.structure_id AS name, 'unknown' AS category,
           CASE WHEN regexp_matches(s.structure_id, '^(\d{2}|2[AB])\d{7}$') THEN substr(s.structure_id, 1, 2) END AS departement,
           NULL::VARCHAR AS commune, NULL::DATE AS opened_on, NULL::DATE AS closed_on, NULL::VARCHAR AS source_partner,
           NULL::DATE AS described_from, 1 AS version, NULL::DATE AS next_from
    FROM seen s ANTI JOIN versions v USING (structure_id)
)
SELECT row_number() OVER (ORDER BY structure_id, version) AS structure_sk,
       structure_id, version, name, category, departement, commune, opened_on, closed_on, source_partner,
       CASE WHEN version = 1 THEN DATE '1900-01-01' ELSE described_from END AS valid_from,
       coalesce(next_from - 1, DATE '9999-12-31') AS valid_to,
       next_from IS NULL AS is_current,
       source_partner IS NOT NULL AS is_described
FROM (SELECT * FROM dated UNION ALL SELECT * FROM unknown);
COMMENT ON TABLE dim_structure IS 'Structures with type 2 history (one row per version); unknown members for ids no source describes';
COMMENT ON COLUMN dim_structure.structure_sk IS 'Surrogate key of the version';
COMMENT ON COLUMN dim_structure.structure_id IS 'FINESS (9 characters) or observatory code OBS-...';
COMMENT ON COLUMN dim_structure.version IS 'Version number, 1 for the first description';
COMMENT ON COLUMN dim_structure.name IS 'Structure name in this version';
COMMENT ON COLUMN dim_structure.category IS 'CH, CHS, GEM, CMP, HDJ, SAMSAH, SAVS, CLSM, association, university, funder, other, or unknown';
COMMENT ON COLUMN dim_structure.departement IS 'COG département code of the structure, text';
COMMENT ON COLUMN dim_structure.commune IS 'COG commune code, text';
COMMENT ON COLUMN dim_structure.opened_on IS 'Opening date';
COMMENT ON COLUMN dim_structure.closed_on IS 'Closing date';
COMMENT ON COLUMN dim_structure.source_partner IS 'Source of this description (finess, observatoire)';
COMMENT ON COLUMN dim_structure.valid_from IS 'First day this version is in force';
COMMENT ON COLUMN dim_structure.valid_to IS 'Last day this version is in force (9999-12-31 for the current one)';
COMMENT ON COLUMN dim_structure.is_current IS 'Whether this is the current version';
COMMENT ON COLUMN dim_structure.is_described IS 'false for structures seen in facts but described by no source';
