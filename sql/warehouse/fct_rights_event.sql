-- Access-to-rights events, one row per step of a procedure.
CREATE OR REPLACE TABLE fct_rights_event AS
SELECT r.event_id,
       p.person_sk,
       s.structure_sk,
       CAST(year(r.event_on) * 10000 + month(r.event_on) * 100 + day(r.event_on) AS INTEGER) AS date_key,
       r.event_on,
       r.right_code,
       r.outcome,
       r.partner_id,
       r.source_sha256,
       r.source_line,
       r.period,
       r.job_execution_id
FROM stg_rights_events r
LEFT JOIN person_sk_of_key p ON p.source_key = r.person_key
LEFT JOIN dim_structure s ON s.structure_id = r.structure_id AND r.event_on BETWEEN s.valid_from AND s.valid_to;
COMMENT ON TABLE fct_rights_event IS 'Access-to-rights events, grain: one step (requested, obtained, refused)';
COMMENT ON COLUMN fct_rights_event.event_id IS 'Event id in the partner system';
COMMENT ON COLUMN fct_rights_event.person_sk IS 'Person (dim_person)';
COMMENT ON COLUMN fct_rights_event.structure_sk IS 'Accompanying structure (dim_structure)';
COMMENT ON COLUMN fct_rights_event.date_key IS 'Event date (dim_date)';
COMMENT ON COLUMN fct_rights_event.event_on IS 'Event date';
COMMENT ON COLUMN fct_rights_event.right_code IS 'Right (dim_right)';
COMMENT ON COLUMN fct_rights_event.outcome IS 'requested, obtained or refused';
COMMENT ON COLUMN fct_rights_event.partner_id IS 'Lineage: partner';
COMMENT ON COLUMN fct_rights_event.source_sha256 IS 'Lineage: landed file checksum';
COMMENT ON COLUMN fct_rights_event.source_line IS 'Lineage: line in the file';
COMMENT ON COLUMN fct_rights_event.period IS 'Lineage: period of the export';
COMMENT ON COLUMN fct_rights_event.job_execution_id IS 'Lineage: ingest job execution';
