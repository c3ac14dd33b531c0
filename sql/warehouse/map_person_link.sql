-- Cross-partner linkage of people. Every observed person key is mapped to the key of the person it
-- belongs to. A partner that gives both a NIR and identity traits links the traits key to the NIR
-- key; rows from partners that only give traits (GEMs) then join that person. A traits key seen with
-- two or more different NIR keys (homonyms born the same day) is ambiguous and links nothing: two
-- people with the same name and birth date but different NIRs stay two people. Keys from a partner's
-- own pseudonym link that partner's rows only.
CREATE OR REPLACE TABLE map_person_link AS
WITH observed AS (
    -- distinct pairs first: the few per person, instead of every row, feed the two sides below
    SELECT DISTINCT person_key, traits_key FROM (
        SELECT person_key, traits_key FROM stg_peer_contacts
        UNION ALL SELECT person_key, traits_key FROM stg_hospital_stays
        UNION ALL SELECT person_key, traits_key FROM stg_outcome_assessments
        UNION ALL SELECT person_key, traits_key FROM stg_rights_events)
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
