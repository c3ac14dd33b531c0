-- Peer worker dimension: one row per position, as described by its latest survey.
CREATE OR REPLACE TABLE dim_peer_worker AS
SELECT row_number() OVER (ORDER BY position_id) AS peer_worker_sk,
       position_id, worker_code, structure_id, role, contract, fte, start_on, end_on, training, funding_source,
       survey_year AS last_survey_year
FROM stg_peer_workers
QUALIFY row_number() OVER (PARTITION BY position_id ORDER BY survey_year DESC, partner_id, source_line) = 1;
COMMENT ON TABLE dim_peer_worker IS 'Peer-support positions (latest survey description)';
COMMENT ON COLUMN dim_peer_worker.peer_worker_sk IS 'Surrogate key';
COMMENT ON COLUMN dim_peer_worker.position_id IS 'Position id in the survey';
COMMENT ON COLUMN dim_peer_worker.worker_code IS 'Employee code (a worker, not a patient)';
COMMENT ON COLUMN dim_peer_worker.structure_id IS 'Employing structure';
COMMENT ON COLUMN dim_peer_worker.role IS 'MSP, peer worker, family peer worker, volunteer';
COMMENT ON COLUMN dim_peer_worker.contract IS 'CDI, CDD, vacation, volunteer, self-employed';
COMMENT ON COLUMN dim_peer_worker.fte IS 'Full-time equivalent (0-1]';
COMMENT ON COLUMN dim_peer_worker.start_on IS 'Start of the position';
COMMENT ON COLUMN dim_peer_worker.end_on IS 'End of the position';
COMMENT ON COLUMN dim_peer_worker.training IS 'Training of the peer worker';
COMMENT ON COLUMN dim_peer_worker.funding_source IS 'Funding of the position';
COMMENT ON COLUMN dim_peer_worker.last_survey_year IS 'Year of the survey that describes it';
