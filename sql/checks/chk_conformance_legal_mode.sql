-- family: conformance
-- severity: blocking
-- threshold: 0
-- description: every RIM-P legal mode (MOD_SOI) is in the reference list
SELECT partner_id, finess, stay_no, sequence_no, legal_mode
FROM fct_hospital_sequence
WHERE legal_mode NOT IN (SELECT legal_mode FROM dim_legal_mode)
