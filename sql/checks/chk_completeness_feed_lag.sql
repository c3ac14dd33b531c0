-- family: completeness
-- severity: warning
-- threshold: 0
-- description: no person-level feed an indicator reads lags behind the others; a lagging feed shortens follow-up (feed, partner and missing periods named)
WITH reference AS (
    SELECT max(coverage_end) AS latest FROM feed_coverage
), lagging AS (
    SELECT f.*, r.latest FROM feed_coverage f, reference r WHERE f.coverage_end < r.latest
), missing AS (
    SELECT l.dataset, l.partner_id, l.last_period, l.coverage_end, l.latest,
           string_agg(CASE l.cadence
                          WHEN 'year' THEN strftime(m, '%Y')
                          WHEN 'quarter' THEN strftime(m, '%Y') || CASE WHEN l.last_period LIKE '%-T%' THEN '-T' ELSE 'T' END
                                              || CAST(quarter(m) AS VARCHAR)
                          WHEN 'half' THEN strftime(m, '%Y') || CASE WHEN l.last_period LIKE '%-S%' THEN '-S' ELSE 'S' END
                                           || CASE WHEN month(m) <= 6 THEN '1' ELSE '2' END
                          WHEN 'month' THEN strftime(m, '%Y-%m')
                      END, ', ' ORDER BY m) AS missing_periods
    FROM lagging l,
         LATERAL (SELECT CAST(unnest(range(CAST(l.coverage_end + INTERVAL 1 DAY AS TIMESTAMP), CAST(l.latest AS TIMESTAMP) + INTERVAL 1 DAY,
                  CASE l.cadence WHEN 'year' THEN INTERVAL 1 YEAR WHEN 'half' THEN INTERVAL 6 MONTH
                                 WHEN 'quarter' THEN INTERVAL 3 MONTH ELSE INTERVAL 1 MONTH END)) AS DATE) AS m)
    GROUP BY ALL
)
SELECT dataset AS feed, partner_id AS partner, last_period, coverage_end, latest AS others_cover_to,
       coalesce(missing_periods, strftime(coverage_end + 1, '%Y-%m-%d') || ' to ' || strftime(latest, '%Y-%m-%d')) AS missing_periods
FROM missing
