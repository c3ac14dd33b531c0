-- Per protocol: the comparison stands for "no peer support", so a comparison unit's follow-up ends at its own first
-- peer contact (a patient taken as a comparison before their contact), and what it would have been without the
-- contact is restored by inverse probability of censoring weights (IPCW). Without this, the comparison's after
-- window holds the effect of the contacts its people had later, and the DiD is diluted towards 0.
-- * censoring: on the day of the first contact, or on the admission of the full-time stay that contact falls in;
-- * the hazard of censoring: per day of the comparison units' follow-up (the emulated trials' comparison arm, from
--   the day after time zero to the censoring or the end of the longest window), inside the contact feeds' coverage,
--   by stratum (main hospital, period, state, stays): the period is the wash-out months after the contact feeds
--   start or the calendar year; the state is the day's place in the pathway: an admission, in a full-time stay (by
--   days since its admission: 1-2, 3-6, 7-13, 14-29, 30 or more), after a discharge (each day from 0 to 14, then
--   15-21, 22-30, 31-60, 61-90 days), or none of these (a hazard that changes from day to day after a discharge, as
--   when peer workers meet people in the fortnight after it, is followed day by day); stays counts the full-time
--   episodes admitted since every contact feed records (the latest start of the contact feeds), up to and including
--   the day's (0, 1, 2, 3 or more): each stay is an occasion to meet a peer worker, and a person who went through one
--   without a contact is less likely to get one at the next. A stratum with fewer than censoring_min_days days takes
--   the hazard of the coarser one (without the hospital, then without the period, then without the stays: the state
--   alone, whatever its days). The comparison arm, not every patient: the weights stand for the comparison units
--   lost, and a wave of first contacts among all patients on one day (a service opening) would otherwise be spread,
--   through the yearly stratum, over the comparison's days after it;
-- * a comparison unit's probability of being still followed on day t: K(t) = product over the days (time zero, t]
--   of (1 - hazard of that day's stratum); every outcome event at t (a day present, an involuntary sequence's
--   first day in the window, a discharge, a readmission) before the unit's censoring counts s(k) / K(t), 1 / K(t)
--   at most censoring_max_weight (a truncated weight), s(k) the normalization of day k = t - time zero (the weights
--   of the units still followed add up to the whole arm: eval_censoring_scale); an event on or after the censoring
--   does not count;
-- * the people with peer support keep their outcome as observed (intention to treat from time zero), and so does
--   every unit's before and placebo windows.
-- The outcomes of the comparison units replace theirs in evaluation_did.sql (eval_outcome).
CREATE OR REPLACE TEMP TABLE eval_risk_bounds AS
SELECT min(f.coverage_start) AS contacts_from, max(f.coverage_end) AS contacts_to, max(f.coverage_start) AS all_contacts_from,
       CAST(min(f.coverage_start) + to_months(CAST(eval_setting('washout_months') AS INTEGER)) AS DATE) AS washout_to
FROM feed_coverage f WHERE f.dataset = 'peer_contacts';

-- Episodes, with the number admitted since every contact feed records (the latest start) up to and including each.
CREATE OR REPLACE TEMP TABLE eval_risk_episode AS
SELECT e.person_sk, e.admitted_on, e.discharged_on,
       sum(CASE WHEN e.admitted_on >= b.all_contacts_from THEN 1 ELSE 0 END)
           OVER (PARTITION BY e.person_sk ORDER BY e.admitted_on ROWS UNBOUNDED PRECEDING) AS stays
FROM hospital_episode e, eval_risk_bounds b
WHERE e.person_sk IN (SELECT person_sk FROM eval_patient);

CREATE OR REPLACE TEMP MACRO eval_risk_state(d, admitted_on, discharged_on) AS
    CASE WHEN admitted_on IS NULL THEN 'none'
         WHEN d = admitted_on THEN 'admission'
         WHEN discharged_on IS NULL OR d < discharged_on THEN
              CASE WHEN d - admitted_on <= 2 THEN 'stay_1_2' WHEN d - admitted_on <= 6 THEN 'stay_3_6'
                   WHEN d - admitted_on <= 13 THEN 'stay_7_13' WHEN d - admitted_on <= 29 THEN 'stay_14_29' ELSE 'stay_30' END
         WHEN d - discharged_on <= 14 THEN 'discharge_' || lpad(CAST(d - discharged_on AS VARCHAR), 2, '0')
         WHEN d - discharged_on <= 21 THEN 'discharge_15_21'
         WHEN d - discharged_on <= 30 THEN 'discharge_22_30'
         WHEN d - discharged_on <= 60 THEN 'discharge_31_60'
         WHEN d - discharged_on <= 90 THEN 'discharge_61_90'
         ELSE 'none' END;
CREATE OR REPLACE TEMP MACRO eval_risk_period(d) AS
    CASE WHEN d < (SELECT washout_to FROM eval_risk_bounds) THEN 'washout' ELSE CAST(year(d) AS VARCHAR) END;

-- Each comparison unit's censoring day: its first contact, or the admission of the full-time stay that contact
-- falls in (the whole stay leaves the follow-up: when in a stay a peer worker comes need not depend on how long
-- it lasts, but which of its days come before the contact does); then the unit day by day after its time zero to
-- the end of its longest window (readmission's) or its censoring day (that day included), in its stratum.
CREATE OR REPLACE TEMP TABLE eval_unit_censoring AS
SELECT u.unit_id, u.person_sk, u.index_on, p.hospital,
       CASE WHEN e.admitted_on IS NOT NULL THEN greatest(e.admitted_on, u.index_on + 1) ELSE f.first_contact_on END AS censored_on,
       CAST(u.index_on + INTERVAL 12 MONTH AS DATE) + CAST(eval_setting('readmission_follow_days') AS INTEGER) AS end_on
FROM eval_unit u
JOIN eval_patient p USING (person_sk)
LEFT JOIN eval_first_contact f USING (person_sk)
LEFT JOIN hospital_episode e ON e.person_sk = u.person_sk AND e.admitted_on <= f.first_contact_on
     AND (e.discharged_on IS NULL OR f.first_contact_on < e.discharged_on)
WHERE u.unit_id IN (SELECT unit_id FROM eval_match);
CREATE OR REPLACE TEMP TABLE eval_unit_day AS
WITH days AS (
    SELECT unit_id, person_sk, index_on, hospital, censored_on,
           CAST(unnest(range(index_on + 1, least(end_on, coalesce(censored_on, end_on)) + 1, INTERVAL 1 DAY)) AS DATE) AS d
    FROM eval_unit_censoring
)
SELECT d.unit_id, d.d, d.hospital, eval_risk_period(d.d) AS period, eval_risk_state(d.d, e.admitted_on, e.discharged_on) AS state,
       least(coalesce(e.stays, 0), 3) AS stays, coalesce(d.d = d.censored_on, false) AS contacted,
       d.d BETWEEN b.contacts_from AND b.contacts_to AS recorded
FROM days d
ASOF LEFT JOIN eval_risk_episode e ON d.person_sk = e.person_sk AND d.d >= e.admitted_on
CROSS JOIN eval_risk_bounds b;

CREATE OR REPLACE TABLE evaluation_contact_hazard AS
SELECT hospital, period, state, stays, count(*) AS unit_days, count(*) FILTER (WHERE contacted) AS first_contacts,
       count(*) FILTER (WHERE contacted) / count(*) AS hazard,
       CASE WHEN grouping(hospital) = 0 THEN 1 WHEN grouping(period) = 0 THEN 2 WHEN grouping(stays) = 0 THEN 3 ELSE 4 END AS fallback
FROM eval_unit_day
WHERE recorded
GROUP BY GROUPING SETS ((hospital, period, state, stays), (period, state, stays), (state, stays), (state));
COMMENT ON TABLE evaluation_contact_hazard IS 'Daily hazard of censoring (a first peer contact, or the admission of the stay it falls in) in the comparison''s follow-up, by stratum and its coarser fallbacks: the censoring model of the per-protocol comparison (evaluation_censoring.sql); research warehouse only';
COMMENT ON COLUMN evaluation_contact_hazard.hospital IS 'Main hospital (FINESS); NULL in the coarser strata';
COMMENT ON COLUMN evaluation_contact_hazard.period IS 'washout (the first months of the contact feeds) or the calendar year; NULL in the coarser strata';
COMMENT ON COLUMN evaluation_contact_hazard.state IS 'The day''s place in the pathway: admission, stay_<days since admission>, discharge_<days since discharge> or none (evaluation_censoring.sql)';
COMMENT ON COLUMN evaluation_contact_hazard.stays IS 'Full-time episodes admitted since every contact feed records, up to the day (3: three or more); NULL in the coarsest stratum';
COMMENT ON COLUMN evaluation_contact_hazard.unit_days IS 'Days of comparison units at risk of censoring (a person taken as comparison at several dates counts once per unit)';
COMMENT ON COLUMN evaluation_contact_hazard.first_contacts IS 'Censorings on those days: first contacts, or admissions of the stays they fall in';
COMMENT ON COLUMN evaluation_contact_hazard.hazard IS 'first_contacts / unit_days';
COMMENT ON COLUMN evaluation_contact_hazard.fallback IS '1 (hospital, period, state, stays), 2 (period, state, stays), 3 (state, stays) or 4 (state: used whatever its days)';

-- 1 / K(t) of each comparison unit on each day before its censoring (its time zero: 1).
CREATE OR REPLACE TEMP TABLE eval_unit_survival AS
WITH hazard AS (
    SELECT s.unit_id, s.d,
           CASE WHEN NOT s.recorded THEN 0.0
                ELSE coalesce(h1.hazard, h2.hazard, h3.hazard, h4.hazard, 0.0) END AS hazard
    FROM eval_unit_day s
    LEFT JOIN evaluation_contact_hazard h1 ON h1.fallback = 1 AND h1.hospital = s.hospital AND h1.period = s.period
         AND h1.state = s.state AND h1.stays = s.stays AND h1.unit_days >= eval_setting('censoring_min_days')
    LEFT JOIN evaluation_contact_hazard h2 ON h2.fallback = 2 AND h2.period = s.period AND h2.state = s.state
         AND h2.stays = s.stays AND h2.unit_days >= eval_setting('censoring_min_days')
    LEFT JOIN evaluation_contact_hazard h3 ON h3.fallback = 3 AND h3.state = s.state AND h3.stays = s.stays
         AND h3.unit_days >= eval_setting('censoring_min_days')
    LEFT JOIN evaluation_contact_hazard h4 ON h4.fallback = 4 AND h4.state = s.state
    WHERE NOT s.contacted
)
SELECT unit_id, d,
       least(exp(sum(-ln(1.0 - least(hazard, 0.5))) OVER (PARTITION BY unit_id ORDER BY d ROWS UNBOUNDED PRECEDING)),
             eval_setting('censoring_max_weight')) AS inverse_k
FROM hazard
UNION ALL
SELECT unit_id, index_on, 1.0 FROM eval_unit WHERE unit_id IN (SELECT unit_id FROM eval_match);

-- The after-window events of each comparison unit, per outcome, at their day t and with their value.
CREATE OR REPLACE TEMP TABLE eval_unit_event AS
WITH units AS (
    SELECT u.unit_id, u.person_sk, u.index_on, CAST(u.index_on + INTERVAL 12 MONTH AS DATE) AS after_to
    FROM eval_unit u WHERE u.unit_id IN (SELECT unit_id FROM eval_match)
), sequences AS (
    SELECT * FROM hospital_sequence_span WHERE person_sk IN (SELECT person_sk FROM units)
), overlap AS (
    SELECT u.unit_id, s.is_involuntary, s.is_full_time, s.days_per_calendar_day AS per_day, greatest(s.start_on, u.index_on) AS from_on, least(s.end_on, u.after_to) AS to_on
    FROM units u JOIN sequences s USING (person_sk)
    WHERE s.start_on < u.after_to AND s.end_on > u.index_on
), episodes AS (
    SELECT u.unit_id, e.discharged_on, e.next_admitted_on
    FROM units u JOIN hospital_episode e USING (person_sk)
    WHERE e.discharged_on >= u.index_on AND e.discharged_on < u.after_to
)
SELECT unit_id, 'hospitalisation' AS outcome, CAST(unnest(range(from_on, to_on, INTERVAL 1 DAY)) AS DATE) AS t, per_day AS value
FROM overlap WHERE is_full_time
UNION ALL
SELECT unit_id, 'involuntary_care', min(from_on), 1.0 FROM overlap WHERE is_involuntary GROUP BY unit_id
UNION ALL
SELECT unit_id, 'discharges', discharged_on, 1.0 FROM episodes
UNION ALL
SELECT unit_id, 'readmissions_30', next_admitted_on, 1.0 FROM episodes WHERE next_admitted_on <= discharged_on + 30
UNION ALL
SELECT unit_id, 'readmissions_90', next_admitted_on, 1.0 FROM episodes WHERE next_admitted_on <= discharged_on + 90
UNION ALL
SELECT unit_id, 'readmission', min(next_admitted_on), 1.0 FROM episodes WHERE next_admitted_on <= discharged_on + 30 GROUP BY unit_id;

-- Normalized weights: on each day k after time zero, the weights of the comparison units still followed are
-- scaled so that they add up to the whole comparison arm of the analysis (its match weights), as the Hájek form of
-- the estimator does; a censoring model right on average leaves the factor at 1, one that is off by a share on
-- every day does not carry that share into the outcome.
CREATE OR REPLACE TEMP TABLE eval_censoring_scale AS
WITH units AS (
    SELECT m.analysis, m.unit_id, sum(m.weight) AS weight, any_value(c.index_on) AS index_on
    FROM eval_match m JOIN eval_unit_censoring c USING (unit_id)
    GROUP BY ALL
), followed AS (
    SELECT u.analysis, datediff('day', u.index_on, s.d) AS k, sum(u.weight * s.inverse_k) AS reweighted
    FROM units u JOIN eval_unit_survival s USING (unit_id)
    GROUP BY ALL
)
SELECT f.analysis, f.k, t.total / f.reweighted AS scale
FROM followed f JOIN (SELECT analysis, sum(weight) AS total FROM units GROUP BY ALL) t USING (analysis);

-- The per-protocol after-window outcome of each comparison unit: its events before its censoring, weighted.
CREATE OR REPLACE TEMP TABLE eval_unit_per_protocol AS
SELECT m.unit_id, o.outcome, coalesce(sum(e.value * s.inverse_k * k.scale), 0.0) AS y_after
FROM (SELECT DISTINCT unit_id, index_on FROM eval_unit_censoring) m
CROSS JOIN (VALUES ('hospital', 'hospitalisation'), ('hospital', 'involuntary_care'), ('readmission', 'discharges'),
                   ('readmission', 'readmissions_30'), ('readmission', 'readmissions_90'), ('readmission', 'readmission')) o(analysis, outcome)
LEFT JOIN eval_unit_event e ON e.unit_id = m.unit_id AND e.outcome = o.outcome
LEFT JOIN eval_unit_survival s ON s.unit_id = e.unit_id AND s.d = e.t
LEFT JOIN eval_censoring_scale k ON k.analysis = o.analysis AND k.k = datediff('day', m.index_on, e.t)
GROUP BY ALL;
