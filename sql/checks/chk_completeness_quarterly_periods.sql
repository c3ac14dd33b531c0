-- family: completeness
-- severity: warning
-- threshold: 0
-- description: partners sending peer contacts quarterly have no missing quarter between their first and last export
WITH quarterly AS (
    SELECT partner FROM ref_expected_feed WHERE dataset = 'peer_contacts' AND cadence = 'quarterly'
), months AS (
    SELECT partner_id, min(date_trunc('quarter', contact_on)) AS first_quarter, max(date_trunc('quarter', contact_on)) AS last_quarter
    FROM fct_peer_contact WHERE partner_id IN (SELECT partner FROM quarterly) GROUP BY partner_id
), expected AS (
    SELECT partner_id, CAST(q AS DATE) AS quarter FROM months, range(first_quarter, last_quarter + INTERVAL 1 DAY, INTERVAL 3 MONTH) t(q)
)
SELECT e.partner_id, e.quarter
FROM expected e
WHERE NOT EXISTS (SELECT 1 FROM fct_peer_contact f WHERE f.partner_id = e.partner_id AND date_trunc('quarter', f.contact_on) = e.quarter)
