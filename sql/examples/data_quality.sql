-- What the last build's checks found, with the trend against the build before.
SELECT family, check_name, severity, failing_rows, status, trend, description
FROM quality_check_result
ORDER BY status DESC, family, check_name;
