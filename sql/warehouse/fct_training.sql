-- Training cohorts.
CREATE OR REPLACE TABLE fct_training AS
SELECT programme, organisation, year, places_funded, funder, enrolled, graduated, partner_id, source_sha256, source_line
FROM stg_training;
COMMENT ON TABLE fct_training IS 'Training cohorts, grain: one programme in one year';
COMMENT ON COLUMN fct_training.programme IS 'Programme (DU, licence)';
COMMENT ON COLUMN fct_training.organisation IS 'University or organisation';
COMMENT ON COLUMN fct_training.year IS 'Academic year (start)';
COMMENT ON COLUMN fct_training.places_funded IS 'Places funded';
COMMENT ON COLUMN fct_training.funder IS 'Funder of the places';
COMMENT ON COLUMN fct_training.enrolled IS 'People enrolled';
COMMENT ON COLUMN fct_training.graduated IS 'People graduated (empty while the year runs)';
COMMENT ON COLUMN fct_training.partner_id IS 'Lineage: partner';
COMMENT ON COLUMN fct_training.source_sha256 IS 'Lineage: landed file checksum';
COMMENT ON COLUMN fct_training.source_line IS 'Lineage: line in the file';
