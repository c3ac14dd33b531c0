-- Indicator 10, training: places funded, people enrolled and graduated per programme and year, by
-- organisation (reported as the structure level) and for the region. Enrolled and graduated people
-- fall under the secrecy rule.
CREATE OR REPLACE TEMP TABLE grouped_training AS
SELECT CASE WHEN grouping(organisation) = 0 THEN 'structure' ELSE 'region' END AS level,
       organisation AS structure_id, organisation AS structure_name, NULL::VARCHAR AS departement, year, programme AS breakdown,
       sum(places_funded)::DOUBLE   AS places_funded,
       sum(enrolled)::DOUBLE        AS n_enrolled,
       sum(graduated)::DOUBLE       AS n_graduated
FROM fct_training
GROUP BY GROUPING SETS ((programme, year, organisation), (programme, year));
INSERT INTO ind_cell SELECT * FROM cells_of('training', 'grouped_training');
CREATE OR REPLACE VIEW ind_training AS
SELECT level, structure_id AS organisation, year, breakdown AS programme,
       max(value) FILTER (WHERE measure = 'places_funded') AS places_funded,
       max(value) FILTER (WHERE measure = 'n_enrolled')    AS enrolled,
       max(value) FILTER (WHERE measure = 'n_graduated')   AS graduated,
       round(max(value) FILTER (WHERE measure = 'n_graduated') / nullif(max(value) FILTER (WHERE measure = 'n_enrolled'), 0), 4) AS graduation_rate,
       bool_or(is_masked)                                  AS is_masked,
           max(mask_reason) AS mask_reason
FROM ind_cell_masked WHERE indicator = 'training'
GROUP BY level, structure_id, year, breakdown;
COMMENT ON VIEW ind_training IS 'Training places funded, enrolled and graduated per programme, organisation and year; counts 1-10 masked';
