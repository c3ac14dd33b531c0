-- severity: blocking
-- threshold: 0
-- description: a contact id appears once per partner in the published facts (supersession and restarts leave no duplicate)
SELECT partner_id, contact_id, count(*) AS copies
FROM fct_peer_contact
GROUP BY partner_id, contact_id
HAVING count(*) > 1
