-- One row: which release this is, what it was built from (release_params is filled by the release writer).
CREATE TABLE rel.release_info AS
SELECT release_date, build_id, (SELECT max(data_end)::DATE FROM w.build_info) AS data_up_to, built_at, code_version, sql_version
FROM release_params;
COMMENT ON TABLE rel.release_info IS 'The release: its date, the build it came from, the last date its data cover, code and SQL versions';
COMMENT ON COLUMN rel.release_info.release_date IS 'Date of the release (the night it was published)';
COMMENT ON COLUMN rel.release_info.build_id IS 'Warehouse build (job instance) the release was made from';
COMMENT ON COLUMN rel.release_info.data_up_to IS 'Last date the person-level data cover: follow-up windows end here';
COMMENT ON COLUMN rel.release_info.built_at IS 'When the release was built';
COMMENT ON COLUMN rel.release_info.code_version IS 'PairObs code version (git describe or jar version)';
COMMENT ON COLUMN rel.release_info.sql_version IS 'SHA-256 of the files under sql/';
