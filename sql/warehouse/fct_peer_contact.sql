-- Peer contacts, one row per contact of the latest export of each partner and period.
-- Left joins and unknown members: every staged row is here exactly once.
CREATE OR REPLACE TABLE fct_peer_contact AS
SELECT s.contact_id,
       p.person_sk,
       st.structure_sk,
       CAST(strftime(s.contact_on, '%Y%m%d') AS INTEGER) AS date_key,
       s.contact_on,
       s.modality,
       s.minutes,
       s.setting,
       s.worker_code,
       s.partner_id,
       s.source_sha256,
       s.source_line,
       s.period,
       s.job_execution_id
FROM stg_peer_contacts s
LEFT JOIN map_person_link m ON m.source_key = s.person_key
LEFT JOIN dim_person p ON p.person_key = m.person_key
LEFT JOIN dim_structure st ON st.structure_id = s.structure_id;
COMMENT ON TABLE fct_peer_contact IS 'Peer-support contacts (grain: one contact), latest export per partner and period';
COMMENT ON COLUMN fct_peer_contact.contact_id IS 'Contact id in the partner system';
COMMENT ON COLUMN fct_peer_contact.person_sk IS 'Person (dim_person), after linkage';
COMMENT ON COLUMN fct_peer_contact.structure_sk IS 'Structure (dim_structure)';
COMMENT ON COLUMN fct_peer_contact.date_key IS 'Contact date (dim_date)';
COMMENT ON COLUMN fct_peer_contact.contact_on IS 'Contact date';
COMMENT ON COLUMN fct_peer_contact.modality IS 'individual, group, phone, outreach or online';
COMMENT ON COLUMN fct_peer_contact.minutes IS 'Duration in minutes';
COMMENT ON COLUMN fct_peer_contact.setting IS 'ward, CMP, GEM, home or community';
COMMENT ON COLUMN fct_peer_contact.worker_code IS 'Peer worker code (employee code, not a patient)';
COMMENT ON COLUMN fct_peer_contact.partner_id IS 'Lineage: partner that sent the row';
COMMENT ON COLUMN fct_peer_contact.source_sha256 IS 'Lineage: SHA-256 of the landed file (var/landing)';
COMMENT ON COLUMN fct_peer_contact.source_line IS 'Lineage: line of the row in that file';
COMMENT ON COLUMN fct_peer_contact.period IS 'Lineage: period the export covers';
COMMENT ON COLUMN fct_peer_contact.job_execution_id IS 'Lineage: ingest job execution';
