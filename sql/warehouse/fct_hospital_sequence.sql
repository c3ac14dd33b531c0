-- Psychiatric hospital sequences (RIM-P), one row per sequence.
-- Days present = days_present + 0.5 x half days (half days exist in part time only).
-- Involuntary = any legal mode but 1 (voluntary), except in therapeutic family placement (04).
CREATE OR REPLACE TABLE fct_hospital_sequence AS
SELECT h.finess,
       h.stay_no,
       h.sequence_no,
       p.person_sk,
       s.structure_sk,
       CAST(year(h.sequence_start_on) * 10000 + month(h.sequence_start_on) * 100 + day(h.sequence_start_on) AS INTEGER) AS date_key,
       h.stay_start_on,
       h.sequence_start_on,
       h.sequence_end_on,
       h.activity_form,
       h.legal_mode,
       coalesce(af.is_full_time, false)                              AS is_full_time,
       coalesce(lm.involuntary, false) AND h.activity_form <> '04'    AS is_involuntary,
       h.days_present,
       h.half_days_present,
       h.days_present + CASE WHEN coalesce(af.is_full_time, false) THEN 0 ELSE 0.5 * h.half_days_present END AS days_present_equivalent,
       h.isolation_days,
       datediff('day', h.sequence_start_on, h.sequence_end_on) + 1  AS sequence_length_days,
       h.partner_id,
       h.source_sha256,
       h.source_line,
       h.period,
       h.job_execution_id
FROM stg_hospital_stays h
LEFT JOIN person_sk_of_key p ON p.source_key = h.person_key
LEFT JOIN dim_structure s ON s.structure_id = h.finess AND h.sequence_start_on BETWEEN s.valid_from AND s.valid_to
LEFT JOIN dim_activity_form af ON af.activity_form = h.activity_form
LEFT JOIN dim_legal_mode lm ON lm.legal_mode = h.legal_mode;
COMMENT ON TABLE fct_hospital_sequence IS 'Psychiatric hospital sequences (RIM-P), grain: one sequence of a stay';
COMMENT ON COLUMN fct_hospital_sequence.finess IS 'FINESS of the hospital';
COMMENT ON COLUMN fct_hospital_sequence.stay_no IS 'Stay number in the hospital';
COMMENT ON COLUMN fct_hospital_sequence.sequence_no IS 'Sequence number within the stay';
COMMENT ON COLUMN fct_hospital_sequence.person_sk IS 'Person (dim_person)';
COMMENT ON COLUMN fct_hospital_sequence.structure_sk IS 'Hospital version (dim_structure)';
COMMENT ON COLUMN fct_hospital_sequence.date_key IS 'Sequence start (dim_date)';
COMMENT ON COLUMN fct_hospital_sequence.stay_start_on IS 'Start of the stay';
COMMENT ON COLUMN fct_hospital_sequence.sequence_start_on IS 'Start of the sequence';
COMMENT ON COLUMN fct_hospital_sequence.sequence_end_on IS 'End of the sequence';
COMMENT ON COLUMN fct_hospital_sequence.activity_form IS 'FOR_ACT code (dim_activity_form)';
COMMENT ON COLUMN fct_hospital_sequence.legal_mode IS 'MOD_SOI code (dim_legal_mode)';
COMMENT ON COLUMN fct_hospital_sequence.is_full_time IS 'Full-time activity form (01-07)';
COMMENT ON COLUMN fct_hospital_sequence.is_involuntary IS 'Involuntary care: legal mode other than 1, outside family placement';
COMMENT ON COLUMN fct_hospital_sequence.days_present IS 'Days present as sent';
COMMENT ON COLUMN fct_hospital_sequence.half_days_present IS 'Half days present (part time)';
COMMENT ON COLUMN fct_hospital_sequence.days_present_equivalent IS 'days_present + 0.5 x half days in part time';
COMMENT ON COLUMN fct_hospital_sequence.isolation_days IS 'Days in seclusion';
COMMENT ON COLUMN fct_hospital_sequence.sequence_length_days IS 'Calendar days from start to end, both included';
COMMENT ON COLUMN fct_hospital_sequence.partner_id IS 'Lineage: partner';
COMMENT ON COLUMN fct_hospital_sequence.source_sha256 IS 'Lineage: landed file checksum';
COMMENT ON COLUMN fct_hospital_sequence.source_line IS 'Lineage: line in the file';
COMMENT ON COLUMN fct_hospital_sequence.period IS 'Lineage: period of the export';
COMMENT ON COLUMN fct_hospital_sequence.job_execution_id IS 'Lineage: ingest job execution';
