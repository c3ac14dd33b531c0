-- What this build is made of: when it was built, up to when the data go, how many lake rows per dataset.
CREATE OR REPLACE TABLE build_info AS
SELECT current_timestamp AS built_at,
       greatest((SELECT max(contact_on) FROM stg_peer_contacts), (SELECT max(sequence_start_on) FROM stg_hospital_stays),
                (SELECT max(assessed_on) FROM stg_outcome_assessments), (SELECT max(event_on) FROM stg_rights_events)) AS data_end,
       (SELECT count(*) FROM stg_peer_contacts) AS peer_contacts_rows,
       (SELECT count(*) FROM stg_hospital_stays) AS hospital_stays_rows,
       (SELECT count(*) FROM stg_outcome_assessments) AS outcome_assessments_rows,
       (SELECT count(*) FROM stg_rights_events) AS rights_events_rows,
       (SELECT count(*) FROM stg_structures) AS structures_rows,
       (SELECT count(*) FROM stg_peer_workers) AS peer_workers_rows,
       (SELECT count(*) FROM stg_funding) AS funding_rows,
       (SELECT count(*) FROM stg_training) AS training_rows;
COMMENT ON TABLE build_info IS 'One row: when this warehouse was built, the last date the data cover, rows staged per dataset';
COMMENT ON COLUMN build_info.built_at IS 'Build time';
COMMENT ON COLUMN build_info.data_end IS 'Last date covered by the person-level data: follow-up windows end here';
COMMENT ON COLUMN build_info.peer_contacts_rows IS 'Rows staged from the peer_contacts dataset';
COMMENT ON COLUMN build_info.hospital_stays_rows IS 'Rows staged from the hospital_stays dataset';
COMMENT ON COLUMN build_info.outcome_assessments_rows IS 'Rows staged from the outcome_assessments dataset';
COMMENT ON COLUMN build_info.rights_events_rows IS 'Rows staged from the rights_events dataset';
COMMENT ON COLUMN build_info.structures_rows IS 'Rows staged from the structures dataset';
COMMENT ON COLUMN build_info.peer_workers_rows IS 'Rows staged from the peer_workers dataset';
COMMENT ON COLUMN build_info.funding_rows IS 'Rows staged from the funding dataset';
COMMENT ON COLUMN build_info.training_rows IS 'Rows staged from the training dataset';
