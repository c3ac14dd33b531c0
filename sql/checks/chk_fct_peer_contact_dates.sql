-- severity: blocking
-- threshold: 0
-- description: contact dates lie between 2015-01-01 and the build date
SELECT partner_id, contact_id, contact_on
FROM fct_peer_contact
WHERE contact_on < DATE '2015-01-01' OR contact_on > current_date
