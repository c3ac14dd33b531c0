-- Staging of training cohorts.
CREATE OR REPLACE TEMP VIEW stg_training AS
SELECT programme, organisation, year, places_funded, funder, enrolled, graduated,
       _partner AS partner_id, _source_sha256 AS source_sha256, _source_line AS source_line, _period AS period
FROM latest_exports('lake_training');
