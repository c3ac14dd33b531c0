-- Staging of grant lines.
CREATE OR REPLACE TEMP VIEW stg_funding AS
SELECT grant_id, funder, funder_type, structure_id, year, amount_eur, mode, purpose, start_on, end_on,
       _partner AS partner_id, _source_sha256 AS source_sha256, _source_line AS source_line, _period AS period
FROM latest_exports('lake_funding');
