-- Autonomy and recovery: change from baseline to follow-up per instrument, region level.
-- ISMI-10 measures self-stigma: a negative change is an improvement.
SELECT r.instrument, i.name, i.higher_is_better, i.meaningful_change, r.year AS baseline_year,
       r.people, r.mean_baseline, r.mean_follow_up, r.mean_change, r.share_improved
FROM ind_recovery r
JOIN dim_instrument i USING (instrument)
WHERE r.level = 'region'
ORDER BY r.instrument, r.year;
