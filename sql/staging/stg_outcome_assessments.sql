-- Staging of outcome assessments.
CREATE OR REPLACE TEMP VIEW stg_outcome_assessments AS
SELECT assessment_id, structure_id, assessed_on, instrument, total_score, timepoint, respondent,
       person_key, person_key_id, traits_key, sex, birth_year, residence_dept,
       _partner AS partner_id, _source_sha256 AS source_sha256, _source_line AS source_line, _period AS period,
       _job_execution_id AS job_execution_id
FROM latest_exports('lake_outcome_assessments');
