-- Activity form dimension (FOR_ACT).
CREATE OR REPLACE TABLE dim_activity_form AS
SELECT activity_form, label, time_mode, time_mode = 'full-time' AS is_full_time FROM ref_activity_form;
COMMENT ON TABLE dim_activity_form IS 'RIM-P activity forms (FOR_ACT)';
COMMENT ON COLUMN dim_activity_form.activity_form IS 'Code, two characters (01, 20)';
COMMENT ON COLUMN dim_activity_form.label IS 'Label';
COMMENT ON COLUMN dim_activity_form.time_mode IS 'full-time or part-time';
COMMENT ON COLUMN dim_activity_form.is_full_time IS 'Full-time forms 01 to 07';
