-- family: completeness
-- severity: blocking
-- threshold: 0
-- description: every person fact resolves to a person and a structure, except the rows linkage deliberately links to nobody (ambiguous homonyms' traits, counted in linkage_quality)
WITH unresolved AS (
    SELECT 'peer_contacts' AS dataset, 'fct_peer_contact' AS fact, partner_id, person_sk IS NULL AS no_person, structure_sk IS NULL AS no_structure
    FROM fct_peer_contact
    UNION ALL SELECT 'hospital_stays', 'fct_hospital_sequence', partner_id, person_sk IS NULL, structure_sk IS NULL FROM fct_hospital_sequence
    UNION ALL SELECT 'outcome_assessments', 'fct_outcome_assessment', partner_id, person_sk IS NULL, structure_sk IS NULL FROM fct_outcome_assessment
    UNION ALL SELECT 'rights_events', 'fct_rights_event', partner_id, person_sk IS NULL, structure_sk IS NULL FROM fct_rights_event
), counted AS (
    SELECT dataset, fact, partner_id, count(*) FILTER (WHERE no_person) AS without_person,
           count(*) FILTER (WHERE no_structure) AS without_structure
    FROM unresolved WHERE no_person OR no_structure GROUP BY ALL
)
SELECT c.fact, c.partner_id, c.without_person, coalesce(q.rows, 0) AS linked_to_nobody, c.without_structure
FROM counted c
LEFT JOIN linkage_quality q
  ON q.dataset = c.dataset AND q.partner_id = c.partner_id AND q.link_rule = 'ambiguous traits, linked to nobody'
WHERE c.without_structure > 0 OR c.without_person > coalesce(q.rows, 0)
