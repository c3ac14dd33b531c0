-- Right dimension.
CREATE OR REPLACE TABLE dim_right AS SELECT right_code, label FROM ref_right;
COMMENT ON TABLE dim_right IS 'Rights followed in access-to-rights procedures';
COMMENT ON COLUMN dim_right.right_code IS 'Code';
COMMENT ON COLUMN dim_right.label IS 'Label';
