-- Peer-support positions per survey year.
-- A volunteer (role or contract 'volunteer') holds no paid position: staff and paid FTE count the others.
-- The survey's funding source is free text; funder_type reads it as a funder type of the reference
-- (ref_funder_type) or a funder of the grant lines (dim_funder), ignoring case and accents, by its code, its
-- label or its name, whole or as the first words ('Département de l''Isère' is a département): a source that
-- names none (several funders, say) has no funder type.
CREATE OR REPLACE TEMP MACRO funder_words(t) AS trim(regexp_replace(lower(strip_accents(t)), '[^a-z0-9]+', ' ', 'g'));
CREATE OR REPLACE TABLE fct_position AS
WITH names AS (
    SELECT funder_type, funder_words(funder_type) AS words FROM ref_funder_type
    UNION SELECT funder_type, funder_words(label) FROM ref_funder_type
    UNION SELECT funder_type, funder_words(funder) FROM dim_funder WHERE funder_type IN (SELECT funder_type FROM ref_funder_type)
), sources AS (
    SELECT DISTINCT funding_source, funder_words(funding_source) AS words FROM stg_peer_workers WHERE funding_source IS NOT NULL
), matches AS (
    SELECT s.funding_source, n.funder_type, length(n.words) AS matched, max(length(n.words)) OVER (PARTITION BY s.funding_source) AS best
    FROM sources s JOIN names n ON s.words = n.words OR starts_with(s.words, n.words || ' ')
), source_funder_type AS (
    -- the longest name that matches wins ('ARS FIR' before 'ARS'); a source matching two types as well has none
    SELECT funding_source, CASE WHEN count(DISTINCT funder_type) = 1 THEN min(funder_type) END AS funder_type
    FROM matches WHERE matched = best GROUP BY funding_source
)
SELECT w.position_id,
       pw.peer_worker_sk,
       s.structure_sk,
       w.survey_year,
       w.role,
       w.contract,
       w.fte,
       w.contract = 'CDI' AS is_permanent,
       coalesce(w.role, '') <> 'volunteer' AND coalesce(w.contract, '') <> 'volunteer' AS is_paid,
       w.training LIKE 'DU%' OR w.training = 'licence MSP' AS is_trained,
       w.training,
       w.funding_source,
       f.funder_type,
       w.partner_id,
       w.source_sha256,
       w.source_line
FROM stg_peer_workers w
LEFT JOIN dim_peer_worker pw USING (position_id)
LEFT JOIN source_funder_type f ON f.funding_source = w.funding_source
LEFT JOIN dim_structure s ON s.structure_id = w.structure_id AND make_date(w.survey_year, 12, 31) BETWEEN s.valid_from AND s.valid_to;
COMMENT ON TABLE fct_position IS 'Peer-support positions, grain: one position in one survey year';
COMMENT ON COLUMN fct_position.position_id IS 'Position id';
COMMENT ON COLUMN fct_position.peer_worker_sk IS 'Position (dim_peer_worker)';
COMMENT ON COLUMN fct_position.structure_sk IS 'Employing structure (dim_structure)';
COMMENT ON COLUMN fct_position.survey_year IS 'Year of the survey';
COMMENT ON COLUMN fct_position.role IS 'MSP, peer worker, family peer worker, volunteer';
COMMENT ON COLUMN fct_position.contract IS 'Contract';
COMMENT ON COLUMN fct_position.fte IS 'Full-time equivalent';
COMMENT ON COLUMN fct_position.is_permanent IS 'On a permanent contract (CDI)';
COMMENT ON COLUMN fct_position.is_paid IS 'A paid position: neither role nor contract is volunteer';
COMMENT ON COLUMN fct_position.is_trained IS 'Holds a university diploma or the MSP licence';
COMMENT ON COLUMN fct_position.training IS 'Training';
COMMENT ON COLUMN fct_position.funding_source IS 'Funding of the position, as the survey gives it';
COMMENT ON COLUMN fct_position.funder_type IS 'Funder type the funding source names (ref_funder_type), NULL when it names none or several';
COMMENT ON COLUMN fct_position.partner_id IS 'Lineage: partner';
COMMENT ON COLUMN fct_position.source_sha256 IS 'Lineage: landed file checksum';
COMMENT ON COLUMN fct_position.source_line IS 'Lineage: line in the file';
