-- How people were linked across partners: keys and rows per dataset, partner and linkage rule. Rows of
-- 'ambiguous traits, linked to nobody' are homonyms' traits that no person can claim.
SELECT dataset, partner_id, link_rule, keys, rows
FROM linkage_quality
ORDER BY dataset, partner_id, rows DESC;
