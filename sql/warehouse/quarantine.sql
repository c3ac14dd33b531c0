-- What this build was made without: the partner files and sources the nightly quarantined (lake/_quarantine/open.csv,
-- read by the runner into the temporary view lake_quarantine). The build uses the last good batches of these feeds;
-- this table says where the gaps are. No person-level value: partner, feed, period, file checksum, reason.
CREATE OR REPLACE TABLE quarantine AS
SELECT partner AS partner_id,
       feed,
       dataset,
       kind,
       nullif(period, '') AS period,
       nullif(sha256, '') AS source_sha256,
       source_name,
       reason,
       since
FROM lake_quarantine
ORDER BY partner_id, feed, kind, since;
COMMENT ON TABLE quarantine IS 'Partner files and sources set aside by the nightly run when this warehouse was built: the feeds and periods it holds only earlier batches of';
COMMENT ON COLUMN quarantine.partner_id IS 'Partner id';
COMMENT ON COLUMN quarantine.feed IS 'Feed (partner.dataset)';
COMMENT ON COLUMN quarantine.dataset IS 'Lake dataset the feed loads';
COMMENT ON COLUMN quarantine.kind IS '''file'': a landed file that failed its ingest; ''source'': the partner''s source could not be pulled';
COMMENT ON COLUMN quarantine.period IS 'Period of the quarantined file (from its name); NULL for a source';
COMMENT ON COLUMN quarantine.source_sha256 IS 'SHA-256 of the quarantined file; NULL for a source';
COMMENT ON COLUMN quarantine.source_name IS 'Name of the file as the partner sent it, or where the source is';
COMMENT ON COLUMN quarantine.reason IS 'Why: file, line, column and what is wrong, or why the source could not be pulled';
COMMENT ON COLUMN quarantine.since IS 'When it was first quarantined';
