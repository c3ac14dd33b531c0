-- What this build is made of: when it was built, up to when the data go, how many lake rows per dataset.
CREATE OR REPLACE TABLE build_info AS
-- one pass over each person-level staging view gives both its last date and its row count
WITH pc AS (SELECT max(contact_on) AS last_on, count(*) AS n FROM stg_peer_contacts),
     hs AS (SELECT max(sequence_start_on) AS last_on, count(*) AS n FROM stg_hospital_stays),
     oa AS (SELECT max(assessed_on) AS last_on, count(*) AS n FROM stg_outcome_assessments),
     re AS (SELECT max(event_on) AS last_on, count(*) AS n FROM stg_rights_events)
SELECT current_timestamp AS built_at,
       greatest(pc.last_on, hs.last_on, oa.last_on, re.last_on) AS data_end,
       pc.n AS peer_contacts_rows,
       hs.n AS hospital_stays_rows,
       oa.n AS outcome_assessments_rows,
       re.n AS rights_events_rows,
       (SELECT count(*) FROM stg_structures) AS structures_rows,
       (SELECT count(*) FROM stg_peer_workers) AS peer_workers_rows,
       (SELECT count(*) FROM stg_funding) AS funding_rows,
       (SELECT count(*) FROM stg_training) AS training_rows
FROM pc, hs, oa, re;
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
