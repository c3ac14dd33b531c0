-- Calendar dimension, 2010-01-01 to 2035-12-31.
CREATE OR REPLACE TABLE dim_date AS
SELECT CAST(year(d) * 10000 + month(d) * 100 + day(d) AS INTEGER)      AS date_key,
       CAST(d AS DATE)                              AS date,
       year(d)                                      AS year,
       quarter(d)                                   AS quarter,
       month(d)                                     AS month,
       weekofyear(d)                                AS iso_week,
       isodow(d)                                    AS iso_day_of_week,
       ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre',
        'novembre', 'décembre'][month(d)]          AS month_name_fr
FROM range(DATE '2010-01-01', DATE '2036-01-01', INTERVAL 1 DAY) AS t(d);
COMMENT ON TABLE dim_date IS 'Calendar from 2010-01-01 to 2035-12-31, one row per day';
COMMENT ON COLUMN dim_date.date_key IS 'yyyymmdd, the key facts refer to';
COMMENT ON COLUMN dim_date.date IS 'The day';
COMMENT ON COLUMN dim_date.year IS 'Calendar year';
COMMENT ON COLUMN dim_date.quarter IS 'Quarter 1-4';
COMMENT ON COLUMN dim_date.month IS 'Month 1-12';
COMMENT ON COLUMN dim_date.iso_week IS 'ISO week number';
COMMENT ON COLUMN dim_date.iso_day_of_week IS 'ISO day of week, 1 = Monday';
COMMENT ON COLUMN dim_date.month_name_fr IS 'Month name in French';
