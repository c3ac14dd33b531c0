-- Instruments of outcome assessment: score range, direction and the change that counts as meaningful.
-- Reference data lives in config/reference/instruments.csv, not in code.
CREATE OR REPLACE TABLE ref_instrument AS
SELECT * FROM read_csv('${config}/reference/instruments.csv', header = true,
    columns = {'instrument': 'VARCHAR', 'name': 'VARCHAR', 'items': 'INTEGER', 'min_score': 'DOUBLE', 'max_score': 'DOUBLE',
               'higher_is_better': 'BOOLEAN', 'meaningful_change': 'DOUBLE', 'satisfied_from': 'DOUBLE', 'domain': 'VARCHAR'});
COMMENT ON TABLE ref_instrument IS 'Outcome instruments: range, direction, meaningful change (config/reference/instruments.csv)';
