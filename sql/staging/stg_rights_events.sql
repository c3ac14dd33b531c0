-- Staging of access-to-rights events.
CREATE OR REPLACE TEMP VIEW stg_rights_events AS
SELECT event_id, structure_id, event_on, right_code, outcome,
       person_key, person_key_id, traits_key, sex, birth_year, residence_dept,
       _partner AS partner_id, _source_sha256 AS source_sha256, _source_line AS source_line, _period AS period,
       _job_execution_id AS job_execution_id
FROM latest_exports('lake_rights_events');
