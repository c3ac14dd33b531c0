-- family: plausibility
-- severity: blocking
-- threshold: 0
-- description: sequences end after they start, and start on or after their stay
SELECT partner_id, finess, stay_no, sequence_no, stay_start_on, sequence_start_on, sequence_end_on
FROM fct_hospital_sequence
WHERE sequence_end_on < sequence_start_on OR sequence_start_on < stay_start_on
