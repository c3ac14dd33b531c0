-- Peer-support positions per survey year.
CREATE OR REPLACE TABLE fct_position AS
SELECT w.position_id,
       pw.peer_worker_sk,
       s.structure_sk,
       w.survey_year,
       w.role,
       w.contract,
       w.fte,
       w.contract = 'CDI' AS is_permanent,
       w.training LIKE 'DU%' OR w.training = 'licence MSP' AS is_trained,
       w.training,
       w.funding_source,
       w.partner_id,
       w.source_sha256,
       w.source_line
FROM stg_peer_workers w
LEFT JOIN dim_peer_worker pw USING (position_id)
LEFT JOIN dim_structure s ON s.structure_id = w.structure_id AND make_date(w.survey_year, 12, 31) BETWEEN s.valid_from AND s.valid_to;
COMMENT ON TABLE fct_position IS 'Peer-support positions, grain: one position in one survey year';
COMMENT ON COLUMN fct_position.position_id IS 'Position id';
COMMENT ON COLUMN fct_position.peer_worker_sk IS 'Position (dim_peer_worker)';
COMMENT ON COLUMN fct_position.structure_sk IS 'Employing structure (dim_structure)';
COMMENT ON COLUMN fct_position.survey_year IS 'Year of the survey';
COMMENT ON COLUMN fct_position.role IS 'MSP, peer worker, family peer worker, volunteer';
COMMENT ON COLUMN fct_position.contract IS 'Contract';
COMMENT ON COLUMN fct_position.fte IS 'Full-time equivalent';
COMMENT ON COLUMN fct_position.is_permanent IS 'On a permanent contract (CDI)';
COMMENT ON COLUMN fct_position.is_trained IS 'Holds a university diploma or the MSP licence';
COMMENT ON COLUMN fct_position.training IS 'Training';
COMMENT ON COLUMN fct_position.funding_source IS 'Funding of the position';
COMMENT ON COLUMN fct_position.partner_id IS 'Lineage: partner';
COMMENT ON COLUMN fct_position.source_sha256 IS 'Lineage: landed file checksum';
COMMENT ON COLUMN fct_position.source_line IS 'Lineage: line in the file';
