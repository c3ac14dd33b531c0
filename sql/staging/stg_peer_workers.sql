-- Staging of the workforce survey: one row per position and survey year.
CREATE OR REPLACE TEMP VIEW stg_peer_workers AS
SELECT position_id, structure_id, worker_code, role, contract, fte, start_on, end_on, training, funding_source,
       TRY_CAST(left(_period, 4) AS INTEGER) AS survey_year,
       _partner AS partner_id, _source_sha256 AS source_sha256, _source_line AS source_line, _period AS period
FROM latest_exports('lake_peer_workers');
