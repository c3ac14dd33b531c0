-- Legal mode dimension (MOD_SOI).
CREATE OR REPLACE TABLE dim_legal_mode AS SELECT legal_mode, label, involuntary FROM ref_legal_mode;
COMMENT ON TABLE dim_legal_mode IS 'RIM-P legal modes (MOD_SOI)';
COMMENT ON COLUMN dim_legal_mode.legal_mode IS 'Code';
COMMENT ON COLUMN dim_legal_mode.label IS 'Label';
COMMENT ON COLUMN dim_legal_mode.involuntary IS 'Involuntary care: every code but 1 (family placement 04 excepted, see fct_hospital_sequence)';
