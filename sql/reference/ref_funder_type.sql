-- Types of funders of peer support.
CREATE OR REPLACE TABLE ref_funder_type AS
SELECT * FROM read_csv('${config}/reference/funder_types.csv', header = true,
    columns = {'funder_type': 'VARCHAR', 'label': 'VARCHAR', 'public_level': 'VARCHAR'});
COMMENT ON TABLE ref_funder_type IS 'Funder types (ARS FIR, CNSA, département, city, Région, Métropole, other)';
COMMENT ON COLUMN ref_funder_type.funder_type IS 'Code';
COMMENT ON COLUMN ref_funder_type.label IS 'Label';
COMMENT ON COLUMN ref_funder_type.public_level IS 'State, regional, local or other';
