-- Funder dimension: every funder named in grant lines, with its type.
CREATE OR REPLACE TABLE dim_funder AS
SELECT row_number() OVER (ORDER BY funder, funder_type) AS funder_sk, funder, funder_type, t.label AS funder_type_label, t.public_level
FROM (SELECT DISTINCT funder, funder_type FROM stg_funding) f
LEFT JOIN ref_funder_type t USING (funder_type);
COMMENT ON TABLE dim_funder IS 'Funders of peer support';
COMMENT ON COLUMN dim_funder.funder_sk IS 'Surrogate key';
COMMENT ON COLUMN dim_funder.funder IS 'Funder name as sent';
COMMENT ON COLUMN dim_funder.funder_type IS 'ARS FIR, CNSA, departement, city, Region, Metropole, other';
COMMENT ON COLUMN dim_funder.funder_type_label IS 'Label of the type';
COMMENT ON COLUMN dim_funder.public_level IS 'State, regional, local or other';
