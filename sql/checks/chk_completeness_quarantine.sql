-- family: completeness
-- severity: warning
-- threshold: 0
-- description: no partner file or source is quarantined: each row is a feed (and period) this build holds only earlier batches of
SELECT partner_id, feed, dataset, kind, period, source_name, reason, since
FROM quarantine
