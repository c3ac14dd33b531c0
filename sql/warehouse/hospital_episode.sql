-- Full-time hospital episodes (RIM-P), the unit of readmission: the full-time sequences of a person,
-- in any hospital, chained while each starts on or before the day after the end of the previous ones. A
-- same-day or next-day transfer to another hospital or ward, or an overlapping sequence, continues the
-- episode instead of counting as a readmission. A sequence with no end date is still open: it runs to the end of RIM-P
-- coverage (dataset_coverage), and its episode has no discharge.
CREATE OR REPLACE TABLE hospital_episode AS
WITH rimp AS (
    SELECT coverage_end FROM dataset_coverage WHERE dataset = 'hospital_stays'
), sequences AS (
    SELECT h.person_sk, h.sequence_start_on AS start_on,
           coalesce(h.sequence_end_on, r.coverage_end) AS end_on,
           h.sequence_end_on IS NULL AS is_open,
           h.is_involuntary, h.structure_sk
    FROM fct_hospital_sequence h, rimp r
    WHERE h.is_full_time AND h.person_sk IS NOT NULL
), chained AS (
    SELECT *,
           max(end_on) OVER (PARTITION BY person_sk ORDER BY start_on, end_on ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_end
    FROM sequences
), numbered AS (
    SELECT *, sum(CASE WHEN previous_end IS NULL OR start_on > previous_end + 1 THEN 1 ELSE 0 END)
                  OVER (PARTITION BY person_sk ORDER BY start_on, end_on ROWS UNBOUNDED PRECEDING) AS episode_no
    FROM chained
), episodes AS (
    SELECT person_sk, episode_no, min(start_on) AS admitted_on, max(end_on) AS end_on, bool_or(is_open) AS is_open,
           count(*) AS sequences, arg_max(structure_sk, (end_on, start_on, structure_sk)) AS discharge_structure_sk
    FROM numbered
    GROUP BY person_sk, episode_no
)
SELECT e.person_sk, e.episode_no, e.admitted_on,
       CASE WHEN e.is_open THEN NULL ELSE e.end_on END AS discharged_on,
       e.is_open, e.sequences, e.discharge_structure_sk,
       lead(e.admitted_on) OVER (PARTITION BY e.person_sk ORDER BY e.episode_no) AS next_admitted_on
FROM episodes e;
COMMENT ON TABLE hospital_episode IS 'Full-time episodes: sequences chained across same-day and next-day transfers and overlaps; a readmission is a new episode';
COMMENT ON COLUMN hospital_episode.person_sk IS 'Person (dim_person)';
COMMENT ON COLUMN hospital_episode.episode_no IS 'Episode number of the person, in time order';
COMMENT ON COLUMN hospital_episode.admitted_on IS 'Start of the first sequence';
COMMENT ON COLUMN hospital_episode.discharged_on IS 'End of the last sequence; NULL while a sequence is still open';
COMMENT ON COLUMN hospital_episode.is_open IS 'A sequence without end date: the episode runs past the end of RIM-P coverage';
COMMENT ON COLUMN hospital_episode.sequences IS 'Full-time sequences chained into the episode (transfers, overlaps)';
COMMENT ON COLUMN hospital_episode.discharge_structure_sk IS 'Hospital of the last sequence (dim_structure)';
COMMENT ON COLUMN hospital_episode.next_admitted_on IS 'Admission of the next episode (a readmission when within 30 or 90 days)';
-- Every hospital sequence as the outcome windows read it: an open sequence runs to the end of RIM-P coverage
-- (a day past it, exclusive end), a sequence at least one day long, and its days present shared pro rata of
-- its calendar days (every calendar day for an open one). hospital_windows and the per-protocol comparison
-- (evaluation_censoring.sql) both read it.
CREATE OR REPLACE TEMP VIEW hospital_sequence_span AS
SELECT h.person_sk, h.sequence_start_on AS start_on, h.is_involuntary, h.is_full_time,
       greatest(coalesce(h.sequence_end_on, r.coverage_end + 1), h.sequence_start_on + 1) AS end_on,
       h.sequence_end_on IS NULL AS is_open,
       CASE WHEN h.sequence_end_on IS NULL THEN 1.0
            ELSE h.days_present_equivalent / datediff('day', h.sequence_start_on,
                     greatest(h.sequence_end_on, h.sequence_start_on + 1)) END AS days_per_calendar_day
FROM fct_hospital_sequence h, (SELECT coverage_end FROM dataset_coverage WHERE dataset = 'hospital_stays') r;
-- Hospital outcomes in three yearly windows around an index date, for any table of (unit_id, person_sk,
-- index_on) (a person may have several index dates: one unit each): [index - 24 months, index - 12
-- months) (the placebo's before), [index - 12 months, index) (before) and [index, index + 12 months)
-- (after). Days are the overlap of each full-time sequence with each window, shared pro rata of the
-- calendar days when days present differ from them; an open sequence counts every calendar day up to the
-- end of coverage. Involuntary care: an involuntary sequence overlapping the window. Readmission: an
-- episode discharged in the window followed by a new one within 30 (90) days.
CREATE OR REPLACE TEMP MACRO hospital_windows(index_table) AS TABLE
WITH idx AS (
    SELECT unit_id, person_sk, index_on,
           CAST(index_on - INTERVAL 24 MONTH AS DATE) AS placebo_from,
           CAST(index_on - INTERVAL 12 MONTH AS DATE) AS before_from,
           CAST(index_on + INTERVAL 12 MONTH AS DATE) AS after_to
    FROM query_table(index_table)
), sequences AS (
    SELECT * FROM hospital_sequence_span WHERE person_sk IN (SELECT person_sk FROM idx)
), overlapping AS (
    SELECT i.unit_id, s.is_full_time, s.is_involuntary,
           greatest(0, datediff('day', greatest(s.start_on, i.placebo_from), least(s.end_on, i.before_from))) AS placebo_overlap,
           greatest(0, datediff('day', greatest(s.start_on, i.before_from), least(s.end_on, i.index_on))) AS before_overlap,
           greatest(0, datediff('day', greatest(s.start_on, i.index_on), least(s.end_on, i.after_to))) AS after_overlap,
           s.days_per_calendar_day
    FROM idx i JOIN sequences s USING (person_sk)
), per_unit AS (
    SELECT unit_id,
           count(*)                                                                         AS sequences,
           sum(placebo_overlap * days_per_calendar_day) FILTER (WHERE is_full_time)          AS days_placebo,
           sum(before_overlap * days_per_calendar_day) FILTER (WHERE is_full_time)           AS days_before,
           sum(after_overlap * days_per_calendar_day) FILTER (WHERE is_full_time)            AS days_after,
           bool_or(is_involuntary AND placebo_overlap > 0)                                  AS involuntary_placebo,
           bool_or(is_involuntary AND before_overlap > 0)                                   AS involuntary_before,
           bool_or(is_involuntary AND after_overlap > 0)                                    AS involuntary_after
    FROM overlapping GROUP BY unit_id
), discharges AS (
    SELECT i.unit_id,
           count(*) FILTER (WHERE e.discharged_on >= i.before_from AND e.discharged_on < i.index_on)  AS discharges_before,
           count(*) FILTER (WHERE e.discharged_on >= i.index_on AND e.discharged_on < i.after_to)     AS discharges_after,
           count(*) FILTER (WHERE e.discharged_on >= i.placebo_from AND e.discharged_on < i.before_from
                            AND e.next_admitted_on <= e.discharged_on + 30)                          AS readmitted_30_placebo,
           count(*) FILTER (WHERE e.discharged_on >= i.before_from AND e.discharged_on < i.index_on
                            AND e.next_admitted_on <= e.discharged_on + 30)                          AS readmitted_30_before,
           count(*) FILTER (WHERE e.discharged_on >= i.index_on AND e.discharged_on < i.after_to
                            AND e.next_admitted_on <= e.discharged_on + 30)                          AS readmitted_30_after,
           count(*) FILTER (WHERE e.discharged_on >= i.before_from AND e.discharged_on < i.index_on
                            AND e.next_admitted_on <= e.discharged_on + 90)                          AS readmitted_90_before,
           count(*) FILTER (WHERE e.discharged_on >= i.index_on AND e.discharged_on < i.after_to
                            AND e.next_admitted_on <= e.discharged_on + 90)                          AS readmitted_90_after
    FROM idx i JOIN hospital_episode e USING (person_sk)
    GROUP BY i.unit_id
)
SELECT i.unit_id, i.person_sk,
       coalesce(p.sequences, 0) > 0                       AS known_to_hospital,
       coalesce(p.days_placebo, 0)                        AS days_placebo,
       coalesce(p.days_before, 0)                         AS days_before,
       coalesce(p.days_after, 0)                          AS days_after,
       coalesce(p.involuntary_placebo, false)             AS involuntary_placebo,
       coalesce(p.involuntary_before, false)              AS involuntary_before,
       coalesce(p.involuntary_after, false)               AS involuntary_after,
       coalesce(d.discharges_before, 0)                   AS discharges_before,
       coalesce(d.discharges_after, 0)                    AS discharges_after,
       coalesce(d.readmitted_30_placebo, 0)               AS readmitted_30_placebo,
       coalesce(d.readmitted_30_before, 0)                AS readmitted_30_before,
       coalesce(d.readmitted_30_after, 0)                 AS readmitted_30_after,
       coalesce(d.readmitted_90_before, 0)                AS readmitted_90_before,
       coalesce(d.readmitted_90_after, 0)                 AS readmitted_90_after
FROM idx i
LEFT JOIN per_unit p USING (unit_id)
LEFT JOIN discharges d USING (unit_id);
