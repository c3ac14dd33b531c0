-- RIM-P activity forms (FOR_ACT): full time 01-07, part time 20, 21, 23.
CREATE OR REPLACE TABLE ref_activity_form AS
SELECT * FROM read_csv('${config}/reference/activity_forms.csv', header = true,
    columns = {'activity_form': 'VARCHAR', 'label': 'VARCHAR', 'time_mode': 'VARCHAR'});
COMMENT ON TABLE ref_activity_form IS 'RIM-P activity forms (FOR_ACT) and whether they are full or part time';
COMMENT ON COLUMN ref_activity_form.activity_form IS 'FOR_ACT code';
COMMENT ON COLUMN ref_activity_form.label IS 'Label';
COMMENT ON COLUMN ref_activity_form.time_mode IS 'full-time or part-time';
