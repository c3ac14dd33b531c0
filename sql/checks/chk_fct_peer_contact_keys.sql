-- severity: blocking
-- threshold: 0
-- description: every contact resolves to a person and a structure
SELECT partner_id, contact_id, person_sk, structure_sk
FROM fct_peer_contact
WHERE person_sk IS NULL OR structure_sk IS NULL
