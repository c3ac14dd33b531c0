-- family: conformance
-- severity: blocking
-- threshold: 0
-- description: fact keys are unique per partner (supersession and restarts leave no duplicate)
SELECT 'fct_peer_contact' AS fact, partner_id, contact_id AS key, count(*) AS copies FROM fct_peer_contact GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT 'fct_hospital_sequence', partner_id, finess || '/' || stay_no || '/' || sequence_no, count(*) FROM fct_hospital_sequence GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT 'fct_outcome_assessment', partner_id, assessment_id, count(*) FROM fct_outcome_assessment GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT 'fct_rights_event', partner_id, event_id, count(*) FROM fct_rights_event GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT 'fct_funding', partner_id, grant_id, count(*) FROM fct_funding GROUP BY ALL HAVING count(*) > 1
