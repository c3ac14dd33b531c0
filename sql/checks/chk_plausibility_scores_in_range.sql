-- family: plausibility
-- severity: warning
-- threshold: 0
-- description: scores lie within their instrument's range (out-of-range scores are left out of the indicators)
SELECT partner_id, assessment_id, instrument, total_score
FROM fct_outcome_assessment
WHERE NOT is_in_range
