-- Person-level evaluation table: for each person with peer support, the first peer contact, the
-- 12-month windows before and after it, full-time days present and involuntary care in each window,
-- contacts and retention, and access to rights. The indicator views read this table.
-- Windows: days are the overlap of each sequence with each window (hospital_windows in
-- hospital_episode.sql); a sequence running at the first contact is split between before and after.
-- Follow-up ends at the coverage of the feeds each outcome reads (feed_coverage): peer contacts of the
-- person's partners for retention, RIM-P of every hospital for hospital outcomes, rights events of the
-- partners recording the person's procedure for rights.
-- Index dates of the people with peer support, read by the hospital windows. A temporary table.
CREATE OR REPLACE TEMP TABLE first_contact_index AS
SELECT person_sk AS unit_id, person_sk, min(contact_on) AS index_on FROM fct_peer_contact WHERE person_sk IS NOT NULL GROUP BY person_sk;
CREATE OR REPLACE TABLE person_evaluation AS
WITH first_contact AS (
    SELECT person_sk,
           min(contact_on)                                   AS first_contact_on,
           arg_min(structure_sk, (contact_on, structure_sk)) AS first_structure_sk, -- same-day tie: lowest key
           count(*)                                          AS contacts,
           max(contact_on)                                   AS last_contact_on,
           list(DISTINCT partner_id)                         AS contact_partners
    FROM fct_peer_contact
    WHERE person_sk IS NOT NULL
    GROUP BY person_sk
), windows AS (
    SELECT f.*,
           CAST(f.first_contact_on + INTERVAL 12 MONTH AS DATE) AS after_to,
           -- contacts can only be seen up to the coverage of the partners that record this person's contacts
           (SELECT min(c.coverage_end) FROM feed_coverage c
            WHERE c.dataset = 'peer_contacts' AND list_contains(f.contact_partners, c.partner_id)) AS contacts_end
    FROM first_contact f
), hospital AS (
    SELECT * FROM hospital_windows('first_contact_index')
), rights AS (
    SELECT w.person_sk,
           bool_or(r.event_on >= w.first_contact_on AND r.event_on < w.after_to)                 AS in_procedure_12m,
           -- the rights events of this person can only be seen up to the coverage of the partners recording them
           min(c.coverage_end)                                                                  AS rights_end,
           bool_or(r.outcome = 'obtained' AND r.event_on >= w.first_contact_on AND r.event_on < w.after_to) AS right_obtained_12m
    FROM windows w
    JOIN fct_rights_event r USING (person_sk)
    LEFT JOIN feed_coverage c ON c.dataset = 'rights_events' AND c.partner_id = r.partner_id
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
       w.contacts_end,
       w.first_contact_on + INTERVAL 3 MONTH <= w.contacts_end          AS has_3m_follow_up,
       w.first_contact_on + INTERVAL 6 MONTH <= w.contacts_end          AS has_6m_follow_up,
       w.first_contact_on + INTERVAL 12 MONTH <= w.contacts_end         AS has_12m_follow_up,
       w.after_to <= rimp.coverage_end                                  AS has_12m_hospital_follow_up,
       -- a contact 3 months or more after the first is the last contact being one
       coalesce(w.last_contact_on >= w.first_contact_on + INTERVAL 3 MONTH, false)  AS retained_3m,
       coalesce(w.last_contact_on >= w.first_contact_on + INTERVAL 6 MONTH, false)  AS retained_6m,
       coalesce(w.last_contact_on >= w.first_contact_on + INTERVAL 12 MONTH, false) AS retained_12m,
       h.known_to_hospital,
       h.days_before                                                    AS full_time_days_before,
       h.days_after                                                     AS full_time_days_after,
       h.involuntary_before,
       h.involuntary_after,
       -- a step of a procedure within the 12 months of the window: a procedure starting later cannot
       -- end in it, and one that ended before the first contact says nothing of peer support
       coalesce(g.in_procedure_12m, false)                              AS in_rights_procedure,
       coalesce(w.after_to <= g.rights_end, false)                      AS has_12m_rights_follow_up,
       coalesce(g.right_obtained_12m, false)                            AS right_obtained_12m
FROM windows w
LEFT JOIN dataset_coverage rimp ON rimp.dataset = 'hospital_stays'
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
COMMENT ON COLUMN person_evaluation.contacts_end IS 'Coverage end of the peer-contact feeds of the partners that record this person';
COMMENT ON COLUMN person_evaluation.has_3m_follow_up IS 'Those contact feeds cover at least 3 months past the first contact';
COMMENT ON COLUMN person_evaluation.has_6m_follow_up IS 'Those contact feeds cover at least 6 months past the first contact';
COMMENT ON COLUMN person_evaluation.has_12m_follow_up IS 'Those contact feeds cover at least 12 months past the first contact';
COMMENT ON COLUMN person_evaluation.has_12m_hospital_follow_up IS 'Every hospital''s RIM-P feed covers at least 12 months past the first contact';
COMMENT ON COLUMN person_evaluation.has_12m_rights_follow_up IS 'The rights feeds recording this person cover at least 12 months past the first contact';
COMMENT ON COLUMN person_evaluation.retained_3m IS 'A contact 3 months or more after the first';
COMMENT ON COLUMN person_evaluation.retained_6m IS 'A contact 6 months or more after the first';
COMMENT ON COLUMN person_evaluation.retained_12m IS 'A contact 12 months or more after the first';
COMMENT ON COLUMN person_evaluation.known_to_hospital IS 'At least one RIM-P sequence on record';
COMMENT ON COLUMN person_evaluation.full_time_days_before IS 'Full-time days present in the 12 months before the first contact (overlap of each sequence with the window)';
COMMENT ON COLUMN person_evaluation.full_time_days_after IS 'Full-time days present in the 12 months from the first contact (overlap of each sequence with the window)';
COMMENT ON COLUMN person_evaluation.involuntary_before IS 'At least one involuntary sequence overlapping the 12 months before';
COMMENT ON COLUMN person_evaluation.involuntary_after IS 'At least one involuntary sequence overlapping the 12 months after';
COMMENT ON COLUMN person_evaluation.in_rights_procedure IS 'A step of an access-to-rights procedure from the first contact to 12 months after it';
COMMENT ON COLUMN person_evaluation.right_obtained_12m IS 'A right obtained from the first contact to 12 months after it';
