-- Instrument dimension.
CREATE OR REPLACE TABLE dim_instrument AS
SELECT row_number() OVER (ORDER BY instrument) AS instrument_sk, * FROM ref_instrument;
COMMENT ON TABLE dim_instrument IS 'Outcome instruments with range, direction and meaningful change';
COMMENT ON COLUMN dim_instrument.instrument_sk IS 'Surrogate key';
COMMENT ON COLUMN dim_instrument.instrument IS 'Code: WEMWBS, QPR-15, RAS-24, EMPOWERMENT, ISMI-10, CSQ-8, EAS';
COMMENT ON COLUMN dim_instrument.min_score IS 'Lowest possible total score';
COMMENT ON COLUMN dim_instrument.max_score IS 'Highest possible total score';
COMMENT ON COLUMN dim_instrument.higher_is_better IS 'Direction: false when a higher score is worse (ISMI-10 self-stigma)';
COMMENT ON COLUMN dim_instrument.meaningful_change IS 'Change in points that counts as an improvement';
COMMENT ON COLUMN dim_instrument.satisfied_from IS 'Score from which a respondent counts as satisfied (CSQ-8)';
COMMENT ON COLUMN dim_instrument.name IS 'Instrument name';
COMMENT ON COLUMN dim_instrument.items IS 'Number of items';
COMMENT ON COLUMN dim_instrument.domain IS 'What it measures';
