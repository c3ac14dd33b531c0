-- RIM-P legal modes of care (MOD_SOI): 1 voluntary; every other code is involuntary care.
CREATE OR REPLACE TABLE ref_legal_mode AS
SELECT * FROM read_csv('${config}/reference/legal_modes.csv', header = true,
    columns = {'legal_mode': 'VARCHAR', 'label': 'VARCHAR', 'involuntary': 'BOOLEAN'});
COMMENT ON TABLE ref_legal_mode IS 'RIM-P legal modes (MOD_SOI) and whether care is involuntary';
COMMENT ON COLUMN ref_legal_mode.legal_mode IS 'MOD_SOI code';
COMMENT ON COLUMN ref_legal_mode.label IS 'Label';
COMMENT ON COLUMN ref_legal_mode.involuntary IS 'Involuntary care';
