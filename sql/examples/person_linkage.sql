-- How people were linked across partners: counts per linkage rule.
SELECT link_rule, count(*) AS keys
FROM map_person_link
GROUP BY link_rule
ORDER BY keys DESC;
