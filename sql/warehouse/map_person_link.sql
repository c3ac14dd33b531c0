-- Cross-partner linkage of people. Every observed person key is mapped to the key of the person it
-- belongs to. A partner that gives both a NIR and identity traits links the traits key to the NIR
-- key; rows from partners that only give traits (GEMs) then join that person. A traits key seen with
-- two or more different NIR keys (homonyms born the same day) is ambiguous and links nothing: two
-- people with the same name and birth date but different NIRs stay two people. Keys from a partner's
-- own pseudonym link that partner's rows only.
-- What the person-level rows say of each key written by ingest, read once for the link map below and
-- the person dimension after it: one row per key, traits key, sex and partner. A temporary table, not
-- published. The latest residence is the greatest (date, code) pair, which later passes can combine.
CREATE OR REPLACE TEMP TABLE person_observation AS
WITH observed AS (
    SELECT person_key, traits_key, sex, birth_year, residence_dept, contact_on AS seen_on, partner_id FROM stg_peer_contacts
    UNION ALL SELECT person_key, traits_key, sex, birth_year, residence_dept, sequence_start_on, partner_id FROM stg_hospital_stays
    UNION ALL SELECT person_key, traits_key, sex, birth_year, residence_dept, assessed_on, partner_id FROM stg_outcome_assessments
    UNION ALL SELECT person_key, traits_key, sex, birth_year, residence_dept, event_on, partner_id FROM stg_rights_events
)
SELECT person_key, traits_key, sex, partner_id,
       count(*)                                                                  AS n,
       min(birth_year)                                                           AS birth_year,
       max(seen_on) FILTER (WHERE residence_dept IS NOT NULL)                    AS residence_seen_on,
       max({'seen_on': seen_on, 'residence_dept': residence_dept})
           FILTER (WHERE residence_dept IS NOT NULL AND seen_on IS NOT NULL)      AS latest_residence,
       min(seen_on)                                                              AS first_seen_on
FROM observed
GROUP BY person_key, traits_key, sex, partner_id;

CREATE OR REPLACE TABLE map_person_link AS
WITH observed AS (
    -- distinct pairs: the few per person, instead of every row, feed the two sides below
    SELECT DISTINCT person_key, traits_key FROM person_observation
), links AS (
    SELECT traits_key, min(person_key) AS nir_key, count(DISTINCT person_key) AS nir_keys
    FROM observed
    WHERE traits_key IS NOT NULL AND person_key <> traits_key
    GROUP BY traits_key
), keys AS (
    SELECT DISTINCT person_key AS source_key FROM observed
)
SELECT k.source_key,
       CASE WHEN l.nir_keys = 1 THEN l.nir_key ELSE k.source_key END AS person_key,
       CASE WHEN l.nir_keys = 1 THEN 'traits linked to NIR'
            WHEN l.nir_keys > 1 THEN 'ambiguous traits, not linked'
            ELSE 'own key' END AS link_rule
FROM keys k
LEFT JOIN links l ON l.traits_key = k.source_key;
COMMENT ON TABLE map_person_link IS 'Maps every pseudonymous key seen in the lake to the resolved person key (cross-partner linkage)';
COMMENT ON COLUMN map_person_link.source_key IS 'Person key as written by ingest (HMAC of NIR, traits or partner pseudonym)';
COMMENT ON COLUMN map_person_link.person_key IS 'Resolved person key: the NIR-based key when the traits link to exactly one NIR';
COMMENT ON COLUMN map_person_link.link_rule IS 'Why: traits linked to NIR, ambiguous traits not linked, or own key';
