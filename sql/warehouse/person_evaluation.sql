-- Person-level evaluation table: for each person with peer support, the first peer contact, the
-- 12-month windows before and after it, full-time days present and involuntary care in each window,
-- contacts and retention, and access to rights. The indicator views read this table.
-- Windows: a sequence counts in the window that contains its start date (days are not split).
-- Follow-up: a person has 12 months of follow-up when the first contact is at least 12 months
-- before the end of the data (build_info.data_end).
CREATE OR REPLACE TABLE person_evaluation AS
WITH first_contact AS (
    SELECT person_sk,
           min(contact_on)                                   AS first_contact_on,
           arg_min(structure_sk, (contact_on, structure_sk)) AS first_structure_sk, -- same-day tie: lowest key
           count(*)                                          AS contacts,
           max(contact_on)                                   AS last_contact_on
    FROM fct_peer_contact
    GROUP BY person_sk
), windows AS (
    SELECT f.*,
           f.first_contact_on - INTERVAL 12 MONTH           AS before_from,
           f.first_contact_on + INTERVAL 12 MONTH           AS after_to
    FROM first_contact f
), hospital AS (
    SELECT w.person_sk,
           count(*)                                                                                    AS sequences,
           sum(h.days_present) FILTER (WHERE h.is_full_time AND h.sequence_start_on >= w.before_from
                                       AND h.sequence_start_on < w.first_contact_on)                    AS full_time_days_before,
           sum(h.days_present) FILTER (WHERE h.is_full_time AND h.sequence_start_on >= w.first_contact_on
                                       AND h.sequence_start_on < w.after_to)                            AS full_time_days_after,
           bool_or(h.is_involuntary) FILTER (WHERE h.sequence_start_on >= w.before_from
                                             AND h.sequence_start_on < w.first_contact_on)              AS involuntary_before,
           bool_or(h.is_involuntary) FILTER (WHERE h.sequence_start_on >= w.first_contact_on
                                             AND h.sequence_start_on < w.after_to)                      AS involuntary_after
    FROM windows w
    JOIN fct_hospital_sequence h USING (person_sk)
    GROUP BY w.person_sk
), rights AS (
    SELECT w.person_sk,
           count(*)                                                                             AS rights_events,
           bool_or(r.outcome = 'obtained' AND r.event_on < w.after_to)                            AS right_obtained_12m
    FROM windows w
    JOIN fct_rights_event r USING (person_sk)
    GROUP BY w.person_sk
)
SELECT w.person_sk,
       w.first_contact_on,
       year(w.first_contact_on)                                         AS first_contact_year,
       s.structure_id                                                   AS first_structure_id,
       s.name                                                           AS first_structure_name,
       s.departement                                                    AS first_structure_departement,
       w.contacts,
       w.last_contact_on,
       w.first_contact_on + INTERVAL 3 MONTH <= b.data_end              AS has_3m_follow_up,
       w.first_contact_on + INTERVAL 6 MONTH <= b.data_end              AS has_6m_follow_up,
       w.first_contact_on + INTERVAL 12 MONTH <= b.data_end             AS has_12m_follow_up,
       -- a contact 3 months or more after the first is the last contact being one
       coalesce(w.person_sk IS NOT NULL AND w.last_contact_on >= w.first_contact_on + INTERVAL 3 MONTH, false) AS retained_3m,
       -- a contact 6 months or more after the first is the last contact being one
       coalesce(w.person_sk IS NOT NULL AND w.last_contact_on >= w.first_contact_on + INTERVAL 6 MONTH, false) AS retained_6m,
       -- a contact 12 months or more after the first is the last contact being one
       coalesce(w.person_sk IS NOT NULL AND w.last_contact_on >= w.first_contact_on + INTERVAL 12 MONTH, false) AS retained_12m,
       coalesce(h.sequences, 0) > 0                                     AS known_to_hospital,
       coalesce(h.full_time_days_before, 0)                             AS full_time_days_before,
       coalesce(h.full_time_days_after, 0)                              AS full_time_days_after,
       coalesce(h.involuntary_before, false)                            AS involuntary_before,
       coalesce(h.involuntary_after, false)                             AS involuntary_after,
       coalesce(g.rights_events, 0) > 0                                 AS in_rights_procedure,
       coalesce(g.right_obtained_12m, false)                            AS right_obtained_12m
FROM windows w
CROSS JOIN build_info b
LEFT JOIN dim_structure s ON s.structure_sk = w.first_structure_sk
LEFT JOIN hospital h USING (person_sk)
LEFT JOIN rights g USING (person_sk);
COMMENT ON TABLE person_evaluation IS 'One row per person with peer support: first contact, 12-month windows before and after, days, involuntary care, retention, rights';
COMMENT ON COLUMN person_evaluation.person_sk IS 'Person (dim_person)';
COMMENT ON COLUMN person_evaluation.first_contact_on IS 'Date of the first peer contact, any partner (after linkage)';
COMMENT ON COLUMN person_evaluation.first_contact_year IS 'Year of the first peer contact';
COMMENT ON COLUMN person_evaluation.first_structure_id IS 'Structure of the first peer contact';
COMMENT ON COLUMN person_evaluation.first_structure_name IS 'Its name';
COMMENT ON COLUMN person_evaluation.first_structure_departement IS 'Its département';
COMMENT ON COLUMN person_evaluation.contacts IS 'Peer contacts in all';
COMMENT ON COLUMN person_evaluation.last_contact_on IS 'Date of the last peer contact';
COMMENT ON COLUMN person_evaluation.has_3m_follow_up IS 'The data go at least 3 months past the first contact';
COMMENT ON COLUMN person_evaluation.has_6m_follow_up IS 'The data go at least 6 months past the first contact';
COMMENT ON COLUMN person_evaluation.has_12m_follow_up IS 'The data go at least 12 months past the first contact';
COMMENT ON COLUMN person_evaluation.retained_3m IS 'A contact 3 months or more after the first';
COMMENT ON COLUMN person_evaluation.retained_6m IS 'A contact 6 months or more after the first';
COMMENT ON COLUMN person_evaluation.retained_12m IS 'A contact 12 months or more after the first';
COMMENT ON COLUMN person_evaluation.known_to_hospital IS 'At least one RIM-P sequence on record';
COMMENT ON COLUMN person_evaluation.full_time_days_before IS 'Full-time days present, sequences starting in the 12 months before the first contact';
COMMENT ON COLUMN person_evaluation.full_time_days_after IS 'Full-time days present, sequences starting in the 12 months from the first contact';
COMMENT ON COLUMN person_evaluation.involuntary_before IS 'At least one involuntary sequence in the 12 months before';
COMMENT ON COLUMN person_evaluation.involuntary_after IS 'At least one involuntary sequence in the 12 months after';
COMMENT ON COLUMN person_evaluation.in_rights_procedure IS 'Accompanied in at least one access-to-rights procedure';
COMMENT ON COLUMN person_evaluation.right_obtained_12m IS 'A right obtained within 12 months of the first contact';
