-- Peer contacts, one row per contact of the latest export of each partner and period.
-- Left joins and unknown members: every staged row is here exactly once.
CREATE OR REPLACE TABLE fct_peer_contact AS
SELECT c.contact_id,
       p.person_sk,
       s.structure_sk,
       CAST(year(c.contact_on) * 10000 + month(c.contact_on) * 100 + day(c.contact_on) AS INTEGER) AS date_key,
       c.contact_on,
       c.modality,
       c.minutes,
       c.setting,
       c.worker_code,
       c.partner_id,
       c.source_sha256,
       c.source_line,
       c.period,
       c.job_execution_id
FROM stg_peer_contacts c
LEFT JOIN person_sk_of_key p ON p.source_key = c.person_key
LEFT JOIN dim_structure s ON s.structure_id = c.structure_id AND c.contact_on BETWEEN s.valid_from AND s.valid_to;
COMMENT ON TABLE fct_peer_contact IS 'Peer-support contacts (grain: one contact), latest export per partner and period';
COMMENT ON COLUMN fct_peer_contact.contact_id IS 'Contact id in the partner system';
COMMENT ON COLUMN fct_peer_contact.person_sk IS 'Person (dim_person), after linkage';
COMMENT ON COLUMN fct_peer_contact.structure_sk IS 'Structure version in force on the contact date (dim_structure)';
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
