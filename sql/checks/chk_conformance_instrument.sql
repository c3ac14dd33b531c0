-- family: conformance
-- severity: blocking
-- threshold: 0
-- description: every instrument of an assessment is in the reference list
SELECT partner_id, assessment_id, instrument
FROM fct_outcome_assessment
WHERE instrument NOT IN (SELECT instrument FROM dim_instrument)
