-- Indicator cells before statistical secrecy: every indicator view is a pivot of these rows, so that
-- the secrecy rule is written once (ind_cell_masked). Measures named n_* count people (or their stays
-- and contacts) and fall under the rule; other measures are derived values or amounts.
CREATE OR REPLACE TABLE ind_cell (
    indicator      VARCHAR,
    level          VARCHAR,
    structure_id   VARCHAR,
    structure_name VARCHAR,
    departement    VARCHAR,
    year           INTEGER,
    breakdown      VARCHAR,
    measure        VARCHAR,
    value          DOUBLE,
    kind           VARCHAR
);
COMMENT ON TABLE ind_cell IS 'Indicator cells before statistical secrecy (not for publication: read the ind_* views)';
COMMENT ON COLUMN ind_cell.indicator IS 'Indicator name';
COMMENT ON COLUMN ind_cell.level IS 'structure, departement or region';
COMMENT ON COLUMN ind_cell.structure_id IS 'Structure (structure level only)';
COMMENT ON COLUMN ind_cell.structure_name IS 'Structure name';
COMMENT ON COLUMN ind_cell.departement IS 'Département (structure and département levels)';
COMMENT ON COLUMN ind_cell.year IS 'Year of the cell';
COMMENT ON COLUMN ind_cell.breakdown IS 'Further breakdown (instrument, funder type, programme) or empty';
COMMENT ON COLUMN ind_cell.measure IS 'Measure name';
COMMENT ON COLUMN ind_cell.value IS 'Value before secrecy';
COMMENT ON COLUMN ind_cell.kind IS 'count (people, subject to secrecy) or value';
-- Turns one indicator's grouped measures (columns level, structure_id, structure_name, departement,
-- year, breakdown, then one DOUBLE column per measure) into ind_cell rows.
CREATE OR REPLACE TEMP MACRO cells_of(indicator_name, grouped) AS TABLE
-- Values are rounded to 9 decimals: a sum or mean of DOUBLE varies in its last bits with the order
-- parallel threads add rows in, and a rebuild from the same lake must give the same cells (+ 0.0 turns a
-- rounded -0.0 into 0.0).
SELECT indicator_name AS indicator, level, structure_id, structure_name, departement, year, breakdown, measure,
       round(value, 9) + 0.0 AS value,
       CASE WHEN measure LIKE 'n\_%' ESCAPE '\' THEN 'count' ELSE 'value' END AS kind
FROM (UNPIVOT (SELECT * FROM query_table(grouped))
      ON COLUMNS(* EXCLUDE (level, structure_id, structure_name, departement, year, breakdown))
      INTO NAME measure VALUE value);
-- The status of a difference-in-differences from its withheld code (sql/warehouse/evaluation_did.sql): a bit set of
-- the failed diagnostics, 0 when none failed. A table of the warehouse rather than a macro, so that the indicator
-- views read the same wherever they are replayed and the SQL sandbox, which runs no macro of a database, reads them.
CREATE OR REPLACE TABLE did_withheld_code AS
SELECT CAST(code AS INTEGER) AS code,
       CASE WHEN code = 0 THEN 'estimated' ELSE 'withheld' END AS did_status,
       nullif(concat_ws(', ', CASE WHEN code & 1 > 0 THEN 'balance' END,
                        CASE WHEN code & 2 > 0 THEN 'too_few_matched' END,
                        CASE WHEN code & 4 > 0 THEN 'placebo_failed' END,
                        CASE WHEN code & 8 > 0 THEN 'coverage' END), '') AS did_withheld_reason
FROM range(0, 16) AS r(code);
COMMENT ON TABLE did_withheld_code IS 'Status and reasons of a difference-in-differences by its withheld code (bit set: 1 balance, 2 too few matched, 4 placebo failed, 8 coverage)';

