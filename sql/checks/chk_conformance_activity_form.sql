-- family: conformance
-- severity: blocking
-- threshold: 0
-- description: every RIM-P activity form (FOR_ACT) is in the reference list
SELECT partner_id, finess, stay_no, sequence_no, activity_form
FROM fct_hospital_sequence
WHERE activity_form NOT IN (SELECT activity_form FROM dim_activity_form)
