-- family: completeness
-- severity: warning
-- threshold: 0
-- description: every partner expected to send a dataset (config/reference/expected_feeds.csv) has sent it
SELECT e.dataset, e.partner, e.cadence
FROM ref_expected_feed e
WHERE NOT EXISTS (
    SELECT 1 FROM (
        SELECT 'structures' AS dataset, source_partner AS partner FROM dim_structure
        UNION ALL SELECT 'peer_workers', partner_id FROM fct_position
        UNION ALL SELECT 'peer_contacts', partner_id FROM fct_peer_contact
        UNION ALL SELECT 'hospital_stays', partner_id FROM fct_hospital_sequence
        UNION ALL SELECT 'outcome_assessments', partner_id FROM fct_outcome_assessment
        UNION ALL SELECT 'rights_events', partner_id FROM fct_rights_event
        UNION ALL SELECT 'funding', partner_id FROM fct_funding
        UNION ALL SELECT 'training', partner_id FROM fct_training
    ) seen
    WHERE seen.dataset = e.dataset AND seen.partner = e.partner)
