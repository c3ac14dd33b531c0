-- The evaluation of the hospital indicators (hospitalisation, involuntary care, readmission) as the emulation
-- of a target trial (sql/indicators/README.md states the protocol):
-- * time zero: the first peer contact of a person followed by a RIM-P hospital, described by its anchor: within
--   after_discharge_days of a discharge (anchor: the discharge; time zero: the contact), none (anchor and time
--   zero: the contact), or during a full-time stay (anchor: the admission; time zero: the discharge of that stay,
--   so that the outcome never holds the rest of a stay whose length decided when the contact could happen);
--   the lag is the days from the anchor to time zero;
-- * comparison (risk-set sampling): patients of the same main hospital with the same kind of anchor within
--   caliper_days of the treated person's anchor, taken at the same lag after it (for a stay: taken at its
--   discharge), and with no peer contact yet at that date (a later participant serves as a comparison before
--   their own first contact); exact matching on sex, age band, band of full-time days (which holds the stay's
--   length) and number of discharges (0, 1, 2, 3 or more) in the 12 months before;
-- * draws: comparison_draws seeded draws of up to controls_per_draw comparisons per person, averaged; the
--   interval from a seeded person-level Poisson bootstrap (bootstrap_replicates), every person's units weighted
--   together, so that the same lake always gives the same figures whatever the pseudonymization key (the draws
--   and weights hash each person's first RIM-P sequence, not their key);
-- * analyses: 'hospital' (days, involuntary care: 12 months of RIM-P coverage before and after time zero) and
--   'readmission' (the same and 90 more days after, so that a discharge late in the window can be followed);
-- * diagnostics (evaluation_flow, cohort_balance, the did_* columns): exclusions counted by reason, balance
--   before and after matching, a placebo on a fake time zero 12 months earlier, the minimum detectable effect;
--   an estimate that fails one is withheld.
CREATE OR REPLACE TABLE evaluation_settings AS
SELECT * FROM (VALUES
    ('comparison_draws',      20,    'seeded draws of the comparison averaged into each estimate'),
    ('controls_per_draw',     5,     'comparison units drawn per treated person in each draw (all of them when fewer)'),
    ('bootstrap_replicates',  200,   'person-level Poisson bootstrap replicates of the interval'),
    ('seed',                  20261, 'seed of the draws and of the bootstrap'),
    ('caliper_days',          30,    'largest gap in days between the anchors of a treated person and a comparison'),
    ('after_discharge_days',  90,    'a first contact this many days or fewer after a discharge is anchored on it'),
    ('washout_months',        3,     'a first contact counts as first only this many months after the start of every contact feed recording the person'),
    ('readmission_follow_days', 90,  'coverage needed past the 12-month window for readmission'),
    ('censoring_min_days',    365,   'a stratum of the contact hazard with fewer days of comparison units at risk takes the hazard of a coarser one (evaluation_censoring.sql)'),
    ('censoring_max_weight',  20,    'largest inverse probability of censoring weight of a comparison''s event'),
    ('min_matched',           20,    'fewer matched people with peer support withhold the estimate (too_few_matched)'),
    ('min_share_matched',     0.5,   'a smaller share of the analysed people with peer support matched withholds the estimate (too_few_matched)'),
    ('min_share_covered',     0.5,   'a smaller share of the people with peer support known to a hospital with windows inside RIM-P coverage withholds the estimate (coverage)'),
    ('sdm_threshold',         0.1,   'largest acceptable absolute standardized mean difference after matching (balance)'),
    ('sdm_z',                 2.394, 'one-sided normal quantile of the balance test: alpha 0.05 shared among the 6 covariates (Bonferroni)'),
    ('z',                     1.96,  'normal quantile of the 95 % intervals and of the placebo test'),
    ('mde_z',                 2.8016, '1.96 + 0.8416: the minimum detectable effect at 80 % power, 5 % two-sided')
) AS t(setting, value, description);
COMMENT ON TABLE evaluation_settings IS 'The settings of the evaluation of the hospital indicators (draws, bootstrap, calipers, wash-out, thresholds of the diagnostics)';
COMMENT ON COLUMN evaluation_settings.setting IS 'Setting name';
COMMENT ON COLUMN evaluation_settings.value IS 'Its value';
COMMENT ON COLUMN evaluation_settings.description IS 'What it sets';
CREATE OR REPLACE TEMP MACRO eval_setting(name) AS (SELECT value FROM evaluation_settings WHERE setting = name);

-- Patients of the RIM-P hospitals: main hospital (most sequences), a stable key (first sequence), traits.
CREATE OR REPLACE TEMP TABLE eval_patient AS
WITH per_hospital AS (
    SELECT person_sk, finess, count(*) AS n, min(finess || '/' || stay_no || '/' || sequence_no) AS first_sequence
    FROM fct_hospital_sequence WHERE person_sk IS NOT NULL GROUP BY ALL
)
SELECT h.person_sk, arg_max(h.finess, (h.n, h.finess)) AS hospital, min(h.first_sequence) AS stable_key,
       any_value(p.sex) AS sex, any_value(p.birth_year) AS birth_year, any_value(p.residence_dept) AS residence_dept
FROM per_hospital h JOIN dim_person p USING (person_sk)
GROUP BY h.person_sk;

-- First peer contacts, with the latest start of the contact feeds recording the person (for the wash-out).
CREATE OR REPLACE TEMP TABLE eval_first_contact AS
SELECT c.person_sk, min(c.contact_on) AS first_contact_on, max(f.coverage_start) AS contacts_start
FROM fct_peer_contact c
LEFT JOIN feed_coverage f ON f.dataset = 'peer_contacts' AND f.partner_id = c.partner_id
WHERE c.person_sk IS NOT NULL
GROUP BY c.person_sk;

CREATE OR REPLACE TEMP TABLE eval_analysis AS
SELECT a.analysis, r.coverage_start, r.coverage_end,
       CASE WHEN a.analysis = 'readmission' THEN CAST(eval_setting('readmission_follow_days') AS INTEGER) ELSE 0 END AS extra_days
FROM (VALUES ('hospital'), ('readmission')) a(analysis), dataset_coverage r
WHERE r.dataset = 'hospital_stays';

-- People with peer support: time zero, anchor, and the first exclusion that applies (NULL: analysed).
CREATE OR REPLACE TEMP TABLE eval_treated AS
WITH t AS (
    SELECT e.person_sk, e.first_contact_on AS t0, e.contacts_start, year(e.first_contact_on) AS year,
           p.hospital, p.stable_key, p.sex, p.birth_year, p.residence_dept, p.person_sk IS NOT NULL AS known_to_hospital
    FROM eval_first_contact e LEFT JOIN eval_patient p USING (person_sk)
), during AS (
    SELECT t.person_sk, max(e.admitted_on) AS admitted_on, arg_max(e.discharged_on, e.admitted_on) AS discharged_on
    FROM t JOIN hospital_episode e USING (person_sk)
    WHERE e.admitted_on <= t.t0 AND (e.discharged_on IS NULL OR e.discharged_on > t.t0)
    GROUP BY t.person_sk
), after AS (
    SELECT t.person_sk, max(e.discharged_on) AS discharged_on
    FROM t JOIN hospital_episode e USING (person_sk)
    WHERE e.discharged_on <= t.t0
    GROUP BY t.person_sk
), anchored AS (
    SELECT t.*,
           CASE WHEN d.admitted_on IS NOT NULL THEN 'during_stay'
                WHEN t.t0 - a.discharged_on <= eval_setting('after_discharge_days') THEN 'after_discharge'
                ELSE 'none' END AS anchor,
           CASE WHEN d.admitted_on IS NOT NULL THEN d.admitted_on
                WHEN t.t0 - a.discharged_on <= eval_setting('after_discharge_days') THEN a.discharged_on
                ELSE t.t0 END AS anchor_on,
           -- a stay still open at the end of RIM-P has no discharge: no time zero within coverage
           CASE WHEN d.admitted_on IS NOT NULL THEN coalesce(d.discharged_on, DATE '9999-12-31') ELSE t.t0 END AS index_on
    FROM t LEFT JOIN during d USING (person_sk) LEFT JOIN after a USING (person_sk)
)
SELECT x.analysis, t.*, CAST(least(t.index_on, DATE '2999-12-31') - t.anchor_on AS INTEGER) AS lag,
       CASE WHEN NOT t.known_to_hospital THEN 'not_known_to_hospital'
            WHEN t.contacts_start IS NOT NULL
                 AND t.t0 < CAST(t.contacts_start + to_months(CAST(eval_setting('washout_months') AS INTEGER)) AS DATE) THEN 'washout'
            WHEN CAST(t.index_on - INTERVAL 12 MONTH AS DATE) < x.coverage_start THEN 'before_coverage'
            WHEN t.index_on > x.coverage_end OR CAST(t.index_on + INTERVAL 12 MONTH AS DATE) + x.extra_days > x.coverage_end THEN 'follow_up_coverage'
       END AS exclusion,
       CAST(t.index_on - INTERVAL 24 MONTH AS DATE) >= x.coverage_start AS placebo_covered
FROM anchored t, eval_analysis x;

-- Comparison candidates: (treated person, patient, date) with the same anchor at the same lag.
CREATE OR REPLACE TEMP TABLE eval_candidate AS
WITH tr AS (
    SELECT * FROM eval_treated WHERE exclusion IS NULL
), pool AS (
    SELECT p.*, f.first_contact_on FROM eval_patient p LEFT JOIN eval_first_contact f USING (person_sk)
), during AS (
    SELECT tr.analysis, tr.person_sk AS treated_sk, p.person_sk, e.discharged_on AS index_on
    FROM tr
    JOIN pool p ON p.hospital = tr.hospital AND p.person_sk <> tr.person_sk
    JOIN hospital_episode e ON e.person_sk = p.person_sk
    WHERE tr.anchor = 'during_stay'
      AND e.admitted_on BETWEEN tr.anchor_on - CAST(eval_setting('caliper_days') AS INTEGER) AND tr.anchor_on + CAST(eval_setting('caliper_days') AS INTEGER)
      AND e.discharged_on IS NOT NULL
), after AS (
    SELECT tr.analysis, tr.person_sk AS treated_sk, p.person_sk, CAST(e.discharged_on + tr.lag AS DATE) AS index_on
    FROM tr
    JOIN pool p ON p.hospital = tr.hospital AND p.person_sk <> tr.person_sk
    JOIN hospital_episode e ON e.person_sk = p.person_sk
    WHERE tr.anchor = 'after_discharge'
      AND e.discharged_on BETWEEN tr.anchor_on - CAST(eval_setting('caliper_days') AS INTEGER) AND tr.anchor_on + CAST(eval_setting('caliper_days') AS INTEGER)
      AND (e.next_admitted_on IS NULL OR e.next_admitted_on > e.discharged_on + tr.lag)
), none AS (
    SELECT tr.analysis, tr.person_sk AS treated_sk, p.person_sk, tr.t0 AS index_on
    FROM tr
    JOIN pool p ON p.hospital = tr.hospital AND p.person_sk <> tr.person_sk
    WHERE tr.anchor = 'none'
      AND NOT EXISTS (SELECT 1 FROM hospital_episode e
                      WHERE e.person_sk = p.person_sk AND e.admitted_on <= tr.t0
                        AND (e.discharged_on IS NULL OR e.discharged_on >= tr.t0 - CAST(eval_setting('after_discharge_days') AS INTEGER)))
), candidates AS (
    SELECT * FROM during UNION ALL SELECT * FROM after UNION ALL SELECT * FROM none
)
SELECT c.*
FROM candidates c
JOIN pool p USING (person_sk)
JOIN eval_analysis x USING (analysis)
WHERE (p.first_contact_on IS NULL OR p.first_contact_on > c.index_on)
  AND CAST(c.index_on - INTERVAL 12 MONTH AS DATE) >= x.coverage_start
  AND CAST(c.index_on + INTERVAL 12 MONTH AS DATE) + x.extra_days <= x.coverage_end;

-- The balance's before-matching pool: for each person with peer support, up to 10 patients of the same
-- hospital with no contact yet, taken at the same date whatever their state (the naive comparison).
CREATE OR REPLACE TEMP TABLE eval_naive AS
WITH pool AS (
    SELECT p.*, f.first_contact_on FROM eval_patient p LEFT JOIN eval_first_contact f USING (person_sk)
), pairs AS (
    SELECT tr.analysis, tr.person_sk AS treated_sk, p.person_sk, tr.index_on,
           row_number() OVER (PARTITION BY tr.analysis, tr.person_sk
                              ORDER BY hash(eval_setting('seed'), 'naive', tr.stable_key, p.stable_key), p.stable_key) AS r
    FROM eval_treated tr
    JOIN pool p ON p.hospital = tr.hospital AND p.person_sk <> tr.person_sk
    WHERE tr.exclusion IS NULL AND (p.first_contact_on IS NULL OR p.first_contact_on > tr.index_on)
)
SELECT analysis, treated_sk, person_sk, index_on FROM pairs WHERE r <= 10;

-- Every unit (a person at a date) the evaluation reads, with its hospital windows.
CREATE OR REPLACE TEMP TABLE eval_unit_index AS
SELECT row_number() OVER (ORDER BY person_sk, index_on) AS unit_id, person_sk, index_on
FROM (SELECT person_sk, index_on FROM eval_treated WHERE exclusion IS NULL
      UNION SELECT person_sk, index_on FROM eval_candidate
      UNION SELECT person_sk, index_on FROM eval_naive);
CREATE OR REPLACE TEMP TABLE eval_unit AS
SELECT u.unit_id, u.person_sk, u.index_on, p.stable_key, p.sex, p.residence_dept,
       year(u.index_on) - p.birth_year AS age_at_index,
       CASE WHEN p.birth_year IS NULL THEN 'unknown' WHEN year(u.index_on) - p.birth_year < 30 THEN '<30'
            WHEN year(u.index_on) - p.birth_year < 45 THEN '30-44' WHEN year(u.index_on) - p.birth_year < 60 THEN '45-59' ELSE '60+' END AS age_band,
       CASE WHEN w.days_before = 0 THEN '0' WHEN w.days_before < 30 THEN '1-29' ELSE '30+' END AS prior_band,
       CAST(u.index_on - INTERVAL 24 MONTH AS DATE) >= (SELECT coverage_start FROM dataset_coverage WHERE dataset = 'hospital_stays') AS placebo_covered,
       w.* EXCLUDE (unit_id, person_sk)
FROM eval_unit_index u
JOIN eval_patient p USING (person_sk)
JOIN hospital_windows('eval_unit_index') w USING (unit_id);

-- Exact matching on the traits, then the draws: a_ij, the share of draws and places that unit j takes in the
-- comparison of treated person i (1/n when i has n <= controls_per_draw candidates).
CREATE OR REPLACE TEMP TABLE eval_match AS
WITH tr AS (
    SELECT t.analysis, t.person_sk AS treated_sk, u.unit_id AS treated_unit, u.stable_key,
           concat_ws('|', coalesce(u.sex, 'unknown'), u.age_band, u.prior_band, least(u.discharges_before, 3)) AS stratum
    FROM eval_treated t JOIN eval_unit u ON u.person_sk = t.person_sk AND u.index_on = t.index_on
    WHERE t.exclusion IS NULL
), matched AS (
    SELECT DISTINCT tr.analysis, tr.treated_sk, tr.treated_unit, tr.stable_key AS treated_key, u.unit_id, u.stable_key, u.index_on
    FROM tr
    JOIN eval_candidate c ON c.analysis = tr.analysis AND c.treated_sk = tr.treated_sk
    JOIN eval_unit u ON u.person_sk = c.person_sk AND u.index_on = c.index_on
    WHERE concat_ws('|', coalesce(u.sex, 'unknown'), u.age_band, u.prior_band, least(u.discharges_before, 3)) = tr.stratum
), counted AS (
    SELECT *, count(*) OVER (PARTITION BY analysis, treated_sk) AS n_candidates FROM matched
), draws AS (
    SELECT CAST(unnest(range(1, CAST(eval_setting('comparison_draws') AS BIGINT) + 1)) AS INTEGER) AS draw
), drawn AS (
    SELECT c.analysis, c.treated_sk, c.treated_unit, c.unit_id,
           row_number() OVER (PARTITION BY c.analysis, c.treated_sk, d.draw
                              ORDER BY hash(eval_setting('seed'), d.draw, c.treated_key, c.stable_key, c.index_on), c.stable_key, c.index_on) AS r
    FROM counted c, draws d
    WHERE c.n_candidates > eval_setting('controls_per_draw')
)
SELECT analysis, treated_sk, treated_unit, unit_id,
       count(*) / (eval_setting('comparison_draws') * eval_setting('controls_per_draw')) AS weight
FROM drawn WHERE r <= eval_setting('controls_per_draw')
GROUP BY ALL
UNION ALL
SELECT analysis, treated_sk, treated_unit, unit_id, 1.0 / n_candidates
FROM counted WHERE n_candidates <= eval_setting('controls_per_draw');

-- The analysed people with peer support, one row per analysis, with the cell of their first contact.
CREATE OR REPLACE TABLE evaluation_cohort AS
SELECT t.analysis, t.person_sk, t.t0 AS first_contact_on, CASE WHEN t.index_on <= DATE '2999-12-31' THEN t.index_on END AS index_on,
       year(t.t0) AS index_year, t.hospital, t.anchor, t.anchor_on, t.lag,
       t.exclusion, m.n_comparison_units, coalesce(m.n_comparison_units, 0) > 0 AS is_matched,
       e.first_structure_id, e.first_structure_name, e.first_structure_departement,
       u.sex, u.age_at_index, u.residence_dept, u.days_placebo, u.days_before, u.days_after,
       u.involuntary_placebo, u.involuntary_before, u.involuntary_after, u.discharges_before, u.discharges_after,
       u.readmitted_30_placebo, u.readmitted_30_before, u.readmitted_30_after, u.readmitted_90_before, u.readmitted_90_after
FROM eval_treated t
LEFT JOIN person_evaluation e USING (person_sk)
LEFT JOIN eval_unit u ON u.person_sk = t.person_sk AND u.index_on = t.index_on AND t.exclusion IS NULL
LEFT JOIN (SELECT analysis, treated_sk, count(*) AS n_comparison_units FROM eval_match GROUP BY ALL) m
       ON m.analysis = t.analysis AND m.treated_sk = t.person_sk
WHERE t.known_to_hospital;
COMMENT ON TABLE evaluation_cohort IS 'People with peer support known to a RIM-P hospital, per analysis (hospital: days and involuntary care; readmission): time zero (first contact), its anchor, the exclusion that applies and the matched comparison units (evaluation_match); research warehouse only';
COMMENT ON COLUMN evaluation_cohort.analysis IS 'hospital (hospitalisation, involuntary care) or readmission (90 more days of coverage)';
COMMENT ON COLUMN evaluation_cohort.person_sk IS 'Person (dim_person)';
COMMENT ON COLUMN evaluation_cohort.first_contact_on IS 'The first peer contact';
COMMENT ON COLUMN evaluation_cohort.index_on IS 'Time zero: the first contact, or the discharge of the stay it happened in (during_stay; NULL while that stay is open)';
COMMENT ON COLUMN evaluation_cohort.index_year IS 'Year of the first contact (the year of its indicator cells)';
COMMENT ON COLUMN evaluation_cohort.hospital IS 'Main hospital: FINESS with most of the person''s RIM-P sequences';
COMMENT ON COLUMN evaluation_cohort.anchor IS 'during_stay, after_discharge or none: what time zero follows';
COMMENT ON COLUMN evaluation_cohort.anchor_on IS 'Admission (during_stay), discharge (after_discharge) or time zero itself (none)';
COMMENT ON COLUMN evaluation_cohort.lag IS 'Days from the anchor to time zero (during_stay: the length of the stay)';
COMMENT ON COLUMN evaluation_cohort.exclusion IS 'washout, before_coverage or follow_up_coverage; NULL when analysed';
COMMENT ON COLUMN evaluation_cohort.n_comparison_units IS 'Comparison units it is matched with over all draws';
COMMENT ON COLUMN evaluation_cohort.is_matched IS 'Analysed and matched with at least one comparison unit';
COMMENT ON COLUMN evaluation_cohort.first_structure_id IS 'Structure of the first peer contact';
COMMENT ON COLUMN evaluation_cohort.first_structure_name IS 'Its name';
COMMENT ON COLUMN evaluation_cohort.first_structure_departement IS 'Its département';
COMMENT ON COLUMN evaluation_cohort.sex IS 'M or F';
COMMENT ON COLUMN evaluation_cohort.age_at_index IS 'Age in years at the index year';
COMMENT ON COLUMN evaluation_cohort.residence_dept IS 'Département of residence';
COMMENT ON COLUMN evaluation_cohort.days_placebo IS 'Full-time days present from 24 to 12 months before time zero';
COMMENT ON COLUMN evaluation_cohort.days_before IS 'Full-time days present in the 12 months before time zero';
COMMENT ON COLUMN evaluation_cohort.days_after IS 'Full-time days present in the 12 months from time zero';
COMMENT ON COLUMN evaluation_cohort.involuntary_placebo IS 'An involuntary sequence from 24 to 12 months before';
COMMENT ON COLUMN evaluation_cohort.involuntary_before IS 'An involuntary sequence overlapping the 12 months before';
COMMENT ON COLUMN evaluation_cohort.involuntary_after IS 'An involuntary sequence overlapping the 12 months after';
COMMENT ON COLUMN evaluation_cohort.discharges_before IS 'Full-time episodes discharged in the 12 months before';
COMMENT ON COLUMN evaluation_cohort.discharges_after IS 'Full-time episodes discharged in the 12 months after';
COMMENT ON COLUMN evaluation_cohort.readmitted_30_placebo IS 'Of those 24 to 12 months before, followed by a new episode within 30 days';
COMMENT ON COLUMN evaluation_cohort.readmitted_30_before IS 'Of those before, followed by a new episode within 30 days';
COMMENT ON COLUMN evaluation_cohort.readmitted_30_after IS 'Of those after, followed by a new episode within 30 days';
COMMENT ON COLUMN evaluation_cohort.readmitted_90_before IS 'Of those before, within 90 days';
COMMENT ON COLUMN evaluation_cohort.readmitted_90_after IS 'Of those after, within 90 days';
CREATE OR REPLACE TABLE evaluation_match AS
SELECT m.analysis, m.treated_sk, u.person_sk AS comparison_sk, u.index_on AS comparison_index_on, m.weight
FROM eval_match m JOIN eval_unit u USING (unit_id);
COMMENT ON TABLE evaluation_match IS 'The comparison of each analysed person with peer support: patients of the same hospital taken at the same lag after the same kind of anchor, with no contact yet, and their weight averaged over the draws; research warehouse only';
COMMENT ON COLUMN evaluation_match.analysis IS 'hospital or readmission';
COMMENT ON COLUMN evaluation_match.treated_sk IS 'Person with peer support (dim_person)';
COMMENT ON COLUMN evaluation_match.comparison_sk IS 'Comparison patient (dim_person); may have peer support later';
COMMENT ON COLUMN evaluation_match.comparison_index_on IS 'The comparison''s time zero: its anchor plus the treated person''s lag (during_stay: its discharge)';
COMMENT ON COLUMN evaluation_match.weight IS 'Share of the draws and places it takes in the treated person''s comparison (the weights of one treated person sum to 1)';
