-- Outcome assessments, one row per instrument score.
CREATE OR REPLACE TABLE fct_outcome_assessment AS
SELECT a.assessment_id,
       p.person_sk,
       s.structure_sk,
       CAST(year(a.assessed_on) * 10000 + month(a.assessed_on) * 100 + day(a.assessed_on) AS INTEGER) AS date_key,
       a.assessed_on,
       a.instrument,
       a.total_score,
       a.timepoint,
       a.respondent,
       a.total_score BETWEEN i.min_score AND i.max_score AS is_in_range,
       a.partner_id,
       a.source_sha256,
       a.source_line,
       a.period,
       a.job_execution_id
FROM stg_outcome_assessments a
LEFT JOIN person_sk_of_key p ON p.source_key = a.person_key
LEFT JOIN dim_structure s ON s.structure_id = a.structure_id AND a.assessed_on BETWEEN s.valid_from AND s.valid_to
LEFT JOIN dim_instrument i USING (instrument);
COMMENT ON TABLE fct_outcome_assessment IS 'Outcome assessments, grain: one instrument total score';
COMMENT ON COLUMN fct_outcome_assessment.assessment_id IS 'Assessment id in the partner system';
COMMENT ON COLUMN fct_outcome_assessment.person_sk IS 'Person (dim_person)';
COMMENT ON COLUMN fct_outcome_assessment.structure_sk IS 'Assessing structure (dim_structure)';
COMMENT ON COLUMN fct_outcome_assessment.date_key IS 'Assessment date (dim_date)';
COMMENT ON COLUMN fct_outcome_assessment.assessed_on IS 'Assessment date';
COMMENT ON COLUMN fct_outcome_assessment.instrument IS 'Instrument (dim_instrument)';
COMMENT ON COLUMN fct_outcome_assessment.total_score IS 'Total score';
COMMENT ON COLUMN fct_outcome_assessment.timepoint IS 'baseline, 6m, 12m, other';
COMMENT ON COLUMN fct_outcome_assessment.respondent IS 'self, peer, clinician';
COMMENT ON COLUMN fct_outcome_assessment.is_in_range IS 'Score within the instrument range (indicators use only these)';
COMMENT ON COLUMN fct_outcome_assessment.partner_id IS 'Lineage: partner';
COMMENT ON COLUMN fct_outcome_assessment.source_sha256 IS 'Lineage: landed file checksum';
COMMENT ON COLUMN fct_outcome_assessment.source_line IS 'Lineage: line in the file';
COMMENT ON COLUMN fct_outcome_assessment.period IS 'Lineage: period of the export';
COMMENT ON COLUMN fct_outcome_assessment.job_execution_id IS 'Lineage: ingest job execution';
