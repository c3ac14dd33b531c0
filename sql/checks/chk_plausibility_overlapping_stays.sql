-- family: plausibility
-- severity: warning
-- threshold: 0
-- description: full-time sequences of one person do not overlap (two hospitals at once)
SELECT a.person_sk, a.finess, a.stay_no, a.sequence_start_on, a.sequence_end_on, b.finess AS other_finess, b.stay_no AS other_stay_no
FROM fct_hospital_sequence a
JOIN fct_hospital_sequence b
  ON a.person_sk = b.person_sk AND a.is_full_time AND b.is_full_time
 AND (a.finess, a.stay_no, a.sequence_no) < (b.finess, b.stay_no, b.sequence_no)
 AND a.sequence_start_on < b.sequence_end_on AND b.sequence_start_on < a.sequence_end_on
