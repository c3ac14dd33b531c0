-- Indicator 3, readmission: share of full-time discharges followed by a new full-time stay (any
-- hospital) within 30 and within 90 days. Population: full-time stays of people known to PairObs,
-- discharged at least 90 days before the end of the data. Structure and year: hospital and year of discharge.
CREATE OR REPLACE TEMP TABLE grouped_readmission AS
WITH stays AS (
    SELECT person_sk, finess, stay_no, min(sequence_start_on) AS admitted_on, max(sequence_end_on) AS discharged_on,
           arg_min(structure_sk, (sequence_start_on, structure_sk)) AS structure_sk
    FROM fct_hospital_sequence
    WHERE is_full_time AND sequence_end_on IS NOT NULL
    GROUP BY ALL
), ordered AS (
    SELECT *, lead(admitted_on) OVER (PARTITION BY person_sk ORDER BY admitted_on, finess, stay_no) AS next_admitted_on
    FROM stays
), discharges AS (
    SELECT o.*, s.structure_id, s.name AS structure_name, s.departement, year(o.discharged_on) AS year,
           o.next_admitted_on IS NOT NULL AND o.next_admitted_on <= o.discharged_on + 30 AS readmitted_30,
           o.next_admitted_on IS NOT NULL AND o.next_admitted_on <= o.discharged_on + 90 AS readmitted_90
    FROM ordered o
    LEFT JOIN dim_structure s ON s.structure_sk = o.structure_sk
    CROSS JOIN build_info b
    WHERE o.discharged_on + 90 <= b.data_end
)
SELECT CASE WHEN grouping(structure_id) = 0 THEN 'structure' WHEN grouping(departement) = 0 THEN 'departement' ELSE 'region' END AS level,
       structure_id, structure_name, departement, year, '' AS breakdown,
       count(*)::DOUBLE                                 AS n_discharges,
       count(*) FILTER (WHERE readmitted_30)::DOUBLE    AS n_readmitted_30,
       count(*) FILTER (WHERE readmitted_90)::DOUBLE    AS n_readmitted_90,
       avg(readmitted_30::INTEGER)::DOUBLE              AS rate_30,
       avg(readmitted_90::INTEGER)::DOUBLE              AS rate_90
FROM discharges
GROUP BY GROUPING SETS ((year, departement, structure_id, structure_name), (year, departement), (year));
INSERT INTO ind_cell SELECT * FROM cells_of('readmission', 'grouped_readmission');
CREATE OR REPLACE VIEW ind_readmission AS
SELECT level, structure_id, structure_name, departement, year,
       max(value) FILTER (WHERE measure = 'n_discharges')       AS discharges,
       max(value) FILTER (WHERE measure = 'n_readmitted_30')    AS readmitted_30_days,
       max(value) FILTER (WHERE measure = 'n_readmitted_90')    AS readmitted_90_days,
       round(max(value) FILTER (WHERE measure = 'rate_30'), 4)   AS readmission_rate_30_days,
       round(max(value) FILTER (WHERE measure = 'rate_90'), 4)   AS readmission_rate_90_days,
       bool_or(is_masked)                                       AS is_masked
FROM ind_cell_masked WHERE indicator = 'readmission'
GROUP BY level, structure_id, structure_name, departement, year;
COMMENT ON VIEW ind_readmission IS 'Readmission within 30 and 90 days of a full-time discharge, by hospital, département and year of discharge; counts 1-10 masked';
