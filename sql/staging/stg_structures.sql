-- Staging of structures: every snapshot (FINESS extract, observatory registry versions) with the date it describes.
CREATE OR REPLACE TEMP VIEW stg_structures AS
SELECT structure_id, name, category, departement, commune, opened_on, closed_on,
       CASE WHEN regexp_matches(_period, '^\d{8}$') THEN strptime(_period, '%Y%m%d')::DATE
            WHEN regexp_matches(_period, '^\d{4}-\d{2}$') THEN CAST(_period || '-01' AS DATE)
            WHEN regexp_matches(_period, '^\d{4}$') THEN CAST(_period || '-01-01' AS DATE)
            ELSE CAST(_pulled_at AS DATE) END AS snapshot_on,
       _partner AS partner_id, _source_sha256 AS source_sha256, _source_line AS source_line, _period AS period
FROM latest_exports('lake_structures');
