-- family: plausibility
-- severity: blocking
-- threshold: 0
-- description: person events are dated between 2010-01-01 and the build date
SELECT 'fct_peer_contact' AS fact, partner_id, contact_id AS key, contact_on AS day FROM fct_peer_contact
WHERE contact_on < DATE '2010-01-01' OR contact_on > current_date
UNION ALL
SELECT 'fct_outcome_assessment', partner_id, assessment_id, assessed_on FROM fct_outcome_assessment
WHERE assessed_on < DATE '2010-01-01' OR assessed_on > current_date
UNION ALL
SELECT 'fct_rights_event', partner_id, event_id, event_on FROM fct_rights_event
WHERE event_on < DATE '2010-01-01' OR event_on > current_date
