-- Staging of RIM-P sequences.
CREATE OR REPLACE TEMP VIEW stg_hospital_stays AS
SELECT finess, stay_no, sequence_no, stay_start_on, sequence_start_on, sequence_end_on, activity_form, legal_mode,
       days_present, coalesce(half_days_present, 0) AS half_days_present, coalesce(isolation_days, 0) AS isolation_days,
       person_key, person_key_id, traits_key, sex, birth_year, residence_dept,
       _partner AS partner_id, _source_sha256 AS source_sha256, _source_line AS source_line, _period AS period,
       _job_execution_id AS job_execution_id
FROM latest_exports('lake_hospital_stays');
