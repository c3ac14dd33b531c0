-- Instruments of outcome assessment: score range, direction and the change that counts as meaningful.
-- Reference data lives in config/reference/instruments.csv, not in code.
CREATE OR REPLACE TABLE ref_instrument AS
SELECT * FROM read_csv('${config}/reference/instruments.csv', header = true,
    columns = {'instrument': 'VARCHAR', 'name': 'VARCHAR', 'items': 'INTEGER', 'min_score': 'DOUBLE', 'max_score': 'DOUBLE',
               'higher_is_better': 'BOOLEAN', 'meaningful_change': 'DOUBLE', 'satisfied_from': 'DOUBLE', 'domain': 'VARCHAR'});
COMMENT ON TABLE ref_instrument IS 'Outcome instruments: range, direction, meaningful change (config/reference/instruments.csv)';
COMMENT ON COLUMN ref_instrument.instrument IS 'Code';
COMMENT ON COLUMN ref_instrument.name IS 'Name';
COMMENT ON COLUMN ref_instrument.items IS 'Number of items';
COMMENT ON COLUMN ref_instrument.min_score IS 'Lowest total score';
COMMENT ON COLUMN ref_instrument.max_score IS 'Highest total score';
COMMENT ON COLUMN ref_instrument.higher_is_better IS 'Direction of improvement';
COMMENT ON COLUMN ref_instrument.meaningful_change IS 'Change that counts as an improvement';
COMMENT ON COLUMN ref_instrument.satisfied_from IS 'Score from which a respondent is satisfied';
COMMENT ON COLUMN ref_instrument.domain IS 'What it measures';
