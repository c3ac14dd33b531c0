-- Rights followed in access-to-rights procedures.
CREATE OR REPLACE TABLE ref_right AS
SELECT * FROM read_csv('${config}/reference/rights.csv', header = true, columns = {'right_code': 'VARCHAR', 'label': 'VARCHAR'});
COMMENT ON TABLE ref_right IS 'Rights followed (housing, employment, AAH, MDPH, CSS, advance directive)';
COMMENT ON COLUMN ref_right.right_code IS 'Code';
COMMENT ON COLUMN ref_right.label IS 'Label';
