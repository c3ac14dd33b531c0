-- Staging of peer contacts.
CREATE OR REPLACE TEMP VIEW stg_peer_contacts AS
SELECT contact_id, worker_code, structure_id, contact_on, modality, minutes, setting,
       person_key, person_key_id, traits_key, sex, birth_year, residence_dept,
       _partner AS partner_id, _source_sha256 AS source_sha256, _source_line AS source_line, _period AS period,
       _job_execution_id AS job_execution_id
FROM latest_exports('lake_peer_contacts');
