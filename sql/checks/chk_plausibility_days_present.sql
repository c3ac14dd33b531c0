-- family: plausibility
-- severity: blocking
-- threshold: 0
-- description: days present are not above the length of the sequence
SELECT partner_id, finess, stay_no, sequence_no, days_present, sequence_length_days
FROM fct_hospital_sequence
WHERE sequence_end_on IS NOT NULL AND days_present > sequence_length_days
