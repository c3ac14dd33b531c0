-- Cross-partner linkage of people. Every observed person key is mapped to the key of the person it
-- belongs to. Any partner that gives both a NIR and identity traits links the traits key to the NIR
-- key; rows from partners that only give traits (GEMs) then join that person, and so do the rows of
-- partners that give the NIR alone (same NIR key). A traits key seen with two or more different NIR
-- keys (homonyms born the same day) is ambiguous: the two NIR persons stay two people, and the rows
-- that carry only those traits are linked to nobody (their person_sk stays NULL, counted in
-- linkage_quality) rather than pooled into a phantom third person. Links are made within one key
-- version (person_key_id): after a key rotation the keys of two versions are never compared, so a
-- rotation cannot look like homonyms. Keys from a partner's own pseudonym link that partner's rows only.
-- What the person-level rows say of each key written by ingest, read once for the link map below and
-- the person dimension after it: one row per key, traits key, sex and partner. A temporary table, not
-- published. The latest residence is the greatest (date, code) pair, which later passes can combine.
CREATE OR REPLACE TEMP TABLE person_observation AS
WITH observed AS (
    SELECT 'peer_contacts' AS dataset, person_key, person_key_id, traits_key, sex, birth_year, residence_dept, contact_on AS seen_on, partner_id
    FROM stg_peer_contacts
    UNION ALL SELECT 'hospital_stays', person_key, person_key_id, traits_key, sex, birth_year, residence_dept, sequence_start_on, partner_id
    FROM stg_hospital_stays
    UNION ALL SELECT 'outcome_assessments', person_key, person_key_id, traits_key, sex, birth_year, residence_dept, assessed_on, partner_id
    FROM stg_outcome_assessments
    UNION ALL SELECT 'rights_events', person_key, person_key_id, traits_key, sex, birth_year, residence_dept, event_on, partner_id
    FROM stg_rights_events
)
SELECT dataset, person_key, person_key_id, traits_key, sex, partner_id,
       count(*)                                                                  AS n,
       min(birth_year)                                                           AS birth_year,
       max(seen_on) FILTER (WHERE residence_dept IS NOT NULL)                    AS residence_seen_on,
       max({'seen_on': seen_on, 'residence_dept': residence_dept})
           FILTER (WHERE residence_dept IS NOT NULL AND seen_on IS NOT NULL)      AS latest_residence,
       min(seen_on)                                                              AS first_seen_on
FROM observed
GROUP BY dataset, person_key, person_key_id, traits_key, sex, partner_id;

CREATE OR REPLACE TABLE map_person_link AS
WITH observed AS (
    -- distinct pairs: the few per person, instead of every row, feed the two sides below
    SELECT DISTINCT person_key, person_key_id, traits_key FROM person_observation
), links AS (
    -- within one key version: keys of two versions are different pseudonyms of the same identifiers
    SELECT traits_key, person_key_id, min(person_key) AS nir_key, count(DISTINCT person_key) AS nir_keys
    FROM observed
    WHERE traits_key IS NOT NULL AND person_key <> traits_key
    GROUP BY traits_key, person_key_id
), keys AS (
    SELECT person_key AS source_key, max(person_key_id) AS person_key_id FROM observed GROUP BY person_key
)
SELECT k.source_key,
       CASE WHEN l.nir_keys = 1 THEN l.nir_key WHEN l.nir_keys > 1 THEN NULL ELSE k.source_key END AS person_key,
       CASE WHEN l.nir_keys = 1 THEN 'traits linked to NIR'
            WHEN l.nir_keys > 1 THEN 'ambiguous traits, linked to nobody'
            ELSE 'own key' END AS link_rule,
       k.person_key_id
FROM keys k
LEFT JOIN links l ON l.traits_key = k.source_key AND l.person_key_id IS NOT DISTINCT FROM k.person_key_id;
COMMENT ON TABLE map_person_link IS 'Maps every pseudonymous key seen in the lake to the resolved person key (cross-partner linkage)';
COMMENT ON COLUMN map_person_link.source_key IS 'Person key as written by ingest (HMAC of NIR, traits or partner pseudonym)';
COMMENT ON COLUMN map_person_link.person_key IS 'Resolved person key: the NIR-based key when the traits link to exactly one NIR; NULL for ambiguous traits (linked to nobody)';
COMMENT ON COLUMN map_person_link.link_rule IS 'Why: traits linked to NIR, ambiguous traits linked to nobody, or own key';
COMMENT ON COLUMN map_person_link.person_key_id IS 'Key version the source key was written with (links are made within one version)';
-- How well linkage went, per dataset, partner and rule: keys and rows, so that the rows linked to
-- nobody (homonyms' traits) are counted instead of silently pooled or dropped.
CREATE OR REPLACE TABLE linkage_quality AS
SELECT o.dataset, o.partner_id, m.link_rule, count(DISTINCT o.person_key) AS keys, sum(o.n) AS rows
FROM person_observation o
JOIN map_person_link m ON m.source_key = o.person_key
GROUP BY ALL;
COMMENT ON TABLE linkage_quality IS 'Linkage per dataset, partner and rule: keys and rows; rows of ambiguous traits are linked to nobody';
COMMENT ON COLUMN linkage_quality.dataset IS 'Lake dataset';
COMMENT ON COLUMN linkage_quality.partner_id IS 'Partner';
COMMENT ON COLUMN linkage_quality.link_rule IS 'traits linked to NIR, ambiguous traits linked to nobody, or own key';
COMMENT ON COLUMN linkage_quality.keys IS 'Distinct keys written by ingest';
COMMENT ON COLUMN linkage_quality.rows IS 'Rows carrying those keys';
