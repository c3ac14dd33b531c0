-- The keys of every fact and dimension, from which the quality step generates dbt-style tests (unique,
-- not null, relationships: fr.pairobs.quality.KeyTests). A fact's natural key is the key its lake dataset
-- declares in config/datasets.yml (lake_dataset_key, written by the build from that file) plus the
-- columns listed here (the partner, a survey year); other keys are listed in
-- config/reference/warehouse_keys.csv.
CREATE OR REPLACE TABLE ref_warehouse_key AS
SELECT w.table_name,
       CASE WHEN w.test = 'natural_key' THEN 'primary_key' ELSE w.test END           AS test,
       CASE WHEN w.test = 'natural_key' THEN list_concat(k.key_columns, string_split(w.columns, '|'))
            ELSE string_split(w.columns, '|') END                                     AS columns,
       w.to_table,
       CASE WHEN w.to_columns IS NULL THEN NULL ELSE string_split(w.to_columns, '|') END AS to_columns
FROM read_csv('${config}/reference/warehouse_keys.csv', header = true, all_varchar = true) w
LEFT JOIN lake_dataset_key k ON k.dataset = w.dataset;
COMMENT ON TABLE ref_warehouse_key IS 'Keys of the facts and dimensions tested after each build: primary_key (unique and not null), unique, relationship (every non-null value found in to_table)';
COMMENT ON COLUMN ref_warehouse_key.table_name IS 'Tested table';
COMMENT ON COLUMN ref_warehouse_key.test IS 'primary_key, unique or relationship';
COMMENT ON COLUMN ref_warehouse_key.columns IS 'Key columns (a fact''s natural key: its dataset key of config/datasets.yml and the partner)';
COMMENT ON COLUMN ref_warehouse_key.to_table IS 'Referenced table (relationship)';
COMMENT ON COLUMN ref_warehouse_key.to_columns IS 'Referenced columns (relationship)';
