-- family: completeness
-- severity: blocking
-- threshold: 0
-- description: every person fact resolves to a person and a structure
SELECT 'fct_peer_contact' AS fact, partner_id, contact_id AS key FROM fct_peer_contact WHERE person_sk IS NULL OR structure_sk IS NULL
UNION ALL
SELECT 'fct_hospital_sequence', partner_id, stay_no FROM fct_hospital_sequence WHERE person_sk IS NULL OR structure_sk IS NULL
UNION ALL
SELECT 'fct_outcome_assessment', partner_id, assessment_id FROM fct_outcome_assessment WHERE person_sk IS NULL OR structure_sk IS NULL
UNION ALL
SELECT 'fct_rights_event', partner_id, event_id FROM fct_rights_event WHERE person_sk IS NULL OR structure_sk IS NULL
