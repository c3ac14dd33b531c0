-- Which partner is expected to send which dataset, and how often: the completeness checks read it.
CREATE OR REPLACE TABLE ref_expected_feed AS
SELECT * FROM read_csv('${config}/reference/expected_feeds.csv', header = true,
    columns = {'dataset': 'VARCHAR', 'partner': 'VARCHAR', 'cadence': 'VARCHAR'});
COMMENT ON TABLE ref_expected_feed IS 'Datasets each partner is expected to send, with the cadence';
COMMENT ON COLUMN ref_expected_feed.dataset IS 'Lake dataset';
COMMENT ON COLUMN ref_expected_feed.partner IS 'Partner id';
COMMENT ON COLUMN ref_expected_feed.cadence IS 'Expected cadence of exports';
