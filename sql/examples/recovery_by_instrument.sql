-- Autonomy and recovery: change from baseline to follow-up per instrument, region level.
-- mean_change is signed so that positive is better (ISMI-10, self-stigma, reversed); mean_raw_change is
-- follow-up minus baseline on the instrument's scale. n_followed against n_baseline shows attrition.
SELECT r.instrument, r.horizon, i.name, i.higher_is_better, i.meaningful_change, r.year AS baseline_year,
       r.n_baseline, r.n_followed, r.mean_baseline, r.mean_follow_up, r.mean_raw_change, r.mean_change, r.share_improved
FROM ind_recovery r
JOIN dim_instrument i USING (instrument)
WHERE r.level = 'region'
ORDER BY r.instrument, r.horizon, r.year;
