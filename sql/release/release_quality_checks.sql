-- The quality checks of the build the release came from, and the release's own disclosure audit (release_audit,
-- filled by the release writer). Counts of offending rows only: the sample rows stay in the research warehouse.
CREATE TABLE rel.release_quality_checks AS
SELECT p.build_id, p.built_at, q.check_name, q.family, q.severity, q.status, q.failing_rows
FROM w.quality_check_result q, release_params p
UNION ALL
SELECT p.build_id, p.built_at, a.check_name, a.family, a.severity, a.status, a.failing_rows
FROM release_audit a, release_params p
ORDER BY check_name;
COMMENT ON TABLE rel.release_quality_checks IS 'Quality checks of the build the release came from, and the release''s disclosure audit';
COMMENT ON COLUMN rel.release_quality_checks.build_id IS 'Warehouse build (job instance)';
COMMENT ON COLUMN rel.release_quality_checks.built_at IS 'When the release was built';
COMMENT ON COLUMN rel.release_quality_checks.check_name IS 'Check file of sql/checks, or release_disclosure_audit';
COMMENT ON COLUMN rel.release_quality_checks.family IS 'conformance, completeness, plausibility or disclosure';
COMMENT ON COLUMN rel.release_quality_checks.severity IS 'blocking or warning';
COMMENT ON COLUMN rel.release_quality_checks.status IS 'PASSED, WARNING or FAILED';
COMMENT ON COLUMN rel.release_quality_checks.failing_rows IS 'Offending rows found (for the audit: masked values it could narrow too far)';
